import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { ProviderAnswer } from './provider.js';

/** A request to the admin API, as far as deciding who may use it goes. */
export interface AdminCaller {
  /** The TCP peer's address (`socket.remoteAddress`). */
  peer: string | undefined;
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * True for a loopback address: `127.0.0.0/8`, `::1` (in any spelling) and IPv4-mapped
 * `::ffff:127.x.x.x`.
 */
export function isLoopbackPeer(address: string | undefined): boolean {
  if (address === undefined) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const v4 = mapped?.[1] ?? address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  if (isIP(address) === 6) return new URL(`http://[${address}]/`).hostname === '[::1]';
  return false;
}

/**
 * Who may use `/__sandbox/…`, decided before anything is read or changed:
 * - with an admin token configured, every caller must send `Authorization: Bearer <token>`,
 *   or the inspector's session cookie, which a browser gets for the token
 *   (`inspector/sessions.ts`) because a page cannot add a header to a navigation or an
 *   `EventSource`;
 * - without one, only loopback peers, addressing the sandbox by an IP address or
 *   `localhost` (a page on another site cannot rebind its own host name to 127.0.0.1 and
 *   call in);
 * - never a cross-origin browser request (`Origin` other than the sandbox's own), and a POST
 *   only as `application/json`, which a web page cannot send across origins without a
 *   preflight the sandbox never grants.
 * @returns the refusal, or `undefined` when the request may proceed.
 */
export function adminRefusal(
  caller: AdminCaller,
  config: {
    adminToken?: string | undefined;
    /** Whether a `Cookie` header carries a live inspector session. */
    hasSession?: (cookie: string | undefined) => boolean;
  },
): ProviderAnswer | undefined {
  const host = header(caller.headers, 'host') ?? '';
  if (config.adminToken !== undefined) {
    const sent = header(caller.headers, 'authorization') ?? '';
    const session = config.hasSession?.(header(caller.headers, 'cookie')) ?? false;
    if (!session && !sameSecret(sent, `Bearer ${config.adminToken}`)) {
      return refuse(401, 'the admin API needs Authorization: Bearer <admin token>');
    }
  } else {
    if (!isLoopbackPeer(caller.peer)) {
      return refuse(
        403,
        'the admin API answers loopback peers only; start the sandbox with an admin token to allow others',
      );
    }
    if (!isUnrebindableHost(host)) {
      return refuse(
        403,
        'the admin API answers only requests addressed to an IP address or localhost',
      );
    }
  }
  if (isCrossOrigin(caller.headers)) {
    return refuse(403, 'the admin API refuses cross-origin requests');
  }
  // POST is the one write a page can send cross-origin without a preflight.
  if (caller.method === 'POST') {
    const type = header(caller.headers, 'content-type');
    if (!isJsonType(type)) {
      return refuse(415, `Content-Type: must be application/json, got ${type ?? 'none'}`);
    }
  }
  return undefined;
}

/** True when a browser sent the request from a page of another origin than the sandbox's. */
export function isCrossOrigin(headers: AdminCaller['headers']): boolean {
  const origin = header(headers, 'origin');
  return origin !== undefined && origin !== `http://${header(headers, 'host') ?? ''}`;
}

/** Whether `sent` is the admin token (compared in constant time). */
export function isAdminToken(sent: string, adminToken: string): boolean {
  return sameSecret(sent, adminToken);
}

/** `application/json`, any case, with or without parameters such as `charset`. */
export function isJsonType(value: string | undefined): boolean {
  return value !== undefined && /^application\/json\s*(;|$)/i.test(value.trim());
}

/** A `Host` no DNS answer can point elsewhere: an IP literal or `localhost`. */
function isUnrebindableHost(host: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(`http://${host}/`).hostname;
  } catch {
    return false;
  }
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  return isIP(hostname.replace(/^\[(.*)\]$/, '$1')) !== 0;
}

function header(headers: AdminCaller['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameSecret(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

function refuse(status: number, error: string): ProviderAnswer {
  return { status, body: { error } };
}
