import { RefundkitError } from '@refundkit/refund-core';

/** What went wrong, as {@link StoreError.code}. */
export type StoreErrorCode =
  /** The connection failed or was lost (SQLSTATE class 08, 57P01, a socket error). */
  | 'connection_lost'
  /** A serialization failure or deadlock (SQLSTATE 40001, 40P01) outlived the retries. */
  | 'serialization_failure'
  /** The database holds a newer schema than this version of the package knows. */
  | 'schema_newer'
  /** The schema is not there: run `migrate()` (or the printed migration) first. */
  | 'schema_missing'
  /** A row the store read does not have the shape its schema promises. */
  | 'corrupt_row'
  /** An option or argument is not usable (the message names it). */
  | 'invalid_option'
  /** The store was closed. */
  | 'closed'
  /** Any other database error: not retried. */
  | 'query_failed';

/**
 * An error of the PostgreSQL store. A `connection_lost` or `serialization_failure` was
 * retried `attempts - 1` times before it surfaced; nothing else is retried. Messages never
 * contain the connection string's password.
 */
export class StoreError extends RefundkitError {
  override name = 'StoreError';
  /** What went wrong; see {@link StoreErrorCode}. */
  readonly code: StoreErrorCode;
  /** The SQLSTATE of the database's error, when it gave one. */
  readonly sqlState: string | undefined;
  /** How many times the statement was tried. */
  readonly attempts: number;
  /** Retryable by the caller later (connection or serialization trouble). */
  readonly retryable: boolean;

  constructor(
    code: StoreErrorCode,
    operation: string,
    message: string,
    details: { sqlState?: string | undefined; attempts?: number; cause?: unknown } = {},
  ) {
    super(
      `store-postgres ${operation}: ${message}`,
      { provider: 'store-postgres', operation },
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.code = code;
    this.sqlState = details.sqlState;
    this.attempts = details.attempts ?? 1;
    this.retryable = code === 'connection_lost' || code === 'serialization_failure';
  }
}

/** How a failed statement may be retried. */
export interface Classified {
  readonly code: StoreErrorCode;
  readonly sqlState: string | undefined;
  /** Worth another try. */
  readonly transient: boolean;
  /** The statement may have committed before the failure (its answer was lost). */
  readonly maybeCommitted: boolean;
}

const SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Sorts a `pg` error into retryable and not, and whether its statement may have applied. */
export function classify(error: unknown): Classified {
  const code = errorCode(error);
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) {
    if (code === '40001' || code === '40P01') {
      // Rolled back by the server: certainly not applied.
      return {
        code: 'serialization_failure',
        sqlState: code,
        transient: true,
        maybeCommitted: false,
      };
    }
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') {
      return { code: 'connection_lost', sqlState: code, transient: true, maybeCommitted: true };
    }
    if (code === '42P01' || code === '3F000') {
      return { code: 'schema_missing', sqlState: code, transient: false, maybeCommitted: false };
    }
    return { code: 'query_failed', sqlState: code, transient: false, maybeCommitted: false };
  }
  const message = error instanceof Error ? error.message : '';
  if (
    (code !== undefined && SOCKET_CODES.has(code)) ||
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return { code: 'connection_lost', sqlState: undefined, transient: true, maybeCommitted: true };
  }
  return { code: 'query_failed', sqlState: undefined, transient: false, maybeCommitted: false };
}

/** The `code` of a driver or socket error, if it has a string one. */
export function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object' || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Masks secrets in text shown to people: the given password wherever it appears, and the
 * password part of any `postgres://user:password@` URL.
 */
export function redact(text: string, password: string | undefined): string {
  let out = text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
  if (password !== undefined && password.length > 0) out = out.split(password).join('***');
  return out;
}
