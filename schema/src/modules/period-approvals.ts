import { allow } from 'graphql-shield';
import { dayOf, isoDay, today } from '@opora/common/calendar';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterManager } from '../permissions/rules.ts';
import { invalidFields } from '../support/errors.ts';
import { encodeId } from '../support/global-id.ts';
import { requireCenter } from '../support/viewer.ts';
import { labelled } from './enums.ts';

// Approval of reported periods (issue #18 item 4, as DHIS2's data approval): a center's manager
// approves a month or a year of the center's figures once it has ended. The rollups mark a month
// with a new version whenever its data changes; the migration's trigger then records the change on
// the approval (`changedAt`) until the manager approves again. The network and municipal screens
// show each center's approvals (`approvalsOf`): which period, when, and whether it changed since,
// never who approved and never a figure, so nothing suppressed can leak through them.

export const ApprovalGrainEnum = labelled('ApprovalGrain', ['MONTH', 'YEAR'] as const, { description: 'What a manager approves: a calendar month or a calendar year.' });

type Grain = 'MONTH' | 'YEAR';
type ApprovalRow = { centerId: string; grain: Grain; periodStart: Date; approvedAt: Date; changedAt: Date | null };

/** "2025-03" for a month, "2025" for a year. */
const periodText = (grain: Grain, start: Date) => (grain === 'YEAR' ? isoDay(start).slice(0, 4) : isoDay(start).slice(0, 7));

export const PeriodApprovalRef = builder.objectRef<ApprovalRow>('PeriodApproval').implement({
  description: "A center's approval of its figures for one month or year, and whether they changed after it.",
  fields: (t) => ({
    centerId: t.id({ description: 'The Center global id.', resolve: (a) => encodeId('Center', a.centerId) }),
    grain: t.field({ type: ApprovalGrainEnum, resolve: (a) => a.grain }),
    period: t.string({ description: '"YYYY-MM" for a month, "YYYY" for a year.', resolve: (a) => periodText(a.grain, a.periodStart) }),
    approvedAt: t.field({ type: 'DateTime', resolve: (a) => a.approvedAt }),
    changedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the figures first changed after the approval; null while they have not.', resolve: (a) => a.changedAt }),
    changedAfterApproval: t.boolean({ resolve: (a) => a.changedAt !== null }),
  }),
});

const SELECT = { centerId: true, grain: true, periodStart: true, approvedAt: true, changedAt: true } as const;

/**
 * The approvals of these centers that touch the months from..to (YYYY-MM): the months in it and the
 * years it overlaps. Reads only the columns the aggregate role is granted.
 */
export async function approvalsOf(ctx: Context, centerIds: readonly string[], from: string, to: string): Promise<ApprovalRow[]> {
  if (centerIds.length === 0) return [];
  // Raw, naming only the columns the aggregate role is granted (no primary key, no approver).
  const rows = await ctx.db.$queryRaw<ApprovalRow[]>`
    SELECT "centerId"::text AS "centerId", "grain"::text AS "grain", "periodStart", "approvedAt", "changedAt"
      FROM "PeriodApproval"
     WHERE "centerId" = ANY(${[...centerIds]}::uuid[])
       AND (("grain" = 'MONTH' AND "periodStart" BETWEEN ${`${from}-01`}::date AND ${`${to}-01`}::date)
         OR ("grain" = 'YEAR' AND "periodStart" BETWEEN ${`${from.slice(0, 4)}-01-01`}::date AND ${`${to.slice(0, 4)}-01-01`}::date))
     ORDER BY "grain" DESC, "periodStart"`;
  return rows as ApprovalRow[];
}

/**
 * Where the approvals stand, for the whole answers the network and municipal screens cache
 * (server/src/aggregate-answers.ts): an approval, a change after it and an approval again move no
 * rollup version, so without this in the key a cached answer kept showing a cleared mark (or none).
 */
export async function approvalsStamp(ctx: Context): Promise<string> {
  const [row] = await ctx.db.$queryRaw<[{ approved: string | null; changed: string | null; n: number }]>`
    SELECT max("approvedAt")::text AS approved, max("changedAt")::text AS changed, count("centerId")::int AS n FROM "PeriodApproval"`;
  return `${row?.approved ?? ''}|${row?.changed ?? ''}|${row?.n ?? 0}`;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR = /^(\d{4})$/;

builder.queryFields((t) => ({
  periodApprovals: t.field({
    type: [PeriodApprovalRef],
    description: "The active center's approved months and year of one calendar year.",
    args: { year: t.arg.int() },
    resolve: async (_root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      return approvalsOf(ctx, [centerId], `${args.year}-01`, `${args.year}-12`);
    },
  }),
}));

builder.mutationFields((t) => ({
  approvePeriod: t.field({
    type: PeriodApprovalRef,
    description: "Approves the active center's figures for a month (\"YYYY-MM\") or a year (\"YYYY\") that has ended; approving again clears a change after approval.",
    args: { grain: t.arg({ type: ApprovalGrainEnum }), period: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const { centerId, membershipId } = requireCenter(ctx);
      const grain = args.grain as Grain;
      const match = grain === 'MONTH' ? MONTH.exec(args.period) : YEAR.exec(args.period);
      if (!match) throw invalidFields(ctx.locale, [{ path: 'period', messageKey: grain === 'MONTH' ? 'invalidMonth' : 'invalidYear' }]);
      const start = dayOf(grain === 'MONTH' ? `${args.period}-01` : `${args.period}-01-01`);
      const end = new Date(start);
      if (grain === 'MONTH') end.setUTCMonth(end.getUTCMonth() + 1);
      else end.setUTCFullYear(end.getUTCFullYear() + 1);
      // Only a period that has ended: the current month's figures still move every hour.
      if (end > today()) throw invalidFields(ctx.locale, [{ path: 'period', messageKey: 'periodNotEnded' }]);
      const [{ version }] = await ctx.db.$queryRaw<[{ version: number }]>`SELECT period_rollup_version(${grain}::"ApprovalGrain", ${isoDay(start)}::date) AS version`;
      // Approving again clears "changed after approval"; the change it clears stays in the audit trail
      // (this event's detail names when it was first seen), with the change itself (its own event).
      const before = await ctx.db.periodApproval.findUnique({ where: { centerId_grain_periodStart: { centerId, grain, periodStart: start } }, select: { changedAt: true } });
      const data = { approvedById: membershipId, approvedAt: new Date(), approvedVersion: version, changedAt: null };
      const saved = await ctx.db.periodApproval.upsert({
        where: { centerId_grain_periodStart: { centerId, grain, periodStart: start } },
        create: { centerId, grain, periodStart: start, ...data },
        update: data,
        select: { id: true, ...SELECT },
      });
      ctx.audit.record('UPDATE', 'PeriodApproval', saved.id, {
        grain, period: args.period, version,
        ...(before ? { approvedAgain: true, clearedChangeAt: before.changedAt?.toISOString() ?? null } : {}),
      });
      return saved as ApprovalRow;
    },
  }),
}));

definePermissions({
  Query: { periodApprovals: isCenterManager },
  Mutation: { approvePeriod: isCenterManager },
  // Like the aggregate types (indicators.ts): reachable only through guarded entry points (the
  // manager's own list and mutation, networkComparison, municipalDashboard), and holding no person.
  PeriodApproval: allow,
});
