import type { ResultOf } from '../graphql.ts';
import type { DashboardQuery } from '../pages/dashboard/query.ts';
import type { Viewer } from '../session.tsx';
import { readRecord, removeRecord, saveRecord } from './device.ts';

// The staff dashboard as the server last answered it, kept on the device so that reopening the
// app shows it at once, marked with its time, while the server's answer is on its way (#17: the
// dashboard within 0.5 s of reopening), and instead of an error without a signal. It lives in the
// device's sealed store (device.ts: same key, same expiry, wiped on sign-out) and is kept only
// for the person the device keeps its offline copy for (sync.ts `startOnline`, which wipes
// another person's): never before that has run for them, never for anyone else. Nothing
// restricted is kept: a person under restriction of processing (which only the manager sees) is
// left out with every row naming them, and the counts lose them too.

export type DashboardData = ResultOf<typeof DashboardQuery>;
export type DashboardCopy = { data: DashboardData; savedAt: number };

const SLOT = 'dashboard';

/** The person this device keeps its copy for: the viewer sync.ts's `startOnline` saved. */
async function deviceOwner(): Promise<Viewer | null> {
  return (await readRecord<{ viewer: Viewer }>('viewer'))?.value.viewer ?? null;
}

const samePerson = (a: Viewer | null | undefined, b: Viewer | null | undefined) =>
  !!a && !!b && a.user.email === b.user.email && (a.activeMembership?.id ?? null) === (b.activeMembership?.id ?? null);

/** The answer without a restricted person, nor any row naming one; the counts without them. */
export function withoutRestricted(data: DashboardData): DashboardData {
  const keep = <E>(list: { totalCount: number; edges: E[] }, restricted: (e: E) => boolean) => {
    const edges = list.edges.filter((e) => !restricted(e));
    return { ...list, edges, totalCount: Math.max(0, list.totalCount - (list.edges.length - edges.length)) };
  };
  return {
    ...data,
    myCases: keep(data.myCases, (e) => e.node.person.restricted),
    overdueAssessments: keep(data.overdueAssessments, (e) => e.node.case.person.restricted),
    overduePlans: keep(data.overduePlans, (e) => e.node.person.restricted),
    overduePlanReviews: keep(data.overduePlanReviews, (e) => e.node.case.person.restricted),
    todaysSessions: data.todaysSessions.filter((s) => !s.clients.some((c) => c.restricted)),
  };
}

/** Seals the server's answer for reopening, when the device keeps this person's copy (else nothing). */
export async function keepDashboard(data: DashboardData): Promise<void> {
  if (!data.viewer?.activeMembership) return;
  if (!samePerson(await deviceOwner(), data.viewer)) return;
  await saveRecord(SLOT, withoutRestricted(data));
}

/** The kept dashboard, when it is the device owner's, sealed and not expired; else null. */
export async function readDashboardCopy(): Promise<DashboardCopy | null> {
  const [owner, copy] = await Promise.all([deviceOwner(), readRecord<DashboardData>(SLOT)]);
  if (!copy || !samePerson(owner, copy.value.viewer)) return null;
  return { data: copy.value, savedAt: copy.savedAt };
}

export async function dropDashboardCopy(): Promise<void> {
  await removeRecord(SLOT);
}
