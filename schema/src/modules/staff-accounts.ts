import { z } from 'zod';
import type { Context } from '../context.ts';
import { notifyInvitation } from '../reminders/notify.ts';
import { builder } from '../builder.ts';
import { codeExpiry, hashCode, newOneTimeCode } from '../accounts/one-time-codes.ts';
import { manageStaffAccount, staffAccounts, type ManageAction, type StaffAccountRow } from '../accounts/store.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterManager } from '../permissions/rules.ts';
import { invalidFields, oporaError, type ErrorCode } from '../support/errors.ts';
import type { MessageKey } from '@opora/common/messages';
import { idOf } from '../support/global-id.ts';
import { isManager, requireCenter } from '../support/viewer.ts';
import { requireOwnCenter } from '../support/own-center.ts';
import { AddStaffMemberInput, current, ownMembership, professionIdOf } from './center-staff.ts';
import { labelled, MembershipRoleEnum } from './enums.ts';
import { today } from '@opora/common/calendar';

// A manager and the accounts of the center's staff (issue 13, point 2):
// - adding someone is an invitation by email with a one-time code, whether or not the email
//   already has an account, and the answer has the same shape either way (no probing which
//   emails exist). A new person redeems the code with a password of their own (the account is
//   created then); a person who already has an account accepts or declines after signing in.
//   Nobody (another center's staff, the network analyst, a municipal viewer) joins without it.
// - a reset is a one-time code, never a password; disabling, enabling, ending sessions and
//   clearing a lost second factor act through staff_account_manage(), which refuses a person who
//   also works elsewhere (their account is not this center's to take over).

const StaffInvitationStatusEnum = labelled('StaffInvitationStatus', ['PENDING', 'ACCEPTED', 'DECLINED', 'REVOKED', 'EXPIRED'] as const);

export const StaffInvitationRef = builder.prismaNode('StaffInvitation', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    email: t.exposeString('email'),
    displayName: t.exposeString('displayName'),
    role: t.expose('role', { type: MembershipRoleEnum }),
    title: t.string({ nullable: true, resolve: (i, _a, ctx) => (ctx.locale === 'en' ? (i.titleEn ?? i.titleBg) : i.titleBg) }),
    status: t.field({
      type: StaffInvitationStatusEnum,
      resolve: (i) => (i.status === 'PENDING' && i.expiresAt.getTime() <= Date.now() ? 'EXPIRED' : i.status),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    answeredAt: t.expose('answeredAt', { type: 'DateTime', nullable: true }),
  }),
});

type Invited = { invitationId: string; code: string; expiresAt: Date };

const AddStaffMemberPayloadRef = builder.objectRef<Invited>('AddStaffMemberPayload').implement({
  description:
    'An invitation is sent. Give the person the one-time code (or the link with it), shown only now: with it a new person sets their own password; a person who already has an Opora account sees the invitation after signing in.',
  fields: (t) => ({
    invitation: t.prismaField({
      type: 'StaffInvitation',
      resolve: (query, p, _a, ctx) => ctx.db.staffInvitation.findUniqueOrThrow({ ...query, where: { id: p.invitationId } }),
    }),
    code: t.exposeString('code'),
    expiresAt: t.field({ type: 'DateTime', resolve: (p) => p.expiresAt }),
  }),
});

const OneTimeCodeRef = builder.objectRef<{ code: string; expiresAt: Date }>('OneTimeCode').implement({
  description: 'A one-time code to set a password, shown only now; it works once, until it expires.',
  fields: (t) => ({
    code: t.exposeString('code'),
    expiresAt: t.field({ type: 'DateTime', resolve: (c) => c.expiresAt }),
  }),
});

const StaffAccountRef = builder.objectRef<StaffAccountRow>('StaffAccount').implement({
  description: 'The state of a staff member’s account, for their manager.',
  fields: (t) => ({
    disabled: t.exposeBoolean('disabled'),
    twoFactorEnabled: t.boolean({ resolve: (a) => a.two_factor }),
    openSessions: t.int({ resolve: (a) => a.open_sessions }),
  }),
});

// One call per request for the whole staff page.
const accountsByRequest = new WeakMap<object, Promise<Map<string, StaffAccountRow>>>();
function staffAccountOf(ctx: Context, userId: string): Promise<StaffAccountRow | null> {
  let rows = accountsByRequest.get(ctx.db);
  if (!rows) {
    rows = staffAccounts(ctx.db).then((list) => new Map(list.map((r) => [r.user_id, r])));
    accountsByRequest.set(ctx.db, rows);
  }
  return rows.then((map) => map.get(userId) ?? null);
}

