import { createHash } from 'node:crypto';
import { stringifyJson } from '../json.js';

/**
 * Keeta's signature, for requests (which the sandbox verifies) and webhooks (which it signs):
 * lowercase hex SHA-256 of
 * `<url>?<every body param but sig, sorted by name, as name=value joined by &><AppSecret>`.
 */
export function keetaSignature(
  url: string,
  params: Readonly<Record<string, unknown>>,
  appSecret: string,
): string {
  const pairs = Object.keys(params)
    .filter((name) => name !== 'sig' && params[name] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name}=${signedValue(params[name])}`);
  return createHash('sha256')
    .update(`${url}?${pairs.join('&')}${appSecret}`, 'utf8')
    .digest('hex');
}

/** How a value enters the pre-image: strings as is, numbers as digits, JSON compact. */
function signedValue(value: unknown): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  return stringifyJson(value);
}
