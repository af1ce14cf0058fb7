// Sofia's calendar: what "today", a day, a month and an age mean for Opora. Shared by the
// schema, the server, the seeds, the tests and the web (for display), so there is one answer.
// Time-zone arithmetic is date-fns with @date-fns/tz (IANA zones through Intl), not by hand.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export const SOFIA = 'Europe/Sofia';

/** The calendar day in Sofia at `now`, as "YYYY-MM-DD". */
export function sofiaToday(now: Date = new Date()): string {
  return format(new TZDate(now.getTime(), SOFIA), 'yyyy-MM-dd');
}
