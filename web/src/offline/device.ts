import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';

// What a staff member's phone keeps for work without a signal (issue #17, item 4; the rules are in
// docs/security.md): every value is sealed with AES-GCM under a key that cannot leave the browser
// (WebCrypto, non-extractable, kept in IndexedDB as a CryptoKey), carries its save time and is
// dropped once older than the center's `offlineDays`; signing out deletes the whole database,
// key included. Restricted records never get here (sync.ts leaves them out).

const DB_NAME = 'opora-device';
export const DEFAULT_OFFLINE_DAYS = 7;
const DAY_MS = 86_400_000;

/** A sealed value: what IndexedDB holds (no plain text of a record ever). */
type Sealed = { savedAt: number; iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer };

interface DeviceSchema extends DBSchema {
  key: { key: string; value: CryptoKey };
  records: { key: string; value: Sealed };
  queue: { key: number; value: Sealed };
  // How many days the center lets the device keep things: a number, nothing about a person.
  meta: { key: string; value: number };
}

let opening: Promise<IDBPDatabase<DeviceSchema>> | null = null;
// From a wipe until the next start (sign-in), nothing may open the database again: a screen
// still reading it would otherwise make a new, empty one as the person leaves.
let wiped = false;
const listeners = new Set<() => void>();

/** Screens re-read the device when it changes (a sync, a queued write, a sent one). */
export function onDeviceChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export const deviceChanged = () => listeners.forEach((l) => l());

function db(): Promise<IDBPDatabase<DeviceSchema>> {
  if (wiped) return Promise.reject(new Error('the device was wiped'));
  if (opening) return opening;
  const opened = openDB<DeviceSchema>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('key');
      d.createObjectStore('records');
      d.createObjectStore('queue', { autoIncrement: true });
      d.createObjectStore('meta');
    },
    // A sign-out in another tab deletes the database: let it.
    blocking() {
      void opening?.then((d) => d.close());
      opening = null;
    },
  });
  opening = opened;
  return opened;
}

/** The device key, made at sign-in (`create`) and never readable by any script. */
async function deviceKey(create: boolean): Promise<CryptoKey | null> {
  const d = await db();
  const existing = await d.get('key', 'device');
  if (existing || !create) return existing ?? null;
  const made = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  await d.put('key', made, 'device');
  return made;
}

export function startDevice(): Promise<CryptoKey | null> {
  wiped = false;
  return deviceKey(true);
}

async function seal(key: CryptoKey, slot: string, value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(value));
  // The slot is bound in as additional data: a sealed value moved to another slot does not open.
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(slot) }, key, plain);
  return { savedAt: Date.now(), iv, data };
}

async function unseal<T>(key: CryptoKey, slot: string, sealed: Sealed): Promise<T | null> {
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: new TextEncoder().encode(slot) }, key, sealed.data);
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  } catch {
    return null;
  }
}

export async function offlineDays(): Promise<number> {
  return (await (await db()).get('meta', 'offlineDays')) ?? DEFAULT_OFFLINE_DAYS;
}

export async function setOfflineDays(days: number): Promise<void> {
  await (await db()).put('meta', days, 'offlineDays');
}

const expired = (sealed: Sealed, days: number) => sealed.savedAt < Date.now() - days * DAY_MS;

/** Drops everything older than the center's days (records and waiting writes alike). */
export async function dropExpired(): Promise<void> {
  const days = await offlineDays();
  const d = await db();
  const tx = d.transaction(['records', 'queue'], 'readwrite');
  for (const store of ['records', 'queue'] as const) {
    let cursor = await tx.objectStore(store).openCursor();
    while (cursor) {
      if (expired(cursor.value, days)) await cursor.delete();
      cursor = await cursor.continue();
    }
  }
  await tx.done;
}

export async function saveRecord(name: string, value: unknown): Promise<void> {
  const key = await deviceKey(false);
  if (!key) return;
  await (await db()).put('records', await seal(key, `record:${name}`, value), name);
  deviceChanged();
}

/** A kept record and when it was saved; null when missing, expired or not readable. */
export async function readRecord<T>(name: string): Promise<{ value: T; savedAt: number } | null> {
  const key = await deviceKey(false);
  if (!key) return null;
  const d = await db();
  const sealed = await d.get('records', name);
  if (!sealed) return null;
  if (expired(sealed, await offlineDays())) {
    await d.delete('records', name);
    return null;
  }
  const value = await unseal<T>(key, `record:${name}`, sealed);
  return value === null ? null : { value, savedAt: sealed.savedAt };
}

export async function removeRecord(name: string): Promise<void> {
  await (await db()).delete('records', name);
  deviceChanged();
}

// The waiting writes (queue.ts gives them meaning).
export async function addToQueue(value: unknown): Promise<number | null> {
  const key = await deviceKey(false);
  if (!key) return null;
  const d = await db();
  // The sealed slot names the item's number, known only after the add: add, then seal in place.
  const id = await d.add('queue', await seal(key, 'queue:new', null));
  await d.put('queue', await seal(key, `queue:${id}`, value), id);
  deviceChanged();
  return id;
}

export async function putInQueue(id: number, value: unknown): Promise<void> {
  const key = await deviceKey(false);
  if (!key) return;
  const d = await db();
  const before = await d.get('queue', id);
  if (!before) return;
  // A refusal keeps the item's save time: its expiry counts from when it was written.
  await d.put('queue', { ...(await seal(key, `queue:${id}`, value)), savedAt: before.savedAt }, id);
  deviceChanged();
}

export async function removeFromQueue(id: number): Promise<void> {
  await (await db()).delete('queue', id);
  deviceChanged();
}

/** The waiting writes in the order they were written. */
export async function readQueue<T>(): Promise<{ id: number; value: T; savedAt: number }[]> {
  const key = await deviceKey(false);
  if (!key) return [];
  const d = await db();
  const days = await offlineDays();
  // Read first, then open: an IndexedDB transaction ends at the first await on anything else.
  const tx = d.transaction('queue');
  const [ids, sealed] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
  const out: { id: number; value: T; savedAt: number }[] = [];
  const stale: number[] = [];
  for (const [i, id] of ids.entries()) {
    const item = sealed[i]!;
    if (expired(item, days)) stale.push(id);
    else {
      const value = await unseal<T>(key, `queue:${id}`, item);
      if (value !== null) out.push({ id, value, savedAt: item.savedAt });
    }
  }
  for (const id of stale) await d.delete('queue', id);
  return out;
}

/** Sign-out (or another person signing in here): the key and everything sealed with it go. */
export async function wipeDevice(): Promise<void> {
  wiped = true;
  const open = opening;
  opening = null;
  if (open) (await open.catch(() => null))?.close();
  await deleteDB(DB_NAME);
  deviceChanged();
}
