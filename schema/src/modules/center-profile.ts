import { builder } from '../builder.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterManager, isOwnCenterStaff, isSignedIn } from '../permissions/rules.ts';
import { PLANNING_DAYS_MAX, PLANNING_DAYS_MIN } from './due-dates.ts';
import { email, intRange, optionalText, phone, text } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';

// The active center's public profile, as its manager edits it (the directory reads it in center.ts).

const CenterProfileInput = builder.inputType('CenterProfileInput', {
  fields: (t) => ({
    nameBg: t.string({ validate: text(200) }),
    nameEn: t.string({ validate: text(200) }),
    providerNameBg: t.string({ validate: text(200) }),
    providerNameEn: t.string({ validate: text(200) }),
    addressBg: t.string({ validate: text(300) }),
    addressEn: t.string({ required: false, validate: optionalText(300) }),
    phone: t.string({ required: false, validate: phone }),
    email: t.string({ required: false, validate: email.nullish() }),
    licensedCapacity: t.int({ validate: intRange(0, 100_000) }),
    planningDays: t.int({
      required: false,
      validate: intRange(PLANNING_DAYS_MIN, PLANNING_DAYS_MAX).nullish(),
      description: 'Days from the request (or referral) within which the ИОП and ИПП are due (20 by default). Left out: unchanged.',
    }),
    offlineDays: t.int({
      required: false,
      validate: intRange(OFFLINE_DAYS_MIN, OFFLINE_DAYS_MAX).nullish(),
      description: `Days what a staff member's phone keeps for offline work stays on it (${OFFLINE_DAYS_DEFAULT} by default). Left out: unchanged.`,
    }),
  }),
});

/** What a phone keeps for offline work is dropped after this many days (web/src/offline/). */
export const OFFLINE_DAYS_MIN = 1;
export const OFFLINE_DAYS_MAX = 30;
export const OFFLINE_DAYS_DEFAULT = 7;

// The center's own rule for due dates (due-dates.ts), read by its staff.
builder.prismaObjectField('Center', 'planningDays', (t) =>
  t.exposeInt('planningDays', { description: 'Days from the request (or referral) within which the needs assessment (ИОП) and the support plan (ИПП) are due.' }),
);

// How long a phone keeps the offline copy (and the writes waiting to be sent), read by every staff member's app.
builder.prismaObjectField('Center', 'offlineDays', (t) =>
  t.exposeInt('offlineDays', { description: "Days what a staff member's phone keeps for offline work (their open cases, today's and tomorrow's work, writes waiting to be sent) stays on it." }),
);

builder.mutationFields((t) => ({
  updateCenterProfile: t.prismaField({
    type: 'Center',
    description: 'Edit the active center’s public profile.',
    args: { input: t.arg({ type: CenterProfileInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { centerId } = requireCenter(ctx);
      const before = await ctx.db.center.findUniqueOrThrow({ where: { id: centerId }, select: { planningDays: true, offlineDays: true } });
      await ctx.db.center.update({
        where: { id: centerId },
        data: {
          nameBg: input.nameBg,
          nameEn: input.nameEn,
          providerNameBg: input.providerNameBg,
          providerNameEn: input.providerNameEn,
          addressBg: input.addressBg,
          addressEn: input.addressEn ?? null,
          phone: input.phone ?? null,
          email: input.email ?? null,
          licensedCapacity: input.licensedCapacity,
          ...(input.planningDays != null ? { planningDays: input.planningDays } : {}),
          ...(input.offlineDays != null ? { offlineDays: input.offlineDays } : {}),
        },
      });
      const days = input.planningDays ?? before.planningDays;
      if (days !== before.planningDays) {
        // Open assessments due by the old rule follow the new one; a date set by hand stays.
        const redated = await ctx.db.$executeRaw`
          UPDATE "Assessment" a SET "dueOn" = coalesce(k."requestDate", k."referralDate") + ${days}::int, version = a.version + 1, "updatedAt" = now()
            FROM "Case" k
           WHERE k."centerId" = a."centerId" AND k.id = a."caseId" AND a."centerId" = ${centerId}::uuid AND k.status <> 'CLOSED'
             AND a."completedOn" IS NULL AND a."supersededAt" IS NULL
             AND a."dueOn" = coalesce(k."requestDate", k."referralDate") + ${before.planningDays}::int`;
        ctx.audit.record('UPDATE', 'Center', centerId, { planningDays: { from: before.planningDays, to: days }, assessmentsRedated: redated });
      } else if (input.offlineDays != null && input.offlineDays !== before.offlineDays) {
        ctx.audit.record('UPDATE', 'Center', centerId, { offlineDays: { from: before.offlineDays, to: input.offlineDays } });
      } else {
        ctx.audit.record('UPDATE', 'Center', centerId);
      }
      return ctx.db.center.findUniqueOrThrow({ ...query, where: { id: centerId } });
    },
  }),
}));

definePermissions({
  // Relay's node(id:)/nodes(ids:): which types resolve is decided per type in
  // support/global-id.ts (mayResolveNode), each type's own rules guard its fields, and RLS
  // hides other centers' rows. Declared here (no other module did) so staff can refetch
  // teams, services and memberships by id.
  Query: { node: isSignedIn, nodes: isSignedIn },
  Mutation: { updateCenterProfile: isCenterManager },
  Center: { planningDays: isOwnCenterStaff, offlineDays: isOwnCenterStaff },
});
