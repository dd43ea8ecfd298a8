import { inspect } from 'node:util';
import { expect } from 'vitest';

/**
 * Every way an error can reach a log: message, `String()`, `JSON.stringify`, `util.inspect`
 * (which walks `cause` and own properties) and the stack.
 */
export function everyRendering(error: unknown): string {
  const parts = [String(error), inspect(error, { depth: 10 })];
  try {
    parts.push(JSON.stringify(error));
  } catch (cause) {
    parts.push(`JSON.stringify threw: ${String(cause)}`);
  }
  if (error instanceof Error) parts.push(error.message, error.stack ?? '');
  return parts.join('\n');
}

/** Asserts that none of `secrets` appears in any rendering of `error`. */
export function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
  const text = everyRendering(error);
  for (const secret of secrets) expect(text).not.toContain(secret);
}
