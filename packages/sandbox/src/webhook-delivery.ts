import { isIP } from 'node:net';
import { isLoopbackPeer } from './admin-access.js';
import type { KeetaWebhook } from './providers/keeta-webhook.js';

/** How long a delivery may take before the sandbox gives up on the receiver. */
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * True for an `http(s)` URL whose host is a loopback address (`127.0.0.0/8`, `::1`) or
 * `localhost`: the only places the sandbox POSTs a webhook to, so an admin call can never
 * make it reach out to another machine.
 */
export function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost') return true;
  return isIP(host) !== 0 && isLoopbackPeer(host);
}

/**
 * POSTs a webhook to a loopback URL, never following a redirect (it could point anywhere).
 * @returns the receiver's HTTP status.
 * @throws TypeError when `url` is not loopback (nothing is sent); the fetch error when the
 *   receiver cannot be reached or does not answer within 10 s.
 */
export async function deliverWebhook(
  url: string,
  webhook: KeetaWebhook,
  signal?: AbortSignal,
): Promise<{ status: number }> {
  if (!isLoopbackUrl(url)) {
    throw new TypeError(
      'url: the sandbox delivers webhooks to loopback URLs only (127.0.0.0/8, ::1, localhost)',
    );
  }
  const timeout = AbortSignal.timeout(DELIVERY_TIMEOUT_MS);
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: webhook.headers,
    body: webhook.body,
    signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
  });
  await response.body?.cancel();
  return { status: response.status };
}
