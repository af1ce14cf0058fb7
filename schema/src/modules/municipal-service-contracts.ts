import { enumLabel } from '@opora/common/vocabulary';
import { builder } from '../builder.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterStaff, isOwnCenterStaff } from '../permissions/rules.ts';
import { requireOwnCenter } from '../support/own-center.ts';
import { LegalServiceTypeEnum } from './quality-registers.ts';

// Which municipality contracts (finances) which of the center's legal service types, as the
// center's settings read it: its staff read the list, the manager changes it with
// `setMunicipalServiceContract` (yearly-reports.ts, the reports it opens to the municipality).

export const MunicipalServiceContractRef = builder.prismaObject('MunicipalServiceContract', {
  description: 'A municipality contracts one of the center’s social services: its officials read that service’s signed-off yearly reports.',
  fields: (t) => ({
    municipality: t.relation('municipality'),
    serviceType: t.expose('serviceType', { type: LegalServiceTypeEnum }),
    serviceName: t.string({ resolve: (c, _a, ctx) => enumLabel('LegalServiceType', c.serviceType, ctx.locale) }),
    since: t.expose('since', { type: 'Date' }),
  }),
});

builder.prismaObjectFields('Center', (t) => ({
  municipalServiceContracts: t.prismaField({
    type: ['MunicipalServiceContract'],
    nullable: true,
    description: 'The services municipalities contract (staff of this center only).',
    resolve: (query, center, _a, ctx) => {
      const centerId = requireOwnCenter(ctx, center);
      return ctx.db.municipalServiceContract.findMany({ ...query, where: { centerId }, orderBy: [{ since: 'asc' }, { municipalityId: 'asc' }, { serviceType: 'asc' }] });
    },
  }),
}));

definePermissions({
  Center: { municipalServiceContracts: isOwnCenterStaff },
  MunicipalServiceContract: isCenterStaff,
});
