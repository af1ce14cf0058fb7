import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRequestGate, GateRefusal, requestKind } from '@opora/server/request-gate.ts';
import { DEMO, errorCodes, TestApi } from '../support/api.ts';

// The embedded database has one connection: nothing slow may hold it, and expensive aggregate
// requests wait behind staff work in a bounded queue. No timing here: the order of admissions
// and a sign-in parked in its delay are observed directly.

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('the request gate', () => {
  test('staff work goes first; aggregates one at a time; a full aggregate queue is refused at once', async () => {
    const gate = createRequestGate({ slots: 1, aggregateSlots: 1, aggregateQueue: 2, maxWaitMs: 60_000 });
    const order: string[] = [];
    const first = deferred();
    const running = gate.run('aggregate', async () => {
      order.push('aggregate-1');
      await first.promise;
    });
    const waiting = [
      gate.run('aggregate', async () => void order.push('aggregate-2')),
      gate.run('aggregate', async () => void order.push('aggregate-3')),
    ];
    // The queue of aggregates is full: the next one is refused without waiting.
    await expect(gate.run('aggregate', async () => void order.push('aggregate-4'))).rejects.toBeInstanceOf(GateRefusal);
    // Staff arriving later still go before the waiting aggregates.
    const staff = [gate.run('staff', async () => void order.push('staff-1')), gate.run('staff', async () => void order.push('staff-2'))];
    expect(gate.state()).toEqual({ running: 1, runningAggregate: 1, waitingStaff: 2, waitingAggregate: 2 });
    first.resolve();
    await Promise.all([running, ...waiting, ...staff]);
    expect(order).toEqual(['aggregate-1', 'staff-1', 'staff-2', 'aggregate-2', 'aggregate-3']);
    expect(gate.state()).toEqual({ running: 0, runningAggregate: 0, waitingStaff: 0, waitingAggregate: 0 });
  });

  test('a failing request frees its turn', async () => {
    const gate = createRequestGate({ slots: 1, aggregateSlots: 1, aggregateQueue: 1, maxWaitMs: 60_000 });
    await expect(gate.run('staff', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run('aggregate', async () => 42)).toBe(42);
  });

  test('requests are classed from the document before any transaction', () => {
    expect(requestKind({ query: '{ networkComparison(indicators: [SESSIONS], period: {from: "2026-01", to: "2026-02"}) { period { from } } }' }, '')).toBe('aggregate');
    expect(requestKind({ query: 'query A { viewer { user { email } } } query B { municipalDashboard { x } }', operationName: 'B' }, '')).toBe('aggregate');
    expect(requestKind({ query: 'query A { viewer { user { email } } } query B { municipalDashboard { x } }', operationName: 'A' }, '')).toBe('staff');
    expect(requestKind({ query: 'mutation { login(email: "a", password: "b") { token } }' }, '')).toBe('signIn');
    expect(requestKind(undefined, '?query=%7B%20viewer%20%7B%20user%20%7B%20email%20%7D%20%7D%20%7D')).toBe('staff');
    expect(requestKind({ query: '{ broken' }, '')).toBe('staff');
  });
});

describe('sign-in holds no connection while it waits', () => {
  let api: TestApi;
  const parked = deferred();
  const release = deferred();
  beforeAll(async () => {
    api = await TestApi.start({
      signInDelay: async (ms) => {
        if (ms >= 0) {
          parked.resolve();
          await release.promise;
        }
      },
    });
  });
  afterAll(async () => {
    release.resolve();
    await api?.stop();
  });

  test("staff are served while a failed sign-in is parked in its delay (PGlite: one connection)", async () => {
    const token = await api.login(DEMO.plovdivWorker);
    const failing = api.gql(`mutation { login(email: "${DEMO.plovdivManager}", password: "wrong-wrong") { token } }`);
    await parked.promise;
    // Before, the sign-in's transaction stayed open through the hash and the delay, and on
    // PGlite this request would wait for it (503 after DATABASE_TX_MAX_WAIT_MS).
    const staff = await api.gql(`{ viewer { user { email } } clients(first: 1) { totalCount } }`, {}, token);
    expect(errorCodes(staff)).toEqual([]);
    expect(staff.data!.viewer.user.email).toBe(DEMO.plovdivWorker);
    release.resolve();
    expect(errorCodes(await failing)).toEqual(['UNAUTHENTICATED']);
  }, 60_000);
});
