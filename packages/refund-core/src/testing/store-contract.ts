import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimInput, IdempotencyRecord, IdempotencyStore } from '../store.js';

/** The clock a contract run hands its store: time only moves when the test says so. */
export interface ContractClock {
  /** The current time, epoch ms; give it to the store as its clock. */
  now(): number;
  /** Moves the time forward by `ms` (the suite uses it to expire leases). */
  advance(ms: number): void;
}

/** Builds a fresh, empty store that reads its time from `clock`. */
export type MakeStore = (clock: ContractClock) => Promise<IdempotencyStore> | IdempotencyStore;

// A fixed, realistic epoch-ms start, so "0 is expired" shortcuts in a store would show.
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const LEASE = 30_000;

function input(overrides: Partial<ClaimInput> = {}): ClaimInput {
  return {
    key: 'key-1',
    fingerprint: 'a'.repeat(64),
    provider: 'keeta',
    orderKey: 'keeta:shop-1:order-1',
    request: '{"amount":"10.00","currency":"EUR"}',
    owner: 'owner-a',
    leaseMs: LEASE,
    ...overrides,
  };
}

/**
 * The behaviour every {@link IdempotencyStore} must have, as one vitest suite: the memory,
 * SQLite and PostgreSQL stores all run it, so "one key is at most one refund" does not depend
 * on which store a deployment picks. `makeStore` is called once per test with a fresh clock
 * and must return an empty store; the suite closes it afterwards.
 *
 * @example
 * // my-store.test.ts
 * import { describeIdempotencyStoreContract } from '@refundkit/refund-core/testing';
 * describeIdempotencyStoreContract('MyStore', (clock) => new MyStore({ clock: clock.now }));
 */
