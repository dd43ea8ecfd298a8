import type { IdempotencyRecord, InFlightPhase } from '@refundkit/refund-core';
import { StoreError } from './errors.js';

/**
 * The columns every read returns. `lease_expired` is computed by the statement from the same
 * clock value it used (the database's `now()` by default), never by this process.
 */
export function columns(now: string): string {
  return `key, fingerprint, provider, order_key, request, state, phase, owner,
  lease_expires_at, checkpoint, result, version, created_at, completed_at,
  (state = 'in_flight' AND lease_expires_at <= ${now}) AS lease_expired`;
}

/** A row as `pg` returns it (`bigint` columns arrive as strings). */
export type Row = Record<string, unknown>;

/** The record of one row, checked column by column. */
export function toRecord(row: Row): IdempotencyRecord {
  const state = text(row, 'state');
  if (state !== 'in_flight' && state !== 'completed') throw corrupt('state', state);
  const phase = optionalText(row, 'phase');
  if (phase !== undefined && !isPhase(phase)) throw corrupt('phase', phase);
  const leaseExpired = row['lease_expired'];
  return {
    key: text(row, 'key'),
    fingerprint: text(row, 'fingerprint'),
    provider: text(row, 'provider'),
    orderKey: text(row, 'order_key'),
    request: text(row, 'request'),
    state,
    phase,
    owner: optionalText(row, 'owner'),
    leaseExpiresAt: optionalInteger(row, 'lease_expires_at'),
    leaseExpired: leaseExpired === true,
    checkpoint: optionalText(row, 'checkpoint'),
    result: optionalText(row, 'result'),
    version: integer(row, 'version'),
    createdAt: integer(row, 'created_at'),
    completedAt: optionalInteger(row, 'completed_at'),
  };
}

function isPhase(value: string): value is InFlightPhase {
  return value === 'claimed' || value === 'sending' || value === 'unknown';
}

function optionalText(row: Row, column: string): string | undefined {
  const value = row[column];
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') throw corrupt(column, value);
  return value;
}

function text(row: Row, column: string): string {
  const value = optionalText(row, column);
  if (value === undefined) throw corrupt(column, null);
  return value;
}

function optionalInteger(row: Row, column: string): number | undefined {
  const value = row[column];
  if (value === null || value === undefined) return undefined;
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw corrupt(column, value);
  return number;
}

function integer(row: Row, column: string): number {
  const value = optionalInteger(row, column);
  if (value === undefined) throw corrupt(column, null);
  return value;
}

function corrupt(column: string, value: unknown): StoreError {
  return new StoreError(
    'corrupt_row',
    'read',
    `unexpected ${column} in the database: ${String(value)}`,
  );
}