builder.prismaObjectFields('Membership', (t) => ({
  account: t.field({
    type: StaffAccountRef,
    nullable: true,
    description: 'The account behind a membership of your center (managers only).',
    select: { userId: true, centerId: true },
    // The StaffAccount type's rule (managers only) guards it too: Membership is readable by any signed-in person.
    resolve: (m, _a, ctx) =>
      isManager(ctx) && m.centerId && m.centerId === ctx.viewer?.membership?.centerId ? staffAccountOf(ctx, m.userId) : null,
  }),
}));

builder.prismaObjectFields('Center', (t) => ({
  requireTwoFactor: t.exposeBoolean('requireTwoFactor', { description: 'Every staff member signs in with a second factor.' }),
  staffInvitations: t.prismaField({
    type: ['StaffInvitation'],
    nullable: true,
    description: 'Invitations to join the staff: pending and expired ones, or every one with `includeAnswered`.',
    args: { includeAnswered: t.arg.boolean({ required: false }) },
    resolve: (query, center, args, ctx) => {
      const centerId = requireOwnCenter(ctx, center);
      return ctx.db.staffInvitation.findMany({
        ...query,
        where: { centerId, ...(args.includeAnswered ? {} : { status: 'PENDING' }) },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      });
    },
  }),
}));

const MANAGE_ERRORS: Record<Exclude<Awaited<ReturnType<typeof manageStaffAccount>>, 'ok'>, [ErrorCode, MessageKey]> = {
  forbidden: ['FORBIDDEN', 'forbidden'],
  not_found: ['NOT_FOUND', 'notFound'],
  self: ['FORBIDDEN', 'cannotManageOwnAccount'],
  shared: ['FORBIDDEN', 'accountSharedWithOtherCenters'],
};

/** Runs `action` on the account behind a membership of the manager's center, or throws why not. */
async function manage(ctx: Context, membershipGlobalId: string, action: ManageAction): Promise<{ id: string; userId: string }> {
  const membership = await ownMembership(ctx, membershipGlobalId);
  const answer = await manageStaffAccount(ctx.db, membership.userId, action);
  if (answer !== 'ok') {
    const [code, key] = MANAGE_ERRORS[answer];
    throw oporaError(code, key, ctx.locale);
  }
  return { id: membership.id, userId: membership.userId };
}

