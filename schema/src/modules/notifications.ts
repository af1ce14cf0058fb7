import { z } from 'zod';
import * as enums from '@opora/prisma/client';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isOwnNotification, isSignedIn } from '../permissions/rules.ts';
import { idOf } from '../support/global-id.ts';
import { notFound } from '../support/errors.ts';
import { notificationPath } from '../reminders/notify.ts';
import { labelled } from './enums.ts';

// A person's own notifications (reminders of due dates, a case assigned, an invitation): read,
// marked read and cleared by that person only (RLS: the row's user; a rule says so in the API).
// They are created by schema/src/reminders/ (the job, a case assigned, an invitation).

const NotificationKindEnum = labelled('NotificationKind', enums.NotificationKind);

builder.prismaNode('Notification', {
  id: { field: 'id' },
  nullable: true,
  select: { userId: true, kind: true, caseId: true, occasion: true },
  fields: (t) => ({
    kind: t.expose('kind', { type: NotificationKindEnum }),
    caseNumber: t.exposeString('caseNumber', { nullable: true, description: 'The case it is about (a number, never a name).' }),
    dueOn: t.expose('dueOn', { type: 'Date', nullable: true, description: 'The due date or the end of a contract’s term it reminds of.' }),
    overdue: t.boolean({ description: 'The due date has passed (the contract’s term has ended).', resolve: (n) => n.occasion.endsWith(':OVERDUE') }),
    path: t.string({ description: 'Where in the web app it leads: its case (the plan and contract are on it), or the account page.', resolve: (n) => notificationPath(n) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    readAt: t.expose('readAt', { type: 'DateTime', nullable: true }),
  }),
});

/** The signed-in person's own notifications (RLS narrows it further to the active center's and invitations). */
const mine = (ctx: Context) => ({ userId: ctx.viewer!.userId, clearedAt: null });

builder.queryFields((t) => ({
  myNotifications: t.prismaField({
    type: ['Notification'],
    description: 'Your notifications not cleared, newest first (at most `first`).',
    args: { first: t.arg.int({ required: false, validate: z.number().int().min(1).max(200) }) },
    resolve: (query, _r, args, ctx) =>
      ctx.db.notification.findMany({ ...query, where: mine(ctx), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: args.first ?? 50 }),
  }),
  unreadNotificationCount: t.int({
    description: 'How many of your notifications are neither read nor cleared (the bell’s number).',
    resolve: (_r, _a, ctx) => ctx.db.notification.count({ where: { ...mine(ctx), readAt: null } }),
  }),
}));

async function clear(ctx: Context, ids: string[] | null): Promise<number> {
  const at = new Date();
  const where = { ...mine(ctx), ...(ids ? { id: { in: ids } } : {}) };
  // Read first, then cleared: the bell counts neither.
  await ctx.db.notification.updateMany({ where: { ...where, readAt: null }, data: { readAt: at } });
  const { count } = await ctx.db.notification.updateMany({ where, data: { clearedAt: at } });
  return count;
}

builder.mutationFields((t) => ({
  readNotifications: t.int({
    description: 'Marks your notifications read (the bell stops counting them); left out `ids`: all of them. Answers how many changed.',
    args: { ids: t.arg.idList({ required: false, validate: z.array(z.string()).max(200) }) },
    resolve: async (_r, args, ctx) => {
      const ids = args.ids ? args.ids.map((g) => idOf(String(g), 'Notification')).filter((id): id is string => !!id) : null;
      const { count } = await ctx.db.notification.updateMany({ where: { ...mine(ctx), readAt: null, ...(ids ? { id: { in: ids } } : {}) }, data: { readAt: new Date() } });
      return count;
    },
  }),
  clearNotification: t.boolean({
    description: 'Clears (dismisses) one of your notifications. Another person’s, or one that does not exist: NOT_FOUND.',
    args: { id: t.arg.id() },
    resolve: async (_r, args, ctx) => {
      const id = idOf(String(args.id), 'Notification');
      if (!id || (await clear(ctx, [id])) === 0) throw notFound(ctx.locale);
      return true;
    },
  }),
  clearNotifications: t.int({
    description: 'Clears all of your notifications (the ones you can see now). Answers how many.',
    resolve: (_r, _a, ctx) => clear(ctx, null),
  }),
}));

definePermissions({
  Query: { myNotifications: isSignedIn, unreadNotificationCount: isSignedIn },
  Mutation: { readNotifications: isSignedIn, clearNotification: isSignedIn, clearNotifications: isSignedIn },
  Notification: isOwnNotification,
});
