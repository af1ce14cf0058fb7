import type { Client } from 'urql';
import { graphql } from '../../graphql.ts';
import { CaseRowFields } from '../../lib/case-row-fields.ts';
import { ViewerFields } from '../../lib/viewer-fields.ts';

// The staff dashboard's query, apart from its screen: the app's entry sends it (preload.ts) as soon
// as it knows the home screen is the dashboard, without waiting for the screen's chunk.
// It asks for the viewer's fields too, as session.tsx's Viewer query asks them: the app opening on
// its home page (or just signed in) sends this one request, and the session reads the viewer from
// its answer in the cache instead of a request of its own (#17: no chained Viewer round trip).
// Each person carries `restricted`: the answer is kept on a staff member's device for reopening
// (offline/dashboard-copy.ts), and a person under restriction of processing never is.
export const DashboardQuery = graphql(
  `
  query Dashboard {
    viewer { ...ViewerFields }
    myCases(first: 8, status: [REFERRED, ASSESSMENT, SUPPORT_PLAN, ACTIVE]) {
      totalCount
      edges { node { id person { id restricted } ...CaseRowFields } }
    }
    overdueAssessments(first: 10) {
      totalCount
      edges { node { id dueOn case { id number person { id fullName restricted } } } }
    }
    overduePlans(first: 10) {
      totalCount
      edges { node { id number person { id fullName restricted } dueDates { planDueOn } } }
    }
    overduePlanReviews(first: 10) {
      totalCount
      edges { node { id nextReviewOn case { id number person { id fullName restricted } } } }
    }
    todaysSessions {
      id startsAt durationMinutes kind mode status
      service { id name }
      case { id number }
      clients { id fullName restricted }
      settlement { id name }
    }
  }
`,
  [CaseRowFields, ViewerFields],
);

// Sent by the session right after sign-in or on opening the app on its home page (web/src/preload.ts),
// before the screen's code has loaded: the screen that mounts within a few seconds reads that
// answer instead of asking again.
let prefetchedAt = 0;
export const prefetchedRecently = () => Date.now() - prefetchedAt < 10_000;
export function forgetPrefetch(): void {
  prefetchedAt = 0;
}
/** Settles with whether the server said the session has ended (no viewer, or UNAUTHENTICATED). */
export function prefetchDashboard(client: Client): Promise<{ ended: boolean }> {
  prefetchedAt = Date.now();
  return client
    .query(DashboardQuery, {})
    .toPromise()
    .then((r) => ({
      ended: r.data?.viewer === null || (r.error?.graphQLErrors ?? []).some((e) => e.extensions?.code === 'UNAUTHENTICATED'),
    }));
}

/** The answer the client holds now, from its cache (never a request: readQuery's default policy would send one). */
export function cachedDashboard(client: Client) {
  return client.readQuery(DashboardQuery, {}, { requestPolicy: 'cache-only' })?.data ?? null;
}
