import type { ApiErrorKind } from './error-kind.js';

/**
 * The slots a provider fills to describe its response envelope `{ code, message, data }`
 * (Keeta: `code` 0; KakaClo: 10000; Shoplazza 2024-07: `"SUCCESS"`). The unwrapping itself
 * is the same for every provider, so it lives here once.
 */
export interface EnvelopeSlots {
  /** How errors name the envelope: `'a Keeta envelope {code, message, data}'`. */
  readonly name: string;
  /**
   * True when `code` has the type the provider documents (Keeta: a number). A `code` of
   * another type means the body is not this provider's envelope, so nothing in it can be
   * trusted: for a write that is an unknown outcome, never a refusal a caller could act on.
   * Default: any string, number or bigint.
   */
  isCode?(code: string | number | bigint): boolean;
  /** True when `code` means success. */
  isSuccess(code: string | number | bigint): boolean;
  /** The error kind a failure code means; by default the HTTP status decides (`'other'` for 200). */
  kindOf?(code: string | number | bigint): ApiErrorKind | undefined;
}
