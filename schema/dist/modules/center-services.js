import { z } from 'zod';
import { Prisma } from '@opora/prisma/client';
import { builder } from "../builder.js";
import { definePermissions } from "../permissions/registry.js";
import { isCenterManager, isCenterStaff, isOwnCenterStaff } from "../permissions/rules.js";
import { invalidFields } from "../support/errors.js";
import { idOf } from "../support/global-id.js";
import { ownRecord, requireOwnCenter } from "../support/own-center.js";
import { intRange, list, text } from "../support/validation.js";
import { requireCenter } from "../support/viewer.js";
import { localizedName } from "./catalogue.js";
import { DeliveryModeEnum, ServiceAccessEnum } from "./enums.js";
// The services a center offers (each of a kind from the catalogue). Managers edit, staff read;
// a service that stops is deactivated, never deleted (past sessions and plans point at it).
export const CenterServiceRef = builder.prismaNode('CenterService', {
    id: { field: 'id' },
    nullable: true,
    fields: (t) => ({
        serviceKind: t.relation('serviceKind'),
        name: t.string({ resolve: localizedName }),
        nameBg: t.exposeString('nameBg'),
        nameEn: t.exposeString('nameEn'),
        access: t.expose('access', { type: ServiceAccessEnum }),
        capacity: t.exposeInt('capacity', { nullable: true }),
        deliveryModes: t.expose('deliveryModes', { type: [DeliveryModeEnum] }),
        active: t.exposeBoolean('active'),
    }),
});
builder.prismaObjectFields('Center', (t) => ({
    services: t.prismaField({
        type: ['CenterService'],
        nullable: true,
        description: 'The center’s services (staff of this center only).',
        args: { includeInactive: t.arg.boolean({ required: false }) },
        resolve: (query, center, args, ctx) => {
            const centerId = requireOwnCenter(ctx, center);
            return ctx.db.centerService.findMany({
                ...query,
                where: { centerId, ...(args.includeInactive ? {} : { active: true }) },
                orderBy: [{ active: 'desc' }, { nameBg: 'asc' }, { id: 'asc' }],
            });
        },
    }),
}));
const CenterServiceInput = builder.inputType('CenterServiceInput', {
    fields: (t) => ({
        serviceKindId: t.id({ validate: z.string().max(200, 'invalidId') }),
        nameBg: t.string({ validate: text(200) }),
        nameEn: t.string({ validate: text(200) }),
        access: t.field({
            type: ServiceAccessEnum,
            required: false,
            description: 'Defaults to the kind’s usual access (open-access kinds need no referral).',
        }),
        capacity: t.int({ required: false, validate: intRange(1, 10_000).nullish() }),
        deliveryModes: t.field({ type: [DeliveryModeEnum], validate: list(z.string(), 4, 1) }),
    }),
});
const ownService = (ctx, globalId) => ownRecord(ctx, globalId, 'CenterService', (where) => ctx.db.centerService.findFirst({ where }));
async function serviceData(ctx, input) {
    const kindId = idOf(input.serviceKindId, 'ServiceKind');
    const kind = kindId ? await ctx.db.serviceKind.findUnique({ where: { id: kindId } }) : null;
    if (!kind)
        throw invalidFields(ctx.locale, [{ path: 'input.serviceKindId', messageKey: 'unknownReference' }]);
    return {
        serviceKindId: kind.id,
        nameBg: input.nameBg,
        nameEn: input.nameEn,
        access: input.access ?? (kind.openAccessByDefault ? 'OPEN_ACCESS' : 'SPECIALISED'),
        capacity: input.capacity ?? null,
        // Order-independent and without repeats, as the center's form means it.
        deliveryModes: [...new Set(input.deliveryModes)],
    };
}
async function setServiceActive(ctx, query, globalId, active) {
    const service = await ownService(ctx, globalId);
    if (service.active !== active) {
        await ctx.db.centerService.update({ where: { id: service.id }, data: { active } });
        ctx.audit.record('UPDATE', 'CenterService', service.id, { active });
    }
    return ctx.db.centerService.findUniqueOrThrow({ ...query, where: { id: service.id } });
}
builder.mutationFields((t) => ({
    createService: t.prismaField({
        type: 'CenterService',
        args: { input: t.arg({ type: CenterServiceInput }) },
        resolve: async (query, _root, { input }, ctx) => {
            const { centerId } = requireCenter(ctx);
            const data = await serviceData(ctx, input);
            const created = await ctx.db.centerService.create({ data: { ...data, centerId }, select: { id: true } });
            ctx.audit.record('CREATE', 'CenterService', created.id);
            return ctx.db.centerService.findUniqueOrThrow({ ...query, where: { id: created.id } });
        },
    }),
    updateService: t.prismaField({
        type: 'CenterService',
        args: { id: t.arg.id(), input: t.arg({ type: CenterServiceInput }) },
        resolve: async (query, _root, args, ctx) => {
            const service = await ownService(ctx, args.id);
            const data = await serviceData(ctx, args.input);
            await ctx.db.centerService.update({ where: { id: service.id }, data });
            ctx.audit.record('UPDATE', 'CenterService', service.id);
            return ctx.db.centerService.findUniqueOrThrow({ ...query, where: { id: service.id } });
        },
    }),
    deactivateService: t.prismaField({
        type: 'CenterService',
        description: 'Stop offering a service; its past sessions and plans keep pointing at it.',
        args: { id: t.arg.id() },
        resolve: (query, _root, args, ctx) => setServiceActive(ctx, query, args.id, false),
    }),
    reactivateService: t.prismaField({
        type: 'CenterService',
        args: { id: t.arg.id() },
        resolve: (query, _root, args, ctx) => setServiceActive(ctx, query, args.id, true),
    }),
}));
definePermissions({
    Center: { services: isOwnCenterStaff },
    Mutation: {
        createService: isCenterManager,
        updateService: isCenterManager,
        deactivateService: isCenterManager,
        reactivateService: isCenterManager,
    },
    CenterService: isCenterStaff,
});
//# sourceMappingURL=center-services.js.map