export function describeIdempotencyStoreContract(name: string, makeStore: MakeStore): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    let clock: ContractClock;
    let store: IdempotencyStore;

    beforeEach(async () => {
      let now = T0;
      clock = {
        now: () => now,
        advance: (ms) => {
          now += ms;
        },
      };
      store = await makeStore(clock);
    });

    afterEach(async () => {
      await store.close?.();
    });

    async function claimNew(overrides: Partial<ClaimInput> = {}): Promise<IdempotencyRecord> {
      const outcome = await store.claim(input(overrides));
      expect(outcome.claimed).toBe(true);
      return outcome.record;
    }

    async function mustGet(key: string): Promise<IdempotencyRecord> {
      const record = await store.get(key);
      expect(record).toBeDefined();
      return record!;
    }

    describe('claim', () => {
      it('inserts an in_flight record owned by the claimer, version 1, times by the store clock', async () => {
        const outcome = await store.claim(input());
        const expected: IdempotencyRecord = {
          key: 'key-1',
          fingerprint: 'a'.repeat(64),
          provider: 'keeta',
          orderKey: 'keeta:shop-1:order-1',
          request: '{"amount":"10.00","currency":"EUR"}',
          state: 'in_flight',
          phase: 'claimed',
          owner: 'owner-a',
          leaseExpiresAt: T0 + LEASE,
          leaseExpired: false,
          checkpoint: undefined,
          result: undefined,
          version: 1,
          createdAt: T0,
          completedAt: undefined,
        };
        expect(outcome).toStrictEqual({ claimed: true, record: expected });
        expect(await store.get('key-1')).toStrictEqual(expected);
      });

      it('never overwrites: a second claim returns the existing record unchanged, claimed: false', async () => {
        const first = await claimNew();
        clock.advance(1_000);
        const second = await store.claim(
          input({
            fingerprint: 'b'.repeat(64),
            provider: 'shoplazza',
            orderKey: 'shoplazza:other',
            request: '{"amount":"99.00"}',
            owner: 'owner-b',
            leaseMs: 999_999,
          }),
        );
        expect(second).toStrictEqual({ claimed: false, record: first });
        expect(await store.get('key-1')).toStrictEqual(first);
        expect(await store.listByOrder('shoplazza:other')).toStrictEqual([]);
      });

      it('returns a completed record as it is, without reopening it', async () => {
        await claimNew();
        expect(await store.complete('key-1', 'owner-a', '{"status":"succeeded"}')).toBe(true);
        const completed = await mustGet('key-1');
        const again = await store.claim(input({ owner: 'owner-b' }));
        expect(again).toStrictEqual({ claimed: false, record: completed });
        expect(again.record.state).toBe('completed');
        expect(await store.listInFlight()).toStrictEqual([]);
      });

      it('of 20 concurrent claims of one key, exactly one wins and all see the winner', async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.claim(input({ owner: `owner-${i}` }))),
        );
        const winners = outcomes.filter((o) => o.claimed);
        expect(winners).toHaveLength(1);
        const winner = winners[0]!.record;
        for (const outcome of outcomes) expect(outcome.record).toStrictEqual(winner);
        expect(await store.get('key-1')).toStrictEqual(winner);
      });

      it('keeps different keys apart', async () => {
        const one = await claimNew({ key: 'key-1', owner: 'owner-a' });
        const two = await claimNew({ key: 'key-2', owner: 'owner-b' });
        expect(await store.get('key-1')).toStrictEqual(one);
        expect(await store.get('key-2')).toStrictEqual(two);
        expect(await store.get('key-3')).toBeUndefined();
      });
    });

    describe('leaseExpired (store clock)', () => {
      it('is false before the lease ends and true from the instant it ends', async () => {
        await claimNew({ leaseMs: 1_000 });
        clock.advance(999);
        expect((await mustGet('key-1')).leaseExpired).toBe(false);
        clock.advance(1);
        expect((await mustGet('key-1')).leaseExpired).toBe(true);
        expect((await store.listInFlight())[0]?.leaseExpired).toBe(true);
        expect((await store.listByOrder('keeta:shop-1:order-1'))[0]?.leaseExpired).toBe(true);
        const existing = await store.claim(input({ owner: 'owner-b' }));
        expect(existing.claimed).toBe(false);
        expect(existing.record.leaseExpired).toBe(true);
        expect(existing.record.leaseExpiresAt).toBe(T0 + 1_000);
      });

      it('is false on a completed record, however old', async () => {
        await claimNew({ leaseMs: 1_000 });
        await store.complete('key-1', 'owner-a', '{}');
        clock.advance(10 * LEASE);
        expect((await mustGet('key-1')).leaseExpired).toBe(false);
      });
    });

    describe('takeOver', () => {
      it('is refused while the lease runs, and changes nothing', async () => {
        const record = await claimNew({ leaseMs: 1_000 });
        clock.advance(999);
        expect(await store.takeOver('key-1', 1, 'owner-b', LEASE)).toBeUndefined();
        expect(await store.get('key-1')).toStrictEqual({ ...record, leaseExpired: false });
      });

      it('gives an expired in_flight record a new owner and lease, version + 1, the rest kept', async () => {
        await claimNew({ leaseMs: 1_000 });
        expect(
          await store.update('key-1', 'owner-a', { phase: 'sending', checkpoint: '{"n":1}' }),
        ).toBe(true);
        const before = await mustGet('key-1');
        clock.advance(5_000);
        const taken = await store.takeOver('key-1', before.version, 'owner-b', 2_000);
        const expected: IdempotencyRecord = {
          ...before,
          owner: 'owner-b',
          leaseExpiresAt: T0 + 5_000 + 2_000,
          leaseExpired: false,
          version: before.version + 1,
        };
        expect(taken).toStrictEqual(expected);
        expect(await store.get('key-1')).toStrictEqual(expected);
        expect(expected).toMatchObject({ phase: 'sending', checkpoint: '{"n":1}', createdAt: T0 });
      });

      it('is refused when the version moved on, the record is completed, or there is none', async () => {
        await claimNew({ leaseMs: 1_000 });
        clock.advance(2_000);
        expect(await store.takeOver('key-1', 2, 'owner-b', LEASE)).toBeUndefined();
        expect(await store.takeOver('key-1', 0, 'owner-b', LEASE)).toBeUndefined();
        expect((await mustGet('key-1')).owner).toBe('owner-a');

        await store.complete('key-1', 'owner-a', '{}');
        const completed = await mustGet('key-1');
        expect(await store.takeOver('key-1', completed.version, 'owner-b', LEASE)).toBeUndefined();
        expect(await store.get('key-1')).toStrictEqual(completed);

        expect(await store.takeOver('missing', 1, 'owner-b', LEASE)).toBeUndefined();
        expect(await store.get('missing')).toBeUndefined();
      });

      it('of several concurrent takeOvers at one version, exactly one wins', async () => {
        await claimNew({ leaseMs: 1_000 });
        clock.advance(1_000);
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.takeOver('key-1', 1, `taker-${i}`, LEASE)),
        );
        const won = results.filter((r) => r !== undefined);
        expect(won).toHaveLength(1);
        expect(won[0]!.version).toBe(2);
        expect((await mustGet('key-1')).owner).toBe(won[0]!.owner);
      });

      it('leaves the previous owner stale: its update, complete and release change nothing', async () => {
        await claimNew({ leaseMs: 1_000 });
        clock.advance(1_000);
        const taken = await store.takeOver('key-1', 1, 'owner-b', LEASE);
        expect(taken?.owner).toBe('owner-b');
        expect(await store.update('key-1', 'owner-a', { phase: 'unknown', leaseMs: 1 })).toBe(
          false,
        );
        expect(await store.complete('key-1', 'owner-a', '{"stale":true}')).toBe(false);
        expect(await store.release('key-1', 'owner-a')).toBe(false);
        expect(await store.get('key-1')).toStrictEqual(taken);
      });
    });

    describe('update', () => {
      it('changes only the given fields, version + 1 each time', async () => {
        const claimed = await claimNew();
        clock.advance(100);
        expect(await store.update('key-1', 'owner-a', { phase: 'sending' })).toBe(true);
        expect(await store.get('key-1')).toStrictEqual({
          ...claimed,
          phase: 'sending',
          version: 2,
        });

        expect(await store.update('key-1', 'owner-a', { checkpoint: '{"refunds":[]}' })).toBe(true);
        expect(await store.get('key-1')).toStrictEqual({
          ...claimed,
          phase: 'sending',
          checkpoint: '{"refunds":[]}',
          version: 3,
        });

        clock.advance(100);
        expect(await store.update('key-1', 'owner-a', { leaseMs: 5_000 })).toBe(true);
        expect(await store.get('key-1')).toStrictEqual({
          ...claimed,
          phase: 'sending',
          checkpoint: '{"refunds":[]}',
          leaseExpiresAt: T0 + 200 + 5_000,
          version: 4,
        });

        expect(
          await store.update('key-1', 'owner-a', {
            phase: 'unknown',
            checkpoint: '{"refunds":[1]}',
            leaseMs: 1,
          }),
        ).toBe(true);
        expect(await store.get('key-1')).toStrictEqual({
          ...claimed,
          phase: 'unknown',
          checkpoint: '{"refunds":[1]}',
          leaseExpiresAt: T0 + 200 + 1,
          version: 5,
        });
      });

      it('with leaseMs: 0 ends the lease now, so takeOver works without waiting', async () => {
        await claimNew();
        clock.advance(10);
        expect(await store.update('key-1', 'owner-a', { leaseMs: 0 })).toBe(true);
        const parked = await mustGet('key-1');
        expect(parked).toMatchObject({ leaseExpiresAt: T0 + 10, leaseExpired: true, version: 2 });
        const taken = await store.takeOver('key-1', 2, 'owner-b', LEASE);
        expect(taken).toMatchObject({ owner: 'owner-b', version: 3, leaseExpired: false });
      });

      it('by someone other than the owner, of a completed or of a missing record, changes nothing', async () => {
        const claimed = await claimNew();
        expect(await store.update('key-1', 'owner-b', { phase: 'sending', leaseMs: 0 })).toBe(
          false,
        );
        expect(await store.get('key-1')).toStrictEqual(claimed);

        await store.complete('key-1', 'owner-a', '{}');
        const completed = await mustGet('key-1');
        expect(await store.update('key-1', 'owner-a', { phase: 'sending' })).toBe(false);
        expect(await store.get('key-1')).toStrictEqual(completed);

        expect(await store.update('missing', 'owner-a', { phase: 'sending' })).toBe(false);
        expect(await store.get('missing')).toBeUndefined();
      });

      it('still works for the owner after its lease ran out, until someone takes over', async () => {
        // Compare-and-set on the owner: expiry lets others take over, it does not revoke.
        await claimNew({ leaseMs: 1_000 });
        clock.advance(2_000);
        expect(await store.update('key-1', 'owner-a', { leaseMs: 1_000 })).toBe(true);
        expect(await mustGet('key-1')).toMatchObject({
          leaseExpiresAt: T0 + 3_000,
          leaseExpired: false,
          version: 2,
        });
        expect(await store.takeOver('key-1', 2, 'owner-b', LEASE)).toBeUndefined();
      });
    });

    describe('complete', () => {
      it('stores the result and clears owner, phase and lease; completedAt by the store clock', async () => {
        await claimNew();
        await store.update('key-1', 'owner-a', { phase: 'sending', checkpoint: '{"c":1}' });
        const before = await mustGet('key-1');
        clock.advance(700);
        expect(await store.complete('key-1', 'owner-a', '{"status":"succeeded"}')).toBe(true);
        const expected: IdempotencyRecord = {
          ...before,
          state: 'completed',
          phase: undefined,
          owner: undefined,
          leaseExpiresAt: undefined,
          leaseExpired: false,
          result: '{"status":"succeeded"}',
          version: before.version + 1,
          completedAt: T0 + 700,
        };
        expect(await store.get('key-1')).toStrictEqual(expected);
        expect(expected.checkpoint).toBe('{"c":1}');
      });

      it('by a stale owner, twice, or of a missing record changes nothing', async () => {
        await claimNew();
        expect(await store.complete('key-1', 'owner-b', '{"x":1}')).toBe(false);
        expect(await mustGet('key-1')).toMatchObject({ state: 'in_flight', version: 1 });

        expect(await store.complete('key-1', 'owner-a', '{"first":true}')).toBe(true);
        const completed = await mustGet('key-1');
        clock.advance(50);
        expect(await store.complete('key-1', 'owner-a', '{"second":true}')).toBe(false);
        expect(await store.get('key-1')).toStrictEqual(completed);

        expect(await store.complete('missing', 'owner-a', '{}')).toBe(false);
        expect(await store.get('missing')).toBeUndefined();
      });
    });

    describe('release', () => {
      it('deletes the record its owner holds, so the key can be claimed afresh', async () => {
        await claimNew({ owner: 'owner-a' });
        expect(await store.release('key-1', 'owner-a')).toBe(true);
        expect(await store.get('key-1')).toBeUndefined();
        expect(await store.listInFlight()).toStrictEqual([]);
        clock.advance(10);
        const again = await claimNew({ owner: 'owner-b' });
        expect(again).toMatchObject({ owner: 'owner-b', version: 1, createdAt: T0 + 10 });
      });

      it('by a stale owner, of a completed or of a missing record changes nothing', async () => {
        const claimed = await claimNew();
        expect(await store.release('key-1', 'owner-b')).toBe(false);
        expect(await store.get('key-1')).toStrictEqual(claimed);

        await store.complete('key-1', 'owner-a', '{}');
        const completed = await mustGet('key-1');
        expect(await store.release('key-1', 'owner-a')).toBe(false);
        expect(await store.get('key-1')).toStrictEqual(completed);

        expect(await store.release('missing', 'owner-a')).toBe(false);
      });
    });

    describe('updateResult', () => {
      it('replaces the result of a completed record at the expected version, version + 1', async () => {
        await claimNew();
        await store.complete('key-1', 'owner-a', '{"status":"pending"}');
        const completed = await mustGet('key-1');
        clock.advance(5_000);
        expect(await store.updateResult('key-1', completed.version, '{"status":"succeeded"}')).toBe(
          true,
        );
        expect(await store.get('key-1')).toStrictEqual({
          ...completed,
          result: '{"status":"succeeded"}',
          version: completed.version + 1,
        });
      });

      it('is refused at a stale version, on an in_flight record, or on a missing one', async () => {
        await claimNew();
        expect(await store.updateResult('key-1', 1, '{"x":1}')).toBe(false);
        expect(await mustGet('key-1')).toMatchObject({ state: 'in_flight', result: undefined });

        await store.complete('key-1', 'owner-a', '{"status":"pending"}');
        const completed = await mustGet('key-1');
        expect(await store.updateResult('key-1', completed.version - 1, '{"x":2}')).toBe(false);
        expect(await store.updateResult('key-1', completed.version + 1, '{"x":3}')).toBe(false);
        expect(await store.get('key-1')).toStrictEqual(completed);

        expect(await store.updateResult('missing', 1, '{}')).toBe(false);
        expect(await store.get('missing')).toBeUndefined();
      });

      it('of two concurrent updates at one version, exactly one lands', async () => {
        await claimNew();
        await store.complete('key-1', 'owner-a', '{"status":"pending"}');
        const { version } = await mustGet('key-1');
        const results = await Promise.all([
          store.updateResult('key-1', version, '{"status":"succeeded"}'),
          store.updateResult('key-1', version, '{"status":"failed"}'),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const landed = results[0] ? '{"status":"succeeded"}' : '{"status":"failed"}';
        expect(await mustGet('key-1')).toMatchObject({ result: landed, version: version + 1 });
      });
    });

    describe('version', () => {
      it('goes up by one on every change and never on a refused one', async () => {
        const versions: number[] = [];
        const record = async () => {
          versions.push((await mustGet('key-1')).version);
        };
        await claimNew({ leaseMs: 1_000 });
        await record();
        await store.update('key-1', 'owner-a', { phase: 'sending' });
        await record();
        await store.update('key-1', 'owner-b', { phase: 'unknown' }); // refused
        await store.takeOver('key-1', 2, 'owner-b', LEASE); // refused: lease still runs
        await record();
        clock.advance(1_000);
        await store.takeOver('key-1', 2, 'owner-b', LEASE);
        await record();
        await store.update('key-1', 'owner-b', { leaseMs: LEASE });
        await record();
        await store.complete('key-1', 'owner-a', '{}'); // refused: stale owner
        await store.complete('key-1', 'owner-b', '{"status":"pending"}');
        await record();
        await store.updateResult('key-1', 1, '{}'); // refused: stale version
        await store.updateResult('key-1', 5, '{"status":"succeeded"}');
        await record();
        expect(versions).toStrictEqual([1, 2, 2, 3, 4, 5, 6]);
      });
    });

    describe('listByOrder and listInFlight', () => {
      it('listByOrder returns every record of one order, whatever its state, oldest first', async () => {
        // Keys in non-alphabetical order of creation, so a key-ordered store would show.
        await claimNew({ key: 'k-z', owner: 'o-1' });
        clock.advance(1);
        await claimNew({ key: 'k-a', owner: 'o-2' });
        clock.advance(1);
        await claimNew({ key: 'k-other-order', orderKey: 'keeta:shop-1:order-2', owner: 'o-3' });
        clock.advance(1);
        await claimNew({ key: 'k-m', owner: 'o-4' });
        await store.complete('k-a', 'o-2', '{}');

        const list = await store.listByOrder('keeta:shop-1:order-1');
        expect(list.map((r) => r.key)).toStrictEqual(['k-z', 'k-a', 'k-m']);
        expect(list.map((r) => r.state)).toStrictEqual(['in_flight', 'completed', 'in_flight']);
        expect(list[1]).toStrictEqual(await store.get('k-a'));
        expect(await store.listByOrder('keeta:shop-1:nothing')).toStrictEqual([]);
      });

      it('listInFlight returns only in_flight records, of every order, oldest first', async () => {
        await claimNew({ key: 'k-3', orderKey: 'kakaclo:x', provider: 'kakaclo', owner: 'o-1' });
        clock.advance(1);
        await claimNew({ key: 'k-1', owner: 'o-2' });
        clock.advance(1);
        await claimNew({
          key: 'k-2',
          orderKey: 'shoplazza:y',
          provider: 'shoplazza',
          owner: 'o-3',
        });
        clock.advance(1);
        await claimNew({ key: 'k-0', owner: 'o-4' });
        await store.complete('k-1', 'o-2', '{}');
        await store.release('k-0', 'o-4');

        const list = await store.listInFlight();
        expect(list.map((r) => r.key)).toStrictEqual(['k-3', 'k-2']);
        expect(list[0]).toStrictEqual(await store.get('k-3'));
        expect(list.every((r) => r.state === 'in_flight')).toBe(true);
      });
    });

    describe('order locks', () => {
      const ORDER = 'keeta:shop-1:order-1';

      it('are exclusive while the lease runs, re-entrant for the holder, and free after unlock', async () => {
        expect(await store.lockOrder(ORDER, 'owner-a', LEASE)).toBe(true);
        expect(await store.lockOrder(ORDER, 'owner-b', LEASE)).toBe(false);
        expect(await store.lockOrder(ORDER, 'owner-a', LEASE)).toBe(true);
        expect(await store.lockOrder(ORDER, 'owner-b', LEASE)).toBe(false);
        await store.unlockOrder(ORDER, 'owner-a');
        expect(await store.lockOrder(ORDER, 'owner-b', LEASE)).toBe(true);
        expect(await store.lockOrder(ORDER, 'owner-a', LEASE)).toBe(false);
      });

      it('are free from the instant their lease ends', async () => {
        expect(await store.lockOrder(ORDER, 'owner-a', 1_000)).toBe(true);
        clock.advance(999);
        expect(await store.lockOrder(ORDER, 'owner-b', LEASE)).toBe(false);
        clock.advance(1);
        expect(await store.lockOrder(ORDER, 'owner-b', LEASE)).toBe(true);
        expect(await store.lockOrder(ORDER, 'owner-a', LEASE)).toBe(false);
      });

      it('re-locking by the holder starts a new lease from now', async () => {
        expect(await store.lockOrder(ORDER, 'owner-a', 1_000)).toBe(true);
        clock.advance(900);
        expect(await store.lockOrder(ORDER, 'owner-a', 1_000)).toBe(true);
        clock.advance(900); // past the first lease, inside the second
        expect(await store.lockOrder(ORDER, 'owner-b', LEASE)).toBe(false);
        clock.advance(100);
        expect(await store.lockOrder(ORDER, 'owner-b', LEASE)).toBe(true);
      });

      it('are renewed only by their holder', async () => {
        expect(await store.lockOrder(ORDER, 'owner-a', 1_000)).toBe(true);
        clock.advance(900);
        expect(await store.renewOrderLock(ORDER, 'owner-b', 10_000)).toBe(false);
        expect(await store.renewOrderLock(ORDER, 'owner-a', 1_000)).toBe(true);
        clock.advance(900); // past the first lease, inside the renewed one
        expect(await store.lockOrder(ORDER, 'owner-b', LEASE)).toBe(false);
        clock.advance(100);
        expect(await store.lockOrder(ORDER, 'owner-b', LEASE)).toBe(true);
        // owner-a's lock lapsed and owner-b took it: owner-a can no longer renew it.
        expect(await store.renewOrderLock(ORDER, 'owner-a', LEASE)).toBe(false);
        expect(await store.lockOrder(ORDER, 'owner-a', LEASE)).toBe(false);
        expect(await store.renewOrderLock('keeta:shop-1:never-locked', 'owner-a', LEASE)).toBe(
          false,
        );
        expect(await store.lockOrder('keeta:shop-1:never-locked', 'owner-b', LEASE)).toBe(true);
      });

      it('are not freed by an unlock from someone else', async () => {
        expect(await store.lockOrder(ORDER, 'owner-a', LEASE)).toBe(true);
        await store.unlockOrder(ORDER, 'owner-b');
        expect(await store.lockOrder(ORDER, 'owner-b', LEASE)).toBe(false);
        expect(await store.renewOrderLock(ORDER, 'owner-a', LEASE)).toBe(true);
      });

      it('of 10 concurrent lockOrder calls, exactly one holds it; orders are independent', async () => {
        const held = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.lockOrder(ORDER, `owner-${i}`, LEASE)),
        );
        expect(held.filter(Boolean)).toHaveLength(1);
        expect(await store.lockOrder('keeta:shop-1:order-2', 'owner-x', LEASE)).toBe(true);
        expect(await store.listByOrder(ORDER)).toStrictEqual([]);
      });
    });

    describe('prune', () => {
      it('deletes only completed records completed more than the retention ago', async () => {
        const RETENTION = 60_000;
        await claimNew({ key: 'old', owner: 'o' });
        await claimNew({ key: 'boundary', owner: 'o' });
        await claimNew({ key: 'old-in-flight', owner: 'o', leaseMs: 1 });
        await store.complete('old', 'o', '{}');
        clock.advance(1);
        await store.complete('boundary', 'o', '{}');
        clock.advance(RETENTION - 1);
        await claimNew({ key: 'recent', owner: 'o' });
        await store.complete('recent', 'o', '{}');
        clock.advance(1);
        // Now: 'old' completed RETENTION + 1 ago, 'boundary' exactly RETENTION ago.
        expect(await store.prune(RETENTION)).toBe(1);
        expect(await store.get('old')).toBeUndefined();
        expect((await store.listByOrder('keeta:shop-1:order-1')).map((r) => r.key)).toStrictEqual([
          'boundary',
          'old-in-flight',
          'recent',
        ]);
        expect(await store.prune(RETENTION)).toBe(0);

        clock.advance(10 * RETENTION);
        expect(await store.prune(RETENTION)).toBe(2);
        expect((await store.listInFlight()).map((r) => r.key)).toStrictEqual(['old-in-flight']);
        expect(await store.get('old-in-flight')).toMatchObject({ state: 'in_flight' });
      });
    });

    describe('JSON text fields', () => {
      const tricky = [
        JSON.stringify({
          amount: '123456789012345678901234567890.123456789012345678',
          minor: '98765432109876543210987654321',
          note: 'Rückerstattung – 退款 – استرداد – 🧾💸 – e\u0301 – \u2028\u2029',
          escaped: 'quote " backslash \\ nul \u0000 tab \t',
        }),
        // Not canonical JSON: whitespace, key order and a bare big number must come back as is.
        '{ "b" : 1 ,\n  "a" : [ 12345678901234567890123456789 , -0.000000000000000000001 ] }',
        '12345678901234567890123456789012345678901234567890',
        '"\\ud83d\\ude00 \\u00e9"',
        '',
        ' \n\t{"padded":true}\r\n ',
      ];

      it.each(tricky.map((text, i) => [i, text] as const))(
        'round-trip exactly through every write (sample %i)',
        async (_, text) => {
          await claimNew({ key: `k-${text}`, orderKey: `o-${text}`, request: text });
          await store.update(`k-${text}`, 'owner-a', { checkpoint: text });
          const inFlight = await mustGet(`k-${text}`);
          expect(inFlight).toMatchObject({
            request: text,
            checkpoint: text,
            orderKey: `o-${text}`,
          });
          expect((await store.listByOrder(`o-${text}`))[0]).toStrictEqual(inFlight);

          await store.complete(`k-${text}`, 'owner-a', text);
          expect(await mustGet(`k-${text}`)).toMatchObject({ request: text, result: text });
          await store.updateResult(`k-${text}`, 3, `[${text}]`);
          expect((await mustGet(`k-${text}`)).result).toBe(`[${text}]`);
        },
      );
    });
  });
}
