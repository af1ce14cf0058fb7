import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql.ts';
import { fieldErrors, SelectField } from '../../components/form.tsx';
import { Empty, ErrorBanner, Loadable } from '../../components/states.tsx';
import { useFormat } from '../../lib/format.ts';
import { MunicipalitiesQuery } from './partners.tsx';
import { SERVICE_TYPES } from './registers.tsx';

// Which municipality contracts (finances) which of the center's social services: its officials
// then read that service's signed-off yearly reports (issue 18). Staff read the list; the
// manager adds and ends a contract (setMunicipalServiceContract, the manager's rule).

const ContractsQuery = graphql(`
  query MunicipalServiceContracts { center { id municipalServiceContracts { municipality { id name } serviceType serviceName since } } }
`);
const SetContract = graphql(`
  mutation SetMunicipalServiceContract($municipalityId: ID!, $serviceType: LegalServiceType!, $contracted: Boolean!) {
    setMunicipalServiceContract(municipalityId: $municipalityId, serviceType: $serviceType, contracted: $contracted)
  }
`);

type ServiceType = (typeof SERVICE_TYPES)[number];

export function ServiceContracts({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [result, refetch] = useQuery({ query: ContractsQuery });
  const [all] = useQuery({ query: MunicipalitiesQuery, pause: !canEdit });
  const [pick, setPick] = useState({ municipalityId: '', serviceType: '' });
  const [setting, set] = useMutation(SetContract);
  const errors = fieldErrors(setting.error);
  const change = async (municipalityId: string, serviceType: ServiceType, contracted: boolean) => {
    const r = await set({ municipalityId, serviceType, contracted });
    if (!r.error) {
      if (contracted) setPick({ municipalityId: '', serviceType: '' });
      refetch({ requestPolicy: 'network-only' });
    }
  };
  return (
    <section className="card" aria-labelledby="service-contracts-h">
      <h2 id="service-contracts-h">{t('yearly.contracts')}</h2>
      <p className="muted">{t('yearly.contractsLead')}</p>
      <Loadable result={result} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(data) => {
          const contracts = data.center.municipalServiceContracts ?? [];
          return contracts.length === 0 ? (
            <Empty>{t('yearly.noContracts')}</Empty>
          ) : (
            <ul className="list" data-testid="service-contracts">
              {contracts.map((c) => (
                <li key={`${c.municipality.id}-${c.serviceType}`} className="list-row" data-service={c.serviceType}>
                  <span className="list-main">
                    <strong>{c.municipality.name}</strong>
                    <span className="muted">{c.serviceName} · {t('yearly.contractSince', { date: f.shortDate(c.since) })}</span>
                  </span>
                  {canEdit && (
                    <button type="button" className="btn btn-small btn-danger" disabled={setting.fetching} onClick={() => void change(c.municipality.id, c.serviceType as ServiceType, false)}>
                      {t('yearly.endContract')}
                      <span className="visually-hidden"> {c.municipality.name} — {c.serviceName}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          );
        }}
      </Loadable>
      {canEdit && (
        <>
          <ErrorBanner error={setting.error} />
          <form
            className="toolbar"
            aria-label={t('yearly.addContract')}
            onSubmit={(e) => {
              e.preventDefault();
              if (pick.municipalityId && pick.serviceType) void change(pick.municipalityId, pick.serviceType as ServiceType, true);
            }}
          >
            <SelectField
              label={t('yearly.municipality')}
              placeholder="—"
              value={pick.municipalityId}
              error={errors.municipalityId}
              onChange={(e) => setPick({ ...pick, municipalityId: e.target.value })}
              options={(all.data?.municipalities ?? []).map((m) => ({ value: m.id, label: `${m.name} (${m.region})` }))}
            />
            <SelectField
              label={t('yearly.service')}
              placeholder="—"
              value={pick.serviceType}
              onChange={(e) => setPick({ ...pick, serviceType: e.target.value })}
              options={SERVICE_TYPES.map((s) => ({ value: s, label: t(`quality.serviceType.${s}`) }))}
            />
            <button type="submit" className="btn btn-primary" disabled={!pick.municipalityId || !pick.serviceType || setting.fetching}>
              {t('yearly.addContract')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
