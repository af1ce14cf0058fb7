import { z } from 'zod';
import { allow } from 'graphql-shield';
import { builder } from "../builder.js";
import { hashPassword } from "../auth/passwords.js";
import { describeDevice } from "../accounts/device.js";
import { hashCode, normalizeCode } from "../accounts/one-time-codes.js";
import { passwordIssue, PASSWORD_MAX } from "../accounts/password-policy.js";
import { newRecoveryCodes, useSecondFactor } from "../accounts/second-factor.js";
import { answerInvitation, disableOwnTwoFactor, enableOwnTwoFactor, endOwnSession, endOwnSessions, myInvitations, ownOpenSessions, ownTwoFactor, recordTwoFactorUse, redeemCode, twoFactorRequiredFor, } from "../accounts/store.js";
import { isValidTotpSecret, newTotpSecret, otpauthUri, verifyTotp } from "../accounts/two-factor.js";
import { definePermissions } from "../permissions/registry.js";
import { isSignedIn } from "../permissions/rules.js";
import { invalidFields, oporaError, unauthenticated } from "../support/errors.js";
import { encodeId, idOf } from "../support/global-id.js";
import { MembershipRoleEnum } from "./enums.js";
const SignInSessionRef = builder.objectRef('SignInSession').implement({
    description: 'A signed-in browser or device of the person (an open sign-in session).',
    fields: (t) => ({
        id: t.id({ resolve: (s) => encodeId('SignInSession', s.id) }),
        current: t.exposeBoolean('current', { description: 'The session this request comes from.' }),
        device: t.string({ nullable: true, description: 'Browser and system, from the User-Agent.', resolve: (s) => describeDevice(s.userAgent) }),
        userAgent: t.string({ nullable: true, resolve: (s) => s.userAgent }),
        address: t.string({ nullable: true, description: 'Client address at sign-in.', resolve: (s) => s.ipAddress }),
        createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
        lastUsedAt: t.field({ type: 'DateTime', resolve: (s) => s.lastSeenAt }),
        expiresAt: t.field({ type: 'DateTime', resolve: (s) => s.expiresAt }),
    }),
});
const MyStaffInvitationRef = builder.objectRef('MyStaffInvitation').implement({
    description: 'A center’s invitation to join its staff, waiting for your answer.',
    fields: (t) => ({
        id: t.id({ resolve: (i) => encodeId('StaffInvitation', i.id) }),
        center: t.prismaField({
            type: 'Center',
            resolve: (query, i, _a, ctx) => ctx.db.center.findUniqueOrThrow({ ...query, where: { id: i.center_id } }),
        }),
        role: t.field({ type: MembershipRoleEnum, resolve: (i) => i.role }),
        title: t.string({ nullable: true, resolve: (i, _a, ctx) => (ctx.locale === 'en' ? (i.title_en ?? i.title_bg) : i.title_bg) }),
        startedOn: t.field({ type: 'Date', resolve: (i) => i.started_on }),
        createdAt: t.field({ type: 'DateTime', resolve: (i) => i.created_at }),
        expiresAt: t.field({ type: 'DateTime', resolve: (i) => i.expires_at }),
    }),
});
const MyAccountRef = builder.objectRef('MyAccount').implement({
    fields: (t) => ({
        email: t.exposeString('email'),
        displayName: t.exposeString('displayName'),
        passwordChangedAt: t.field({
            type: 'DateTime',
            nullable: true,
            resolve: async (a, _x, ctx) => (await ctx.db.user.findUnique({ where: { id: a.userId }, select: { passwordChangedAt: true } }))?.passwordChangedAt ?? null,
        }),
        twoFactorEnabled: t.boolean({ resolve: async (a, _x, ctx) => !!(await ownTwoFactor(ctx.db, a.userId)) }),
        twoFactorRequired: t.boolean({
            description: 'A center you work in requires two-factor sign-in.',
            resolve: (a, _x, ctx) => twoFactorRequiredFor(ctx.db, a.userId),
        }),
        recoveryCodesLeft: t.int({ resolve: async (a, _x, ctx) => (await ownTwoFactor(ctx.db, a.userId))?.recoveryCodeHashes.length ?? 0 }),
        signInSessions: t.field({
            type: [SignInSessionRef],
            description: 'Open sign-in sessions, the most recently used first.',
            resolve: async (a, _x, ctx) => (await ownOpenSessions(ctx.db, a.userId)).map((s) => ({ ...s, current: s.id === a.sessionId })),
        }),
        staffInvitations: t.field({
            type: [MyStaffInvitationRef],
            description: 'Invitations of centers to join their staff, waiting for your answer.',
            resolve: (_a, _x, ctx) => myInvitations(ctx.db),
        }),
    }),
});
const TwoFactorEnrollmentRef = builder.objectRef('TwoFactorEnrollment').implement({
    fields: (t) => ({
        secret: t.exposeString('secret', { description: 'Base32 key, for typing into an authenticator app.' }),
        otpauthUri: t.exposeString('otpauthUri', { description: 'otpauth:// URI, for a QR code.' }),
    }),
});
const RecoveryCodesRef = builder.objectRef('RecoveryCodes').implement({
    fields: (t) => ({
        codes: t.exposeStringList('codes', { description: 'Each works once instead of an authenticator code. Shown only now.' }),
    }),
});
const SetPasswordPayloadRef = builder.objectRef('SetPasswordPayload').implement({
    fields: (t) => ({ email: t.exposeString('email', { description: 'Sign in with this email and the new password.' }) }),
});
const password = z.string().max(PASSWORD_MAX * 4, `tooLong|max=${PASSWORD_MAX}`);
const codeArg = z.string().max(64, 'codeInvalid');
function me(ctx) {
    const viewer = ctx.viewer;
    if (!viewer)
        throw unauthenticated(ctx.locale);
    return { userId: viewer.userId, sessionId: viewer.sessionId, email: viewer.email, displayName: viewer.displayName };
}
/**
 * The current password, again, before a change that matters. Checked through the sign-in role
 * (the runtime roles cannot read a hash); guesses are limited per address with sign-in
 * (server/src/rate-limit.ts).
 */
