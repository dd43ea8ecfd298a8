import { LocalValidationError, stringifyJson } from '@refundkit/http';
import { sha256Hex } from './sha256.js';

/**
 * Keeta's request signature (protocols.md, "Signature"): lowercase hex SHA-256 of
 * `<full endpoint URL>?<name=value pairs sorted by name, joined with &><AppSecret>`.
 * Keeta signs the webhooks it pushes with the same rule, so the same code verifies them.
 *
 * How a parameter's value is written:
 * - a string as is (no percent-encoding, non-ASCII included);
 * - a number, bigint or boolean as its digits / `true` / `false` (a bigint id keeps every digit);
 * - an object or array as compact JSON with its keys in their original order, written by
 *   the same serialiser the client uses for the body (`stringifyJson`'s text),
 *   so a nested `null` stays `null` and a nested bigint stays exact;
 * - `null` or `''` as nothing: the pair is kept as `name=` ("parameters with no value are
 *   still included");
 * - `undefined` is left out entirely: `JSON.stringify` drops such a key from the body, so
 *   Keeta never receives it and cannot sign it.
 * `sig` itself is never part of the pre-image.
 */

/** What a signature covers: the full endpoint URL and the body parameters. */
export interface KeetaSignatureInput {
  /** The full endpoint URL, e.g. `https://open.mykeeta.com/api/open/order/refund/part/apply`. */
  url: string;
  /** Every body parameter (common ones included). A `sig` entry is ignored. */
  params: Readonly<Record<string, unknown>>;
}

const ORIGIN = { provider: 'keeta', operation: 'signKeetaRequest' };

/**
 * The signature pre-image without the AppSecret: `url + '?' + sorted name=value pairs`.
 * Keeta's pre-image is this string followed directly by the AppSecret. Kept separate so the
 * secret-free part can be inspected or logged.
 *
 * @example
 * keetaSigningString({ url: 'https://h/x', params: { b: 2, a: { k: null } } }) // 'https://h/x?a={"k":null}&b=2'
 */
export function keetaSigningString({ url, params }: KeetaSignatureInput): string {
  // The default sort compares UTF-16 code units: for ASCII names this is ASCII order.
  const names = Object.keys(params).sort();
  let text = `${url}?`;
  let separator = '';
  for (const name of names) {
    const value = params[name];
    if (name === 'sig' || value === undefined) continue;
    text += `${separator}${name}=${formatValue(value)}`;
    separator = '&';
  }
  return text;
}

/**
 * Computes Keeta's `sig` for a request (or a webhook) body: lowercase hex SHA-256 (64
 * characters). Async for every runtime; on Node it hashes synchronously underneath
 * (`node:crypto`), elsewhere with Web Crypto, and the signature is the same.
 *
 * @throws LocalValidationError when `appSecret` is empty.
 * @example
 * const sig = await signKeetaRequest({ url, params: { appId: 123, accessToken, timestamp }, appSecret });
 */
export async function signKeetaRequest(
  input: KeetaSignatureInput & { appSecret: string },
): Promise<string> {
  if (typeof input.appSecret !== 'string' || input.appSecret === '') {
    throw new LocalValidationError(
      ORIGIN,
      'appSecret',
      'non_empty_string',
      'must be a non-empty string',
    );
  }
  return keetaSignature(input.url, input.params, input.appSecret);
}

/**
 * The client's own signing: {@link signKeetaRequest} without the secret check (the client
 * checked it once) and without a promise where the runtime hashes synchronously, so a call
 * on Node never waits a turn of the event loop for its signature.
 */
export function keetaSignature(
  url: string,
  params: Readonly<Record<string, unknown>>,
  appSecret: string,
): string | Promise<string> {
  return sha256Hex(keetaSigningString({ url, params }) + appSecret);
}

/**
 * Checks a `sig` Keeta sent (on a webhook it pushed), comparing in constant time. Pass the
 * body parsed with `parseJson` (re-exported by this package) rather than `JSON.parse`, so
 * ids above 2^53 keep their digits, and the URL Keeta called (your webhook URL).
 * The comparison ignores the case of `sig`; anything that is not 64 hex digits is refused.
 *
 * @returns true when `sig` is the signature of `url` and `params` under `appSecret`.
 * @example
 * const body = parseJson(rawText) as Record<string, unknown>;
 * if (!(await verifyKeetaSignature({ url, params: body, appSecret, sig: String(body.sig) }))) reject();
 */
export async function verifyKeetaSignature(
  input: KeetaSignatureInput & { appSecret: string; sig: unknown },
): Promise<boolean> {
  const expected = await signKeetaRequest(input);
  if (typeof input.sig !== 'string' || !/^[0-9a-fA-F]{64}$/.test(input.sig)) return false;
  return constantTimeEqual(expected, input.sig.toLowerCase());
}

function formatValue(value: unknown): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  return stringifyJson(value);
}

/**
 * Compares two strings of equal length without stopping at the first difference, so the
 * time taken does not tell a forger how many leading characters of a guess were right.
 */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
