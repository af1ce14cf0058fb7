import { z } from 'zod';
import { builder } from "../builder.js";
import { secondFactorStep } from "../accounts/second-factor.js";
import { definePermissions } from "../permissions/registry.js";
import { isSignedIn } from "../permissions/rules.js";
import { allow } from 'graphql-shield';
import { notFound, oporaError, unauthenticated } from "../support/errors.js";
import { encodeId, idOf } from "../support/global-id.js";
import { IDENTITY_CHANGE } from "../support/identity-change.js";
import { LanguageEnum, MembershipRoleEnum } from "./enums.js";
import { today } from '@opora/common/calendar';
// Sign-in, sign-out, the viewer and the active membership.
// Which membership is active after sign-in: center work first, then the network, then a municipality.
const ROLE_ORDER = [
    'MANAGER',
    'CASE_WORKER',
    'SPECIALIST',
    'SOCIAL_ASSOCIATE',
    'NETWORK_ADMIN',
    'NETWORK_ANALYST',
    'MUNICIPAL_VIEWER',
];
export const UserRef = builder.prismaObject('User', {
    // Only what a query asks for: a user loaded as a relation (a case's lead worker, a session's
    // staff) would otherwise bring every column, the password hash included, to the server.
    select: { id: true },
    fields: (t) => ({
        email: t.exposeString('email'),
        displayName: t.exposeString('displayName'),
        preferredLanguage: t.expose('preferredLanguage', { type: LanguageEnum }),
    }),
});
export const MembershipRef = builder.prismaNode('Membership', {
    id: { field: 'id' },
    nullable: true,
    fields: (t) => ({
        role: t.expose('role', { type: MembershipRoleEnum }),
        user: t.relation('user'),
        center: t.relation('center', { nullable: true }),
        municipality: t.relation('municipality', { nullable: true }),
        networkName: t.string({
            nullable: true,
            select: { network: { select: { nameBg: true, nameEn: true } } },
            resolve: (m, _a, ctx) => (m.network ? (ctx.locale === 'en' ? m.network.nameEn : m.network.nameBg) : null),
        }),
        profession: t.relation('profession', { nullable: true }),
        title: t.string({
            nullable: true,
            resolve: (m, _a, ctx) => (ctx.locale === 'en' ? (m.titleEn ?? m.titleBg) : m.titleBg),
        }),
        fte: t.float({ nullable: true, resolve: (m) => (m.fte === null ? null : Number(m.fte)) }),
        startedOn: t.expose('startedOn', { type: 'Date' }),
        endedOn: t.expose('endedOn', { type: 'Date', nullable: true }),
    }),
});
const ViewerRef = builder.objectRef('Viewer').implement({
    fields: (t) => ({
        user: t.prismaField({
            type: 'User',
            resolve: (query, viewer, _a, ctx) => ctx.db.user.findUniqueOrThrow({ ...query, where: { id: viewer.userId } }),
        }),
        memberships: t.prismaField({
            type: ['Membership'],
            description: 'Every current membership of the signed-in person (center, network, municipality).',
            resolve: async (query, viewer, _a, ctx) => {
                const rows = await ctx.db.membership.findMany({
                    ...query,
                    where: { userId: viewer.userId, OR: [{ endedOn: null }, { endedOn: { gte: today() } }] },
                });
                return rows.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
            },
        }),
        activeMembership: t.prismaField({
            type: 'Membership',
            nullable: true,
            resolve: (query, viewer, _a, ctx) => viewer.membership ? ctx.db.membership.findUnique({ ...query, where: { id: viewer.membership.id } }) : null,
        }),
    }),
});
const SignedInMembership = builder.objectRef('SignedInMembership').implement({
    description: 'The membership the new session starts with.',
    fields: (t) => ({
        id: t.id({ resolve: (m) => encodeId('Membership', m.id) }),
        role: t.field({ type: MembershipRoleEnum, resolve: (m) => m.role }),
    }),
});
const SignedInViewer = builder.objectRef('SignedInViewer').implement({
    description: 'Who the new session belongs to; query `viewer` with the new session for everything else.',
    fields: (t) => ({
        email: t.exposeString('email'),
        displayName: t.exposeString('displayName'),
        activeMembership: t.field({ type: SignedInMembership, nullable: true, resolve: (p) => p.membership }),
    }),
});
const SignInPayload = builder.objectRef('SignInPayload').implement({
    fields: (t) => ({
        token: t.exposeString('token', {
            description: 'For API clients: send back as `Authorization: Bearer <token>`. The web app never reads it: sign-in also sets an HttpOnly cookie.',
        }),
        viewer: t.field({ type: SignedInViewer, resolve: (p) => p }),
    }),
});
/** The active membership a session may use: the user's own, current, and fitting its role. */
export async function loadActiveMembership(ctx, userId, membershipId) {
    const memberships = await ctx.db.membership.findMany({
        where: { userId, OR: [{ endedOn: null }, { endedOn: { gte: today() } }] },
        select: { id: true, role: true, centerId: true, networkId: true, municipalityId: true },
    });
    if (membershipId)
        return memberships.find((m) => m.id === membershipId) ?? null;
    return memberships.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role))[0] ?? null;
}
builder.queryField('viewer', (t) => t.field({
    type: ViewerRef,
    nullable: true,
    description: 'The signed-in person, or null before sign-in.',
    resolve: (_root, _args, ctx) => ctx.viewer,
}));
builder.mutationFields((t) => ({
    login: t.field({
        type: SignInPayload,
        description: 'Sign in. A wrong email and a wrong password give the same UNAUTHENTICATED error. With a second factor, UNAUTHENTICATED with extensions.reason TWO_FACTOR_REQUIRED asks for totpCode, and TWO_FACTOR_ENROLLMENT_REQUIRED (with secret and otpauthUri) for enrollment. The new session is used from the next request on; this must be the only field of its operation.',
        extensions: IDENTITY_CHANGE,
        args: {
            email: t.arg.string({ validate: z.string().max(254, 'tooLong|max=254') }),
            password: t.arg.string({ validate: z.string().max(1000, 'tooLong|max=1000') }),
            totpCode: t.arg.string({
                required: false,
                description: 'The authenticator (TOTP) code or a recovery code, when the account has a second factor.',
                validate: z.string().max(20, 'twoFactorCodeWrong').nullish(),
            }),
            enrollmentSecret: t.arg.string({
                required: false,
                description: 'When the center requires a second factor: the key from the TWO_FACTOR_ENROLLMENT_REQUIRED answer, with its first code in totpCode.',
                validate: z.string().max(64, 'invalidTotpSecret').nullish(),
            }),
        },
        resolve: async (_root, args, ctx) => {
            const email = args.email.trim().toLowerCase();
            // Outside the request's transaction (which has not begun: a request without a session
            // begins it at its first statement): the hash, the argon2 check, the throttle and any
            // delay each hold a connection only for a short statement of their own.
            // The second factor (accounts/second-factor.ts), after a right password and before any
            // session exists, in a short transaction of that person's own.
            const secondStep = (userId, wrongCode) => ctx.auth.asUser(userId, (db) => secondFactorStep({ ...ctx, db }, { id: userId, email }, args, wrongCode)).then(() => undefined);
            const outcome = await ctx.auth.signIn({ email, password: args.password, ip: ctx.ip, userAgent: ctx.userAgent?.slice(0, 300) ?? null }, secondStep);
            if (outcome.kind === 'limited') {
                throw oporaError('TOO_MANY_REQUESTS', 'tooManyAttempts', ctx.locale, {}, { retryAfterSeconds: outcome.retryAfterSeconds });
            }
            if (outcome.kind === 'failed')
                throw unauthenticated(ctx.locale, 'badCredentials');
            // The session exists; the rest (tenant, audit) is the request's own short work.
            const [row] = await ctx.db.$queryRawUnsafe(`SELECT session_id::text, user_id::text, email, display_name, membership_id::text, role, center_id::text,
                network_id::text, municipality_id::text
           FROM auth_viewer($1)`, outcome.tokenHash);
            if (!row)
                throw unauthenticated(ctx.locale, 'badCredentials');
            const membership = row.membership_id
                ? { id: row.membership_id, role: row.role, centerId: row.center_id, networkId: row.network_id, municipalityId: row.municipality_id }
                : null;
            const viewer = { userId: row.user_id, sessionId: row.session_id, email: row.email, displayName: row.display_name, membership };
            // The request's own viewer stays as it was (anonymous); the new session is the next
            // request's. The database tenant follows it so the sign-in's audit event is the center's.
            ctx.issueSession({ token: outcome.token, expiresAt: outcome.expiresAt, viewer });
            await ctx.setTenant({ centerId: membership?.centerId ?? null, userId: row.user_id, role: membership?.role ?? null });
            ctx.audit.record('LOGIN', 'User', row.user_id);
            return { token: outcome.token, email: row.email, displayName: row.display_name, membership: membership && { id: membership.id, role: membership.role } };
        },
    }),
    logout: t.boolean({
        description: 'End the current session (its token and cookie). Must be the only field of its operation.',
        extensions: IDENTITY_CHANGE,
        resolve: async (_root, _args, ctx) => {
            const viewer = ctx.viewer;
            await ctx.db.authSession.update({ where: { id: viewer.sessionId }, data: { revokedAt: new Date() }, select: { id: true } });
            ctx.endSession();
            ctx.audit.record('LOGOUT', 'User', viewer.userId);
            return true;
        },
    }),
    switchMembership: t.field({
        type: ViewerRef,
        description: 'Make another of your memberships the active one for this session, from the next request on. Must be the only field of its operation; the answer shows the session as the next request will see it.',
        extensions: IDENTITY_CHANGE,
        args: { membershipId: t.arg.id() },
        resolve: async (_root, args, ctx) => {
            const viewer = ctx.viewer;
            const id = idOf(args.membershipId, 'Membership');
            const membership = id ? await loadActiveMembership(ctx, viewer.userId, id) : null;
            if (!membership)
                throw notFound(ctx.locale);
            await ctx.db.authSession.update({ where: { id: viewer.sessionId }, data: { activeMembershipId: membership.id }, select: { id: true } });
            // Recorded as the membership that made the switch; this request keeps running as it.
            ctx.audit.record('SWITCH_MEMBERSHIP', 'Membership', membership.id);
            return { ...viewer, membership };
        },
    }),
    setPreferredLanguage: t.boolean({
        args: { language: t.arg({ type: LanguageEnum }) },
        resolve: async (_root, args, ctx) => {
            // Only the columns the runtime role may read come back (never the password hash).
            await ctx.db.user.update({ where: { id: ctx.viewer.userId }, data: { preferredLanguage: args.language }, select: { id: true } });
            return true;
        },
    }),
}));
definePermissions({
    Query: { viewer: allow },
    Mutation: {
        login: allow,
        logout: isSignedIn,
        switchMembership: isSignedIn,
        setPreferredLanguage: isSignedIn,
    },
    Viewer: isSignedIn,
    SignInPayload: allow,
    SignedInViewer: allow,
    SignedInMembership: allow,
    User: isSignedIn,
    Membership: isSignedIn,
});
//# sourceMappingURL=viewer.js.map