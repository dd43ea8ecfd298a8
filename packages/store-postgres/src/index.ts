/**
 * A PostgreSQL {@link IdempotencyStore} for `@refundkit/refund-core`: several instances of a
 * service share one truth, so one idempotency key is at most one refund across all of them.
 *
 * @packageDocumentation
 */
export { PostgresIdempotencyStore } from './store.js';
export type { PostgresIdempotencyStoreOptions } from './store.js';
export { migrationSql, SCHEMA_VERSION } from './migration.js';
export type { TableNamesOptions } from './names.js';
export { StoreError } from './errors.js';
export type { StoreErrorCode } from './errors.js';
export type { IdempotencyStore } from '@refundkit/refund-core';
