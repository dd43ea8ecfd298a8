/**
 * The conformance suite of refund-core's `IdempotencyStore` contract, for vitest: run it
 * against your own store (refund-core's memory and SQLite stores and
 * `@refundkit/store-postgres` run it too), so "one key is at most one refund" does not depend
 * on which store a deployment picks. Needs `vitest` (an optional peer dependency).
 *
 * @example
 * describeIdempotencyStoreContract('my store', (clock) => new MyStore({ clock: clock.now }));
 *
 * @module @refundkit/refund-core/testing
 */
export { describeIdempotencyStoreContract } from './store-contract.js';
export type { ContractClock, MakeStore } from './store-contract.js';
