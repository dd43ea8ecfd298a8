import { StoreError } from './errors.js';

/** Where the store's tables live. */
export interface TableNamesOptions {
  /** The PostgreSQL schema (default `public`). Created by the migration when absent. */
  readonly schema?: string;
  /** Prefix of every table and index name (default `refundkit_`). */
  readonly tablePrefix?: string;
}

/** The quoted, qualified names the SQL uses. */
export interface TableNames {
  readonly schema: string;
  /** `"schema"` quoted. */
  readonly schemaSql: string;
  readonly records: string;
  readonly locks: string;
  readonly versions: string;
  /** Unqualified, quoted index names (an index lives in its table's schema). */
  readonly index: (suffix: string) => string;
  /** Identifies this set of tables, for the migration's advisory lock. */
  readonly id: string;
}

// The longest suffix below: every name must fit PostgreSQL's 63-byte identifier limit, or the
// server would silently truncate it and two names could collide.
const LONGEST_SUFFIX = 'idempotency_completed';
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Checks and quotes the schema and table prefix. Only lower-case letters, digits and `_`
 * (starting with a letter or `_`): no quoting surprises and no case-folding mismatch
 * between quoted and unquoted uses.
 */
export function tableNames(options: TableNamesOptions = {}): TableNames {
  const schema = options.schema ?? 'public';
  const prefix = options.tablePrefix ?? 'refundkit_';
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema) || schema.length > 63) {
    throw new StoreError(
      'invalid_option',
      'options',
      `schema must match ${IDENTIFIER.source} and be at most 63 characters, got ${JSON.stringify(schema)}`,
    );
  }
  if (
    typeof prefix !== 'string' ||
    (prefix !== '' && !IDENTIFIER.test(prefix)) ||
    prefix.length + LONGEST_SUFFIX.length > 63
  ) {
    throw new StoreError(
      'invalid_option',
      'options',
      `tablePrefix must be empty or match ${IDENTIFIER.source} and be at most ` +
        `${63 - LONGEST_SUFFIX.length} characters, got ${JSON.stringify(prefix)}`,
    );
  }
  const quote = (name: string) => `"${name}"`;
  const table = (name: string) => `${quote(schema)}.${quote(prefix + name)}`;
  return {
    schema,
    schemaSql: quote(schema),
    records: table('idempotency'),
    locks: table('order_lock'),
    versions: table('schema_version'),
    index: (suffix) => quote(prefix + suffix),
    id: `${schema}.${prefix}`,
  };
}
