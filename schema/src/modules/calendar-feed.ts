import { builder } from '../builder.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterStaff } from '../permissions/rules.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { requireCenter } from '../support/viewer.ts';

// A person's calendar feed (iCalendar, served by the server at GET /calendar/<secret>.ics, see
// server/src/calendar-feed.ts): their planned work with case numbers only. Only the secret's
// hash is kept; renewing it ends the old address at once, and the secret is shown only once.

type FeedInfo = { since: Date };
type FeedSecret = { path: string; since: Date };

const CalendarFeedRef = builder.objectRef<FeedInfo>('CalendarFeed').implement({
  description: 'The viewer’s calendar feed in this center: only when it was made (its address is shown once, when renewed).',
  fields: (t) => ({ since: t.expose('since', { type: 'DateTime' }) }),
});

const CalendarFeedSecretRef = builder.objectRef<FeedSecret>('CalendarFeedSecret').implement({
  description: 'A new calendar feed address; the previous one no longer answers.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'The secret path, /calendar/<secret>.ics, to add to a calendar app (shown only now).' }),
    since: t.expose('since', { type: 'DateTime' }),
  }),
});

builder.queryField('myCalendarFeed', (t) =>
  t.field({
    type: CalendarFeedRef,
    nullable: true,
    description: 'The viewer’s calendar feed in the active center, if they made one.',
    resolve: async (_root, _args, ctx) => {
      const { membershipId } = requireCenter(ctx);
      const feed = await ctx.db.calendarFeed.findUnique({ where: { membershipId }, select: { createdAt: true } });
      return feed ? { since: feed.createdAt } : null;
    },
  }),
);

builder.mutationFields((t) => ({
  renewCalendarFeed: t.field({
    type: CalendarFeedSecretRef,
    description: 'Make (or renew) the viewer’s calendar feed address: the old one ends at once.',
    resolve: async (_root, _args, ctx) => {
      const { centerId, membershipId } = requireCenter(ctx);
      const token = newToken();
      const existed = await ctx.db.calendarFeed.deleteMany({ where: { membershipId } });
      const feed = await ctx.db.calendarFeed.create({
        data: { centerId, membershipId, tokenHash: hashToken(token) },
        select: { createdAt: true },
      });
      ctx.audit.record(existed.count ? 'UPDATE' : 'CREATE', 'CalendarFeed', membershipId);
      return { path: `/calendar/${token}.ics`, since: feed.createdAt };
    },
  }),
  endCalendarFeed: t.boolean({
    description: 'End the viewer’s calendar feed: its address no longer answers. True when there was one.',
    resolve: async (_root, _args, ctx) => {
      const { membershipId } = requireCenter(ctx);
      const { count } = await ctx.db.calendarFeed.deleteMany({ where: { membershipId } });
      if (count) ctx.audit.record('DELETE', 'CalendarFeed', membershipId);
      return count > 0;
    },
  }),
}));

definePermissions({
  Query: { myCalendarFeed: isCenterStaff },
  Mutation: { renewCalendarFeed: isCenterStaff, endCalendarFeed: isCenterStaff },
  CalendarFeed: isCenterStaff,
  CalendarFeedSecret: isCenterStaff,
});
