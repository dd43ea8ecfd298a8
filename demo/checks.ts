import { isDeepStrictEqual } from 'node:util';
import type { Output } from './output.ts';

/**
 * One step's expectations. Each is checked where the story makes it, printed at once when
 * it fails (what was expected, what came), and the step fails if any did: the demo proves
 * what it tells, it does not just print it.
 */
export class Checks {
  readonly #out: Output;
  readonly #failures: string[] = [];

  constructor(out: Output) {
    this.#out = out;
  }

  /** The failed expectations so far, in words. */
  get failures(): readonly string[] {
    return this.#failures;
  }

  /** `got` must deep-equal `expected`. @returns whether it did. */
  expect(what: string, got: unknown, expected: unknown): boolean {
    if (isDeepStrictEqual(got, expected)) return true;
    return this.failed(`${what}: expected ${show(expected)}, got ${show(got)}`);
  }

  /**
   * Prints `text` as a fact that held when `got` deep-equals `expected`, else the mismatch:
   * every ✓ line of the story is a check.
   */
  confirm(text: string, got: unknown, expected: unknown): boolean {
    const held = this.expect(text, got, expected);
    if (held) this.#out.pass(text);
    return held;
  }

  /** A condition that must hold; `got` says what was seen instead. */
  expectThat(what: string, holds: boolean, got: unknown): boolean {
    return holds || this.failed(`${what}: got ${show(got)}`);
  }

  /** Records and prints a failed expectation. @returns false. */
  failed(text: string): false {
    this.#failures.push(text);
    this.#out.fail(text);
    return false;
  }
}

/** A value as a reader wants it: strings as they are, everything else as JSON. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'bigint' ? inner.toString() : inner,
  );
}
