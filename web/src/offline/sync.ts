import type { Client } from 'urql';
import { graphql, type ResultOf } from '../graphql.ts';
import type { Viewer } from '../session.tsx';
import { dropExpired, readRecord, saveRecord, setOfflineDays, startDevice, wipeDevice } from './device.ts';

// The copy a staff member's phone keeps for reading without a signal: their own open cases, their
// planned and recorded work of today and tomorrow, the settlements of the center's municipalities,
// and who they are (so the app opens offline). A person whose processing is restricted (Client.restricted)
// is left out, with every case and session naming them.

const OfflineSnapshot = graphql(`
  query OfflineSnapshot($from: Date!, $to: Date!, $first: Int!, $after: String) {
    center {
      id offlineDays
      services { id name active deliveryModes serviceKind { id code } }
      municipality { id name settlements { id name } }
      partnerMunicipalities { municipality { id name settlements { id name } } }
    }
    myCases(first: $first, after: $after, status: [REFERRED, ASSESSMENT, SUPPORT_PLAN, ACTIVE]) {
      edges { node { id number status person { id fullName restricted settlement { id name } } } }
      pageInfo { hasNextPage endCursor }
    }
    myWork(from: $from, to: $to) {
      id startsAt durationMinutes kind mode status
      service { id name }
      case { id number }
      clients { id fullName restricted }
      settlement { id name }
    }
  }
`);

type Answer = ResultOf<typeof OfflineSnapshot>;
export type DeviceCase = Answer['myCases']['edges'][number]['node'];
export type DeviceWork = Answer['myWork'][number];
export type DeviceSnapshot = {
  from: string;
  to: string;
  cases: DeviceCase[];
  work: DeviceWork[];
  settlements: { id: string; name: string; municipality: string }[];
  /** The active services a visit can be planned under (absent in a copy kept before they were). */
  services?: { id: string; name: string }[];
};

type Owner = { email: string; membershipId: string | null };
const PAGES = 5;

const isoOf = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/**
 * Signed in, online: the device key exists (made now at the first sign-in), another person's
 * copy is wiped, the viewer is kept so the app opens offline, and the copy is refreshed.
 */
export async function startOnline(viewer: Viewer): Promise<void> {
  const kept = await readRecord<{ viewer: Viewer }>('viewer').catch(() => null);
  if (kept && kept.value.viewer.user.email !== viewer.user.email) await wipeDevice();
  await startDevice();
  await saveRecord('viewer', { viewer });
}

/** The viewer kept on this device (the app opens offline as them), or null. */
export async function keptViewer(): Promise<Viewer | null> {
  return (await readRecord<{ viewer: Viewer }>('viewer').catch(() => null))?.value.viewer ?? null;
}

export const ownerOf = (viewer: Viewer): Owner => ({ email: viewer.user.email, membershipId: viewer.activeMembership?.id ?? null });

/** Downloads today's and tomorrow's work, the open cases and the settlements, and keeps them sealed. */
export async function refreshCopy(client: Client): Promise<boolean> {
  const today = new Date();
  const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
  const from = isoOf(today);
  const to = isoOf(tomorrow);
  const cases: DeviceCase[] = [];
  let work: DeviceWork[] = [];
  let center: Answer['center'] | null = null;
  let after: string | null = null;
  for (let page = 0; page < PAGES; page++) {
    const r = await client.query(OfflineSnapshot, { from, to, first: 100, after }, { requestPolicy: 'network-only' }).toPromise();
    if (!r.data) return false;
    center = r.data.center;
    work = r.data.myWork;
    cases.push(...r.data.myCases.edges.map((e) => e.node));
    if (!r.data.myCases.pageInfo.hasNextPage) break;
    after = r.data.myCases.pageInfo.endCursor ?? null;
  }
  if (!center) return false;
  await setOfflineDays(center.offlineDays);
  await dropExpired();
  const municipalities = [center.municipality, ...(center.partnerMunicipalities ?? []).map((p) => p.municipality)];
  const snapshot: DeviceSnapshot = {
    from,
    to,
    // Nothing restricted is kept: not the person, nor their case or session.
    cases: cases.filter((c) => !c.person.restricted),
    work: work.filter((w) => !w.clients.some((c) => c.restricted)),
    settlements: municipalities.flatMap((m) => m.settlements.map((s) => ({ id: s.id, name: s.name, municipality: m.name }))),
    // The mobile community work service first: a visit's usual service, as quickLogVisit's default.
    services: (center.services ?? [])
      .filter((s) => s.active && s.deliveryModes.some((m) => m === 'AT_HOME' || m === 'FIELD'))
      .sort((a, b) => Number(b.serviceKind.code === 'MOBILE_COMMUNITY_WORK') - Number(a.serviceKind.code === 'MOBILE_COMMUNITY_WORK'))
      .map((s) => ({ id: s.id, name: s.name })),
  };
  await saveRecord('snapshot', snapshot);
  return true;
}

export async function readCopy(): Promise<{ value: DeviceSnapshot; savedAt: number } | null> {
  return readRecord<DeviceSnapshot>('snapshot').catch(() => null);
}