builder.mutationFields((t) => ({
  addStaffMember: t.field({
    type: AddStaffMemberPayloadRef,
    description:
      'Invite a person by email to the staff. The answer is the same whether or not the email has an account: an invitation and a one-time code (72 hours), shown only now. A new email redeems the code with `setPasswordWithCode`; an existing account accepts or declines after signing in. Inviting the same email again replaces the pending invitation and its code.',
    args: { input: t.arg({ type: AddStaffMemberInput }) },
    resolve: async (_r, { input }, ctx) => {
      const { centerId, membershipId } = requireCenter(ctx);
      const emailAddress = input.email.trim().toLowerCase();
      const professionId = await professionIdOf(ctx, input.professionId, 'input.professionId');
      // Visible only when the person is already on this center's staff (which the manager sees anyway).
      const already = await ctx.db.membership.findFirst({ where: { centerId, user: { email: emailAddress }, ...current() }, select: { id: true } });
      if (already) throw invalidFields(ctx.locale, [{ path: 'input.email', messageKey: 'alreadyStaff' }]);
      await ctx.db.staffInvitation.updateMany({
        where: { centerId, email: emailAddress, status: 'PENDING' },
        data: { status: 'REVOKED', answeredAt: new Date() },
      });
      const code = newOneTimeCode();
      const expiresAt = codeExpiry();
      const invitation = await ctx.db.staffInvitation.create({
        data: {
          centerId,
          email: emailAddress,
          displayName: input.displayName,
          role: input.role,
          professionId,
          titleBg: input.titleBg ?? null,
          titleEn: input.titleEn ?? null,
          fte: input.fte ?? null,
          startedOn: input.startedOn ?? today(),
          codeHash: hashCode(code),
          expiresAt,
          createdByMembershipId: membershipId,
        },
        select: { id: true },
      });
      ctx.audit.record('CREATE', 'StaffInvitation', invitation.id);
      // An existing account is told in the app (and by mail); the answer stays the same either way.
      await notifyInvitation(ctx.db, invitation.id);
      return { invitationId: invitation.id, code, expiresAt };
    },
  }),
  revokeStaffInvitation: t.prismaField({
    type: 'StaffInvitation',
    description: 'Withdraw a pending invitation; its code stops working.',
    args: { id: t.arg.id() },
    resolve: async (query, _r, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const id = idOf(args.id, 'StaffInvitation');
      const { count } = id
        ? await ctx.db.staffInvitation.updateMany({ where: { id, centerId, status: 'PENDING' }, data: { status: 'REVOKED', answeredAt: new Date() } })
        : { count: 0 };
      if (!count) throw oporaError('NOT_FOUND', 'invitationNotFound', ctx.locale);
      ctx.audit.record('UPDATE', 'StaffInvitation', id, { status: 'REVOKED' });
      return ctx.db.staffInvitation.findUniqueOrThrow({ ...query, where: { id: id! } });
    },
  }),
  issuePasswordResetCode: t.field({
    type: OneTimeCodeRef,
    description:
      'A one-time code (72 hours) with which the colleague sets a new password; earlier codes stop working. Only for a colleague who works nowhere else.',
    args: { membershipId: t.arg.id() },
    resolve: async (_r, args, ctx) => {
      const { centerId, membershipId } = requireCenter(ctx);
      const target = await manage(ctx, args.membershipId, 'may_reset_password');
      await ctx.db.passwordResetCode.updateMany({ where: { centerId, userId: target.userId, usedAt: null }, data: { usedAt: new Date() } });
      const code = newOneTimeCode();
      const expiresAt = codeExpiry();
      await ctx.db.passwordResetCode.create({
        data: { userId: target.userId, centerId, codeHash: hashCode(code), expiresAt, createdByMembershipId: membershipId },
      });
      ctx.audit.record('UPDATE', 'User', target.userId, { passwordResetCode: 'issued' });
      return { code, expiresAt };
    },
  }),
  setStaffAccountDisabled: t.prismaField({
    type: 'Membership',
    description: 'Disable (every session ends; sign-in refused) or re-enable a colleague’s account. Only for a colleague who works nowhere else.',
    args: { membershipId: t.arg.id(), disabled: t.arg.boolean() },
    resolve: async (query, _r, args, ctx) => {
      const target = await manage(ctx, args.membershipId, args.disabled ? 'disable' : 'enable');
      ctx.audit.record('UPDATE', 'User', target.userId, { disabled: args.disabled });
      return ctx.db.membership.findUniqueOrThrow({ ...query, where: { id: target.id } });
    },
  }),
  endStaffSignInSessions: t.prismaField({
    type: 'Membership',
    description: 'End every sign-in session of a colleague.',
    args: { membershipId: t.arg.id() },
    resolve: async (query, _r, args, ctx) => {
      const target = await manage(ctx, args.membershipId, 'end_sessions');
      ctx.audit.record('LOGOUT', 'User', target.userId, { by: 'manager' });
      return ctx.db.membership.findUniqueOrThrow({ ...query, where: { id: target.id } });
    },
  }),
  clearStaffTwoFactor: t.prismaField({
    type: 'Membership',
    description: 'Remove a colleague’s second factor (a lost phone with no recovery codes); their sessions end. Only for a colleague who works nowhere else.',
    args: { membershipId: t.arg.id() },
    resolve: async (query, _r, args, ctx) => {
      const target = await manage(ctx, args.membershipId, 'clear_two_factor');
      ctx.audit.record('UPDATE', 'User', target.userId, { twoFactor: 'cleared' });
      return ctx.db.membership.findUniqueOrThrow({ ...query, where: { id: target.id } });
    },
  }),
  setCenterTwoFactorRequired: t.prismaField({
    type: 'Center',
    description: 'Require two-factor sign-in of every staff member (each enrolls at their next sign-in).',
    args: { required: t.arg.boolean({ validate: z.boolean() }) },
    resolve: async (query, _r, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      await ctx.db.center.update({ where: { id: centerId }, data: { requireTwoFactor: args.required } });
      ctx.audit.record('UPDATE', 'Center', centerId, { requireTwoFactor: args.required });
      return ctx.db.center.findUniqueOrThrow({ ...query, where: { id: centerId } });
    },
  }),
}));

definePermissions({
  Center: { requireTwoFactor: isCenterManager, staffInvitations: isCenterManager },
  Mutation: {
    addStaffMember: isCenterManager,
    revokeStaffInvitation: isCenterManager,
    issuePasswordResetCode: isCenterManager,
    setStaffAccountDisabled: isCenterManager,
    endStaffSignInSessions: isCenterManager,
    clearStaffTwoFactor: isCenterManager,
    setCenterTwoFactorRequired: isCenterManager,
  },
  StaffInvitation: isCenterManager,
  AddStaffMemberPayload: isCenterManager,
  OneTimeCode: isCenterManager,
  StaffAccount: isCenterManager,
});
