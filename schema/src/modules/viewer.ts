import { z } from 'zod';
import type { MembershipRole } from '@opora/prisma/client';
import { builder } from '../builder.ts';
import type { Context, Viewer } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isSignedIn } from '../permissions/rules.ts';
import { allow } from 'graphql-shield';
import { notFound, oporaError, unauthenticated } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { LanguageEnum, MembershipRoleEnum } from './enums.ts';

// Sign-in, sign-out, the viewer and the active membership.

// Which membership is active after sign-in: center work first, then the network, then a municipality.
const ROLE_ORDER: MembershipRole[] = [
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

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
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
          where: { userId: viewer.userId, OR: [{ endedOn: null }, { endedOn: { gte: new Date() } }] },
        });
        return rows.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
      },
    }),
    activeMembership: t.prismaField({
      type: 'Membership',
      nullable: true,
      resolve: (query, viewer, _a, ctx) =>
        viewer.membership ? ctx.db.membership.findUnique({ ...query, where: { id: viewer.membership.id } }) : null,
    }),
  }),
});

type SessionRow = {
  session_id: string;
  user_id: string;
  email: string;
  display_name: string;
  membership_id: string | null;
  role: string | null;
  center_id: string | null;
  network_id: string | null;
  municipality_id: string | null;
};

const SignInPayload = builder.objectRef<{ token: string; viewer: Viewer }>('SignInPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send back as `Authorization: Bearer <token>`.' }),
    viewer: t.field({ type: ViewerRef, resolve: (p) => p.viewer }),
  }),
});

/** The active membership a session may use: the user's own, current, and fitting its role. */
export async function loadActiveMembership(ctx: Context, userId: string, membershipId: string | null) {
  const memberships = await ctx.db.membership.findMany({
    where: { userId, OR: [{ endedOn: null }, { endedOn: { gte: new Date() } }] },
    select: { id: true, role: true, centerId: true, networkId: true, municipalityId: true },
  });
  if (membershipId) return memberships.find((m) => m.id === membershipId) ?? null;
  return memberships.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role))[0] ?? null;
}

async function becomeViewer(ctx: Context, viewer: Viewer): Promise<void> {
  ctx.viewer = viewer;
  await ctx.setTenant({
    centerId: viewer.membership?.centerId ?? null,
    userId: viewer.userId,
    role: viewer.membership?.role ?? null,
  });
}

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    nullable: true,
    description: 'The signed-in person, or null before sign-in.',
    resolve: (_root, _args, ctx) => ctx.viewer,
  }),
);

builder.mutationFields((t) => ({
  login: t.field({
    type: SignInPayload,
    description: 'Sign in. A wrong email and a wrong password give the same UNAUTHENTICATED error.',
    args: {
      email: t.arg.string({ validate: z.string().max(254, 'tooLong|max=254') }),
      password: t.arg.string({ validate: z.string().max(1000, 'tooLong|max=1000') }),
    },
    resolve: async (_root, args, ctx) => {
      const email = args.email.trim().toLowerCase();
      // Outside the request's transaction (which has not begun: a request without a session
      // begins it at its first statement): the hash, the argon2 check, the throttle and any
      // delay each hold a connection only for a short statement of their own.
      const outcome = await ctx.auth.signIn({ email, password: args.password, ip: ctx.ip, userAgent: ctx.userAgent?.slice(0, 300) ?? null });
      if (outcome.kind === 'limited') {
        throw oporaError('TOO_MANY_REQUESTS', 'tooManyAttempts', ctx.locale, {}, { retryAfterSeconds: outcome.retryAfterSeconds });
      }
      if (outcome.kind === 'failed') throw unauthenticated(ctx.locale, 'badCredentials');
      // The session exists; the rest (tenant, audit) is the request's own short work.
      const [row] = await ctx.db.$queryRawUnsafe<SessionRow[]>(
        `SELECT session_id::text, user_id::text, email, display_name, membership_id::text, role, center_id::text,
                network_id::text, municipality_id::text
           FROM auth_viewer($1)`,
        outcome.tokenHash,
      );
      if (!row) throw unauthenticated(ctx.locale, 'badCredentials');
      await becomeViewer(ctx, {
        userId: row.user_id,
        sessionId: row.session_id,
        email: row.email,
        displayName: row.display_name,
        membership: row.membership_id
          ? {
              id: row.membership_id,
              role: row.role as MembershipRole,
              centerId: row.center_id,
              networkId: row.network_id,
              municipalityId: row.municipality_id,
            }
          : null,
      });
      ctx.audit.record('LOGIN', 'User', row.user_id);
      ctx.issuedToken = outcome.token;
      return { token: outcome.token, viewer: ctx.viewer! };
    },
  }),
  logout: t.boolean({
    description: 'Revoke the current token.',
    resolve: async (_root, _args, ctx) => {
      const viewer = ctx.viewer!;
      await ctx.db.authSession.update({ where: { id: viewer.sessionId }, data: { revokedAt: new Date() }, select: { id: true } });
      ctx.audit.record('LOGOUT', 'User', viewer.userId);
      return true;
    },
  }),
  switchMembership: t.field({
    type: ViewerRef,
    description: 'Make another of your memberships the active one for this session.',
    args: { membershipId: t.arg.id() },
    resolve: async (_root, args, ctx) => {
      const viewer = ctx.viewer!;
      const id = idOf(args.membershipId, 'Membership');
      const membership = id ? await loadActiveMembership(ctx, viewer.userId, id) : null;
      if (!membership) throw notFound(ctx.locale);
      await ctx.db.authSession.update({ where: { id: viewer.sessionId }, data: { activeMembershipId: membership.id }, select: { id: true } });
      await becomeViewer(ctx, { ...viewer, membership });
      ctx.audit.record('SWITCH_MEMBERSHIP', 'Membership', membership.id);
      return ctx.viewer!;
    },
  }),
  setPreferredLanguage: t.boolean({
    args: { language: t.arg({ type: LanguageEnum }) },
    resolve: async (_root, args, ctx) => {
      // Only the columns the runtime role may read come back (never the password hash).
      await ctx.db.user.update({ where: { id: ctx.viewer!.userId }, data: { preferredLanguage: args.language }, select: { id: true } });
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
  User: isSignedIn,
  Membership: isSignedIn,
});
