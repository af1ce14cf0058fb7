import { builder } from '../builder.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterManager, isCenterStaff, isOwnCenterStaff } from '../permissions/rules.ts';
import { notFound, oporaError } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { hiddenFrom, isManagerViewer, restrictedError } from '../support/restriction.ts';
import { intRange, text } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';
import { RECTIFIABLE_FIELDS } from './client.ts';

// Data rights under GDPR (issue #19): the center's retention rule (support/retention.ts runs it),
// restriction of processing (support/restriction.ts enforces it), and the history of
// rectifications (each updateClient's audit event keeps the changed fields, old → new).
// The subject-access export is a document kind (documents/kinds/subject-access.ts).

builder.prismaObjectField('Center', 'retentionYears', (t) =>
  t.exposeInt('retentionYears', {
    nullable: true,
    description: 'Years after a case closed when its person is anonymised (every case of theirs closed that long ago, none open); null or 0: never.',
  }),
);

type Restriction = { at: Date; reason: string; byId: string | null };
const ClientRestriction = builder.objectRef<Restriction>('ClientRestriction').implement({
  description: 'A restriction of processing (GDPR Art. 18) on a person’s record.',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    reason: t.exposeString('reason'),
    by: t.string({
      nullable: true,
      resolve: async (r, _a, ctx) => {
        if (!r.byId) return null;
        const m = await ctx.db.membership.findUnique({ where: { id: r.byId }, select: { user: { select: { displayName: true } } } });
        return m?.user.displayName ?? null;
      },
    }),
  }),
});

type Change = { at: Date; by: string | null; field: string; from: string | null; to: string | null };
const ClientChange = builder.objectRef<Change>('ClientChange').implement({
  description: 'One field of a person’s record changed by an edit (rectification): old → new, who, when.',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    by: t.exposeString('by', { nullable: true }),
    field: t.exposeString('field', { description: `One of: ${RECTIFIABLE_FIELDS.join(', ')}.` }),
    from: t.exposeString('from', { nullable: true }),
    to: t.exposeString('to', { nullable: true }),
  }),
});

builder.prismaObjectFields('Client', (t) => ({
  restricted: t.boolean({ description: 'Processing restricted: only the manager reads the details or changes the record.', resolve: (c) => !!c.restrictedAt }),
  anonymisedAt: t.expose('anonymisedAt', { type: 'DateTime', nullable: true, description: 'When the retention rule anonymised the person.' }),
  restriction: t.field({
    type: ClientRestriction,
    nullable: true,
    description: 'The restriction (reason, when, by whom); the manager only (null for anyone else).',
    resolve: (c, _a, ctx) => (c.restrictedAt && isManagerViewer(ctx) ? { at: c.restrictedAt, reason: c.restrictionReason ?? '', byId: c.restrictedById } : null),
  }),
  changeHistory: t.field({
    type: [ClientChange],
    description: 'Every change of the record’s fields, newest first (from the audit trail).',
    resolve: async (c, _a, ctx) => {
      if (hiddenFrom(ctx, c)) throw restrictedError(ctx);
      const events = await ctx.db.auditEvent.findMany({
        where: { entityType: 'Client', entityId: c.id, action: 'UPDATE', detail: { path: ['changes'], not: 'null' as never } },
        orderBy: { id: 'desc' },
        take: 200,
        select: { at: true, userId: true, detail: true },
      });
      const users = [...new Set(events.map((e) => e.userId).filter((u): u is string => !!u))];
      const names = new Map(
        (await ctx.db.membership.findMany({ where: { userId: { in: users } }, select: { userId: true, user: { select: { displayName: true } } } })).map((m) => [
          m.userId,
          m.user.displayName,
        ]),
      );
      const out: Change[] = [];
      for (const e of events) {
        const changes = (e.detail as { changes?: Record<string, { from: unknown; to: unknown }> } | null)?.changes;
        if (!changes || typeof changes !== 'object') continue;
        for (const [field, v] of Object.entries(changes)) {
          const str = (x: unknown) => (x === null || x === undefined ? null : String(x));
          out.push({ at: e.at, by: e.userId ? (names.get(e.userId) ?? null) : null, field, from: str(v?.from), to: str(v?.to) });
        }
      }
      return out;
    },
  }),
}));

builder.mutationFields((t) => ({
  setRetentionYears: t.prismaField({
    type: 'Center',
    description: 'The center’s retention rule: anonymise a person this many years after their last case closed (0 or null: never).',
    args: { years: t.arg.int({ required: false, validate: intRange(0, 100).nullish() }) },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const before = await ctx.db.center.findUniqueOrThrow({ where: { id: centerId }, select: { retentionYears: true } });
      const years = args.years ? args.years : null;
      await ctx.db.center.update({ where: { id: centerId }, data: { retentionYears: years } });
      ctx.audit.record('UPDATE', 'Center', centerId, { retentionYears: { from: before.retentionYears, to: years } });
      return ctx.db.center.findUniqueOrThrow({ ...query, where: { id: centerId } });
    },
  }),
  restrictClient: t.prismaField({
    type: 'Client',
    description: 'Restrict processing of a person’s record (GDPR Art. 18): only the manager reads or changes it until lifted.',
    args: { id: t.arg.id(), reason: t.arg.string({ validate: text(500) }) },
    resolve: async (query, _root, args, ctx) => {
      const { membershipId } = requireCenter(ctx);
      const id = idOf(args.id, 'Client');
      const found = id ? await ctx.db.client.findUnique({ where: { id }, select: { id: true, anonymisedAt: true } }) : null;
      if (!found) throw notFound(ctx.locale);
      if (found.anonymisedAt) throw oporaError('INVALID_TRANSITION', 'recordAnonymised', ctx.locale);
      await ctx.db.client.update({ where: { id: found.id }, data: { restrictedAt: new Date(), restrictionReason: args.reason, restrictedById: membershipId, version: { increment: 1 } } });
      ctx.audit.record('UPDATE', 'Client', found.id, { restriction: 'set' });
      return ctx.db.client.findUniqueOrThrow({ ...query, where: { id: found.id } });
    },
  }),
  liftClientRestriction: t.prismaField({
    type: 'Client',
    description: 'Lift the restriction of processing.',
    args: { id: t.arg.id() },
    resolve: async (query, _root, args, ctx) => {
      requireCenter(ctx);
      const id = idOf(args.id, 'Client');
      const found = id ? await ctx.db.client.findUnique({ where: { id }, select: { id: true, restrictedAt: true } }) : null;
      if (!found) throw notFound(ctx.locale);
      if (found.restrictedAt) {
        await ctx.db.client.update({ where: { id: found.id }, data: { restrictedAt: null, restrictionReason: null, restrictedById: null, version: { increment: 1 } } });
        ctx.audit.record('UPDATE', 'Client', found.id, { restriction: 'lifted' });
      }
      return ctx.db.client.findUniqueOrThrow({ ...query, where: { id: found.id } });
    },
  }),
}));


definePermissions({
  Mutation: { setRetentionYears: isCenterManager, restrictClient: isCenterManager, liftClientRestriction: isCenterManager },
  Center: { retentionYears: isOwnCenterStaff },
  ClientRestriction: isCenterManager,
  ClientChange: isCenterStaff,
});
