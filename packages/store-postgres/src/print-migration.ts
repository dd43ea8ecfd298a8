import { parseArgs } from 'node:util';
import { StoreError } from './errors.js';
import { migrationSql } from './migration.js';

const USAGE = `usage: refundkit-store-postgres print-migration [--schema <name>] [--table-prefix <prefix>]

Prints the SQL that PostgresIdempotencyStore.migrate() applies (idempotent), for teams that
apply schema changes with their own tools.`;

/** The CLI: prints the migration SQL to `out`, problems to `err`; returns the exit code. */
export function runCli(
  args: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        schema: { type: 'string' },
        'table-prefix': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    out(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'print-migration') {
    err(`${USAGE}\n`);
    return 2;
  }
  try {
    out(
      migrationSql({
        ...(values.schema === undefined ? {} : { schema: values.schema }),
        ...(values['table-prefix'] === undefined ? {} : { tablePrefix: values['table-prefix'] }),
      }),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    err(`${error.message}\n`);
    return 2;
  }
}
