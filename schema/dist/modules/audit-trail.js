import DataLoader from 'dataloader';
import { z } from 'zod';
import { builder } from "../builder.js";
import { definePermissions } from "../permissions/registry.js";
import { isCenterManager } from "../permissions/rules.js";
import { invalidFields } from "../support/errors.js";
import { decodeId, encodeId, idOf, mayResolveNode } from "../support/global-id.js";
import { requireCenter } from "../support/viewer.js";
import { AuditActionEnum, MembershipRoleEnum } from "./enums.js";
// Actors are named only through a membership of this center (never any user of the platform).
const actorLoaders = new WeakMap();
function actorLoader(ctx) {
    let loader = actorLoaders.get(ctx);
    if (!loader) {
        loader = new DataLoader(async (keys) => {
            const { centerId } = requireCenter(ctx);
            const parsed = keys.map((k) => {
                const [membershipId, userId] = k.split('|');
                return { membershipId: membershipId || null, userId: userId || null };
            });
            const rows = await ctx.db.membership.findMany({
                where: {
                    centerId,
                    OR: [
                        { id: { in: parsed.flatMap((p) => (p.membershipId ? [p.membershipId] : [])) } },
                        { userId: { in: parsed.flatMap((p) => (p.userId ? [p.userId] : [])) } },
                    ],
                },
                select: { id: true, userId: true, role: true, startedOn: true, user: { select: { displayName: true } } },
                orderBy: { startedOn: 'desc' },
            });
            const toActor = (r) => ({ displayName: r.user.displayName, role: r.role, membershipId: r.id });
            return parsed.map((p) => {
                const row = (p.membershipId && rows.find((r) => r.id === p.membershipId)) || (p.userId && rows.find((r) => r.userId === p.userId));
                return row ? toActor(row) : null;
            });
        });
        actorLoaders.set(ctx, loader);
    }
    return loader;
}
const actorOf = (e, ctx) => e.membershipId || e.userId ? actorLoader(ctx).load(`${e.membershipId ?? ''}|${e.userId ?? ''}`) : Promise.resolve(null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
builder.prismaObject('AuditEvent', {
    description: 'One read or change of a record, as written when it happened (never altered).',
    fields: (t) => ({
        id: t.id({ resolve: (e) => e.id.toString() }),
        action: t.expose('action', { type: AuditActionEnum }),
        entityType: t.exposeString('entityType'),
        entityId: t.exposeString('entityId', { nullable: true }),
        entityNodeId: t.id({
            nullable: true,
            description: 'The entity’s Relay global id, when it is a node type (for node(id:)).',
            resolve: (e, _a, ctx) => e.entityId && UUID.test(e.entityId) && mayResolveNode(ctx, e.entityType) ? encodeId(e.entityType, e.entityId) : null,
        }),
        at: t.expose('at', { type: 'DateTime' }),
        requestId: t.exposeString('requestId', { nullable: true }),
        actorName: t.string({
            nullable: true,
            description: 'Who did it (a staff member of this center; null for anyone else).',
            resolve: async (e, _a, ctx) => (await actorOf(e, ctx))?.displayName ?? null,
        }),
        actorRole: t.field({
            type: MembershipRoleEnum,
            nullable: true,
            resolve: async (e, _a, ctx) => (await actorOf(e, ctx))?.role ?? null,
        }),
        actorMembershipId: t.id({
            nullable: true,
            description: 'The actor’s staff membership (filter with auditEvents(actorMembershipId:)).',
            resolve: async (e, _a, ctx) => {
                const actor = await actorOf(e, ctx);
                return actor ? encodeId('Membership', actor.membershipId) : null;
            },
        }),
    }),
});
const NOTHING = '00000000-0000-0000-0000-000000000000';
/** The filter, with the actor's membership resolved to the person (inside the center). */
async function auditFilter(ctx, args) {
    const { centerId } = requireCenter(ctx);
    if (args.from && args.to && args.to.getTime() < args.from.getTime()) {
        throw invalidFields(ctx.locale, [{ path: 'to', messageKey: 'endBeforeStart' }]);
    }
    let userId;
    if (args.actorMembershipId) {
        const membershipId = idOf(args.actorMembershipId, 'Membership');
        const membership = membershipId
            ? await ctx.db.membership.findFirst({ where: { id: membershipId, centerId }, select: { userId: true } })
            : null;
        userId = membership?.userId ?? NOTHING;
    }
    let entity;
    if (args.entityId) {
        const decoded = decodeId(args.entityId);
        entity = { entityType: decoded.typename, entityId: decoded.id };
    }
    return {
        centerId,
        ...(args.from || args.to ? { at: { ...(args.from ? { gte: args.from } : {}), ...(args.to ? { lt: args.to } : {}) } } : {}),
        ...(args.action ? { action: args.action } : {}),
        ...(args.entityType ? { entityType: args.entityType } : {}),
        ...(entity ?? {}),
        ...(userId ? { userId } : {}),
    };
}
// The connection's count and page share one filter (one membership look-up per request).
const filters = new WeakMap();
function cachedFilter(ctx, args) {
    let byArgs = filters.get(ctx);
    if (!byArgs)
        filters.set(ctx, (byArgs = new Map()));
    const key = JSON.stringify(args);
    let where = byArgs.get(key);
    if (!where)
        byArgs.set(key, (where = auditFilter(ctx, args)));
    return where;
}
builder.queryFields((t) => ({
    auditEvents: t.prismaConnection({
        type: 'AuditEvent',
        cursor: 'id',
        description: 'The active center’s audit trail, newest first (managers only).',
        args: {
            from: t.arg({ type: 'DateTime', required: false, description: 'From this instant (inclusive).' }),
            to: t.arg({ type: 'DateTime', required: false, description: 'Up to this instant (exclusive).' }),
            action: t.arg({ type: AuditActionEnum, required: false }),
            entityType: t.arg.string({ required: false, validate: z.string().max(100, 'tooLong|max=100').nullish() }),
            entityId: t.arg.id({ required: false, description: 'A record’s global id: its whole history.' }),
            actorMembershipId: t.arg.id({ required: false, description: 'A staff member (their membership id): everything that person did here.' }),
        },
        totalCount: async (_conn, args, ctx) => ctx.db.auditEvent.count({ where: await cachedFilter(ctx, args) }),
        resolve: async (query, _root, args, ctx) => ctx.db.auditEvent.findMany({ ...query, where: await cachedFilter(ctx, args), orderBy: { id: 'desc' } }),
    }),
}));
definePermissions({
    Query: { auditEvents: isCenterManager },
    AuditEvent: isCenterManager,
});
//# sourceMappingURL=audit-trail.js.map