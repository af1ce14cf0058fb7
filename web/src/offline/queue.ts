import type { Client } from 'urql';
import { graphql } from '../graphql.ts';
import { addToQueue, putInQueue, readQueue, removeFromQueue } from './device.ts';

// Writes made in the field wait here (sealed, on the device) and are sent in the order they were
// written as soon as there is a connection. Each carries the idempotency key it was given when it
// was written, so a write the server applied but whose answer was lost is applied once, however
// often it is sent again. A refusal (or a conflict) stays, with the server's words, until the
// person dismisses it.

const HoldQueued = graphql(`
  mutation HoldQueued($id: ID!, $note: SessionNoteInput, $idempotencyKey: String) {
    holdSession(id: $id, note: $note, idempotencyKey: $idempotencyKey) { id status version }
  }
`);

const NoteQueued = graphql(`
  mutation NoteQueued($caseId: ID!, $body: String!, $idempotencyKey: String) {
    addCaseNote(caseId: $caseId, body: $body, idempotencyKey: $idempotencyKey) { id }
  }
`);

const VisitQueued = graphql(`
  mutation VisitQueued($input: QuickLogVisitInput!, $idempotencyKey: String) {
    quickLogVisit(input: $input, idempotencyKey: $idempotencyKey) { replayed session { id } }
  }
`);

const PlanQueued = graphql(`
  mutation PlanQueued($input: PlanSessionInput!, $idempotencyKey: String) {
    planSession(input: $input, idempotencyKey: $idempotencyKey) { replayed session { id } }
  }
`);

/** A visit written in the field for one of the worker's cases: held (with its note) or planned ahead. */
export type VisitWrite = {
  kind: 'visit';
  planned: boolean;
  caseId: string;
  visitKind: 'HOME_VISIT' | 'FIELD_VISIT';
  /** When it took place (or will): fixed when written, not when sent. */
  startsAt: string;
  durationMinutes: number;
  settlementId: string | null;
  /** Null for a held visit: the center's mobile community work service. */
  serviceId: string | null;
  note: string | null;
};

export type Write =
  | { kind: 'hold'; sessionId: string; note: string | null }
  | { kind: 'note'; caseId: string; body: string }
  | VisitWrite;

function send(client: Client, w: Write, idempotencyKey: string) {
  switch (w.kind) {
    case 'hold':
      return client.mutation(HoldQueued, { id: w.sessionId, note: w.note ? { body: w.note } : null, idempotencyKey }).toPromise();
    case 'note':
      return client.mutation(NoteQueued, { caseId: w.caseId, body: w.body, idempotencyKey }).toPromise();
    case 'visit': {
      const where = { caseId: w.caseId, kind: w.visitKind, startsAt: w.startsAt, durationMinutes: w.durationMinutes, settlementId: w.settlementId };
      return w.planned
        ? client.mutation(PlanQueued, { input: { ...where, mode: w.visitKind === 'HOME_VISIT' ? 'AT_HOME' : 'FIELD', serviceId: w.serviceId ?? '' }, idempotencyKey }).toPromise()
        : client.mutation(VisitQueued, { input: { ...where, serviceId: w.serviceId, note: w.note }, idempotencyKey }).toPromise();
    }
  }
}

export type Queued = {
  write: Write;
  idempotencyKey: string;
  /** The membership that wrote it: sent only while signed in as that membership. */
  membershipId: string;
  /** What the person reads in the list: the case's number and the kind of write. */
  caseNumber: string | null;
  refusal?: { code: string | null; bg: string; en: string };
};

export async function queueWrite(item: Omit<Queued, 'idempotencyKey' | 'refusal'>): Promise<void> {
  await addToQueue({ ...item, idempotencyKey: crypto.randomUUID() } satisfies Queued);
}

export const waitingWrites = () => readQueue<Queued>();

export async function dismiss(id: number): Promise<void> {
  await removeFromQueue(id);
}

let sending: Promise<void> | null = null;

/** Sends what waits, one at a time in order; stops at the first network failure. */
export function sendWaiting(client: Client, membershipId: string): Promise<void> {
  sending ??= (async () => {
    try {
      for (const item of await waitingWrites()) {
        const q = item.value;
        if (q.refusal || q.membershipId !== membershipId) continue;
        const r = await send(client, q.write, q.idempotencyKey);
        if (!r.error) {
          await removeFromQueue(item.id);
          continue;
        }
        const first = r.error.graphQLErrors[0];
        // No answer (still offline, or the server is away): it waits, and so does what follows.
        if (!first) break;
        const ext = first.extensions ?? {};
        const code = typeof ext.code === 'string' ? ext.code : null;
        // The session ended: the write waits for the next sign-in.
        if (code === 'UNAUTHENTICATED') break;
        const fields = Array.isArray(ext.fields) ? (ext.fields as { messageBg?: string; messageEn?: string }[]) : [];
        const bg = [typeof ext.messageBg === 'string' ? ext.messageBg : first.message, ...fields.map((f) => f.messageBg ?? '')].filter(Boolean).join(' ');
        const en = [typeof ext.messageEn === 'string' ? ext.messageEn : first.message, ...fields.map((f) => f.messageEn ?? '')].filter(Boolean).join(' ');
        await putInQueue(item.id, { ...q, refusal: { code, bg, en } } satisfies Queued);
      }
    } finally {
      sending = null;
    }
  })();
  return sending;
}
