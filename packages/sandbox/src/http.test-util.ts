/**
 * Plain-HTTP helpers for the sandbox's own tests: they speak to it the way an integrator or
 * an attacker would, with `fetch` and hand-written bodies, never through a client.
 */
import { createHash } from 'node:crypto';

/** An answer as a test reads it: status, raw text, JSON when it parses. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** Sends one request; a dropped connection resolves as `status: 0`. */
export async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  try {
    const response = await fetch(url, {
      method: init.method ?? 'POST',
      redirect: 'manual',
      ...(init.headers === undefined ? {} : { headers: init.headers }),
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  } catch {
    return { status: 0, headers: new Headers(), text: '', json: undefined };
  }
}

/**
 * Keeta's signature as protocols.md states it, written independently of the sandbox:
 * sha256hex(url + '?' + sorted name=value pairs (sig left out) + appSecret), nested values as
 * compact JSON (bigints as bare digits).
 */
export function keetaSign(url: string, params: Record<string, unknown>, appSecret: string): string {
  const pairs = Object.keys(params)
    .filter((name) => name !== 'sig' && params[name] !== undefined)
    .sort()
    .map((name) => {
      return `${name}=${signedText(params[name])}`;
    });
  return createHash('sha256')
    .update(`${url}?${pairs.join('&')}${appSecret}`)
    .digest('hex');
}

function signedText(value: unknown): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  // Nested bigints (ids beyond 2^53) as bare digits, as Keeta's JSON has them.
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? `__bigint__${item}` : item,
  ).replace(/"__bigint__(-?\d+)"/g, '$1');
}