async function requireCurrentPassword(ctx, currentPassword, path = 'currentPassword') {
    const account = me(ctx);
    if (!(await ctx.auth.verifyPassword(account.userId, currentPassword))) {
        throw invalidFields(ctx.locale, [{ path, messageKey: 'wrongCurrentPassword' }]);
    }
    return { email: account.email };
}
builder.queryField('myAccount', (t) => t.field({
    type: MyAccountRef,
    nullable: true,
    description: 'The signed-in person’s own account: sessions, second factor, invitations.',
    resolve: (_r, _a, ctx) => (ctx.viewer ? me(ctx) : null),
}));
builder.mutationFields((t) => ({
    changePassword: t.boolean({
        description: 'A new password (the current one is asked again). Every other sign-in session of yours ends.',
        args: { currentPassword: t.arg.string({ validate: password }), newPassword: t.arg.string({ validate: password }) },
        resolve: async (_r, args, ctx) => {
            const account = me(ctx);
            const own = await requireCurrentPassword(ctx, args.currentPassword);
            const issue = passwordIssue(args.newPassword, 'newPassword', { email: own.email });
            if (issue)
                throw invalidFields(ctx.locale, [issue]);
            if (args.newPassword === args.currentPassword)
                throw invalidFields(ctx.locale, [{ path: 'newPassword', messageKey: 'passwordSameAsCurrent' }]);
            await ctx.auth.setPassword(account.userId, args.newPassword, account.sessionId);
            ctx.audit.record('UPDATE', 'User', account.userId, { password: 'changed' });
            return true;
        },
    }),
    setPasswordWithCode: t.field({
        type: SetPasswordPayloadRef,
        description: 'Set your password with a one-time code from your center’s manager (a new account’s first password, or a reset). Every sign-in session of the account ends. Rate-limited like sign-in.',
        args: { code: t.arg.string({ validate: codeArg }), newPassword: t.arg.string({ validate: password }) },
        resolve: async (_r, args, ctx) => {
            const issue = passwordIssue(args.newPassword, 'newPassword');
            if (issue)
                throw invalidFields(ctx.locale, [issue]);
            const wellFormed = normalizeCode(args.code).length === 16;
            const redeemed = wellFormed ? await redeemCode(ctx.db, hashCode(args.code), await hashPassword(args.newPassword)) : null;
            if (!redeemed) {
                // Guessing is limited per address with sign-in (server rate limit); an 80-bit code
                // cannot be found that way within its 72 hours.
                throw invalidFields(ctx.locale, [{ path: 'code', messageKey: 'codeInvalid' }]);
            }
            ctx.audit.record('UPDATE', 'User', redeemed.userId, { password: 'setWithCode' });
            return { email: redeemed.email };
        },
    }),
    endSignInSession: t.boolean({
        description: 'End one of your sign-in sessions (this one too: that is signing out).',
        args: { id: t.arg.id() },
        resolve: async (_r, args, ctx) => {
            const account = me(ctx);
            const id = idOf(args.id, 'SignInSession');
            if (!id || !(await endOwnSession(ctx.db, account.userId, id)))
                throw oporaError('NOT_FOUND', 'sessionNotFound', ctx.locale);
            ctx.audit.record('LOGOUT', 'User', account.userId, { session: id });
            return true;
        },
    }),
    endOtherSignInSessions: t.int({
        description: 'End every sign-in session of yours but this one; answers how many ended.',
        resolve: async (_r, _a, ctx) => {
            const account = me(ctx);
            const count = await endOwnSessions(ctx.db, account.userId, account.sessionId);
            ctx.audit.record('LOGOUT', 'User', account.userId, { otherSessions: count });
            return count;
        },
    }),
    startTwoFactorEnrollment: t.field({
        type: TwoFactorEnrollmentRef,
        description: 'A new authenticator key to scan; nothing changes until `confirmTwoFactorEnrollment` with its first code.',
        resolve: async (_r, _a, ctx) => {
            const account = me(ctx);
            if (await ownTwoFactor(ctx.db, account.userId))
                throw oporaError('BAD_USER_INPUT', 'twoFactorAlreadyEnabled', ctx.locale);
            const secret = newTotpSecret();
            return { secret, otpauthUri: otpauthUri(account.email, secret) };
        },
    }),
    confirmTwoFactorEnrollment: t.field({
        type: RecoveryCodesRef,
        description: 'Turn on two-factor sign-in with the key from `startTwoFactorEnrollment` and its current code; answers the recovery codes, once.',
        args: {
            secret: t.arg.string({ validate: z.string().max(64, 'invalidTotpSecret') }),
            code: t.arg.string({ validate: z.string().max(20, 'twoFactorCodeWrong') }),
        },
        resolve: async (_r, args, ctx) => {
            const account = me(ctx);
            if (await ownTwoFactor(ctx.db, account.userId))
                throw oporaError('BAD_USER_INPUT', 'twoFactorAlreadyEnabled', ctx.locale);
            const secret = args.secret.trim().toUpperCase();
            if (!isValidTotpSecret(secret))
                throw invalidFields(ctx.locale, [{ path: 'secret', messageKey: 'invalidTotpSecret' }]);
            const step = verifyTotp(secret, args.code);
            if (step === null)
                throw invalidFields(ctx.locale, [{ path: 'code', messageKey: 'twoFactorCodeWrong' }]);
            const recovery = newRecoveryCodes();
            await enableOwnTwoFactor(ctx.db, account.userId, secret, step, recovery.hashes);
            ctx.audit.record('UPDATE', 'User', account.userId, { twoFactor: 'enabled' });
            return { codes: recovery.codes };
        },
    }),
    newRecoveryCodes: t.field({
        type: RecoveryCodesRef,
        description: 'Replace your recovery codes (the current password is asked again); the old ones stop working.',
        args: { currentPassword: t.arg.string({ validate: password }) },
        resolve: async (_r, args, ctx) => {
            const account = me(ctx);
            await requireCurrentPassword(ctx, args.currentPassword);
            if (!(await ownTwoFactor(ctx.db, account.userId)))
                throw oporaError('BAD_USER_INPUT', 'twoFactorNotEnabled', ctx.locale);
            const recovery = newRecoveryCodes();
            await recordTwoFactorUse(ctx.db, account.userId, { recoveryCodeHashes: recovery.hashes });
            ctx.audit.record('UPDATE', 'User', account.userId, { recoveryCodes: 'replaced' });
            return { codes: recovery.codes };
        },
    }),
    disableTwoFactor: t.boolean({
        description: 'Turn off two-factor sign-in (the current password and a code are asked). Not possible while a center you work in requires it.',
        args: { currentPassword: t.arg.string({ validate: password }), code: t.arg.string({ validate: z.string().max(20, 'twoFactorCodeWrong') }) },
        resolve: async (_r, args, ctx) => {
            const account = me(ctx);
            await requireCurrentPassword(ctx, args.currentPassword);
            if (!(await ownTwoFactor(ctx.db, account.userId)))
                throw oporaError('BAD_USER_INPUT', 'twoFactorNotEnabled', ctx.locale);
            if (await twoFactorRequiredFor(ctx.db, account.userId))
                throw oporaError('FORBIDDEN', 'twoFactorRequiredByCenter', ctx.locale);
            if (!(await useSecondFactor(ctx, account.userId, args.code)))
                throw invalidFields(ctx.locale, [{ path: 'code', messageKey: 'twoFactorCodeWrong' }]);
            await disableOwnTwoFactor(ctx.db, account.userId);
            ctx.audit.record('UPDATE', 'User', account.userId, { twoFactor: 'disabled' });
            return true;
        },
    }),
    acceptStaffInvitation: t.prismaField({
        type: 'Membership',
        description: 'Join the inviting center’s staff; the new membership can be switched to from the next request on.',
        args: { id: t.arg.id() },
        resolve: async (query, _r, args, ctx) => {
            const account = me(ctx);
            const id = idOf(args.id, 'StaffInvitation');
            const answer = id ? await answerInvitation(ctx.db, id, true) : { ok: false, membershipId: null };
            if (!answer.ok || !answer.membershipId)
                throw oporaError('NOT_FOUND', 'invitationNotFound', ctx.locale);
            ctx.audit.record('UPDATE', 'StaffInvitation', id, { answer: 'accepted', by: account.userId });
            return ctx.db.membership.findUniqueOrThrow({ ...query, where: { id: answer.membershipId } });
        },
    }),
    declineStaffInvitation: t.boolean({
        args: { id: t.arg.id() },
        resolve: async (_r, args, ctx) => {
            const account = me(ctx);
            const id = idOf(args.id, 'StaffInvitation');
            const answer = id ? await answerInvitation(ctx.db, id, false) : { ok: false };
            if (!answer.ok)
                throw oporaError('NOT_FOUND', 'invitationNotFound', ctx.locale);
            ctx.audit.record('UPDATE', 'StaffInvitation', id, { answer: 'declined', by: account.userId });
            return true;
        },
    }),
}));
definePermissions({
    Query: { myAccount: isSignedIn },
    Mutation: {
        changePassword: isSignedIn,
        setPasswordWithCode: allow,
        endSignInSession: isSignedIn,
        endOtherSignInSessions: isSignedIn,
        startTwoFactorEnrollment: isSignedIn,
        confirmTwoFactorEnrollment: isSignedIn,
        newRecoveryCodes: isSignedIn,
        disableTwoFactor: isSignedIn,
        acceptStaffInvitation: isSignedIn,
        declineStaffInvitation: isSignedIn,
    },
    MyAccount: isSignedIn,
    SignInSession: isSignedIn,
    MyStaffInvitation: isSignedIn,
    TwoFactorEnrollment: isSignedIn,
    RecoveryCodes: isSignedIn,
    SetPasswordPayload: allow,
});
//# sourceMappingURL=accounts.js.map