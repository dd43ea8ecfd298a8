import type { ErrorOrigin } from './errors.js';
import type { HttpEvent } from './events.js';
import { parseJson } from './json.js';
import { PlannedRequest } from './planned-request.js';
import type { Redactor } from './redact.js';

/**
 * The redacted `request` and `response` log events. Built only when a client has a logger,
 * so a call without one pays nothing for them.
 */

/** The `request` event: method, URL, headers and body, every secret masked. */
export async function requestEvent(
  redactor: Redactor,
  origin: ErrorOrigin,
  request: Request | PlannedRequest,
  attempt: number,
): Promise<HttpEvent> {
  return {
    type: 'request',
    ...origin,
    attempt,
    method: request.method,
    url: redactor.url(request.url),
    headers: redactor.headers(request.headers),
    body: await redactedBody(redactor, request),
  };
}

/** The `response` event: status, timing, request id and headers, every secret masked. */
export function responseEvent(
  redactor: Redactor,
  origin: ErrorOrigin,
  response: Response,
  details: { attempt: number; durationMs: number; requestId: string | undefined },
): HttpEvent {
  return {
    type: 'response',
    ...origin,
    ...details,
    status: response.status,
    headers: redactor.headers(response.headers),
  };
}

async function redactedBody(
  redactor: Redactor,
  request: Request | PlannedRequest,
): Promise<unknown> {
  const text =
    request instanceof PlannedRequest
      ? typeof request.body === 'string'
        ? request.body
        : ''
      : await request.clone().text();
  if (text === '') return undefined;
  try {
    return redactor.value(parseJson(text));
  } catch {
    return redactor.string(text);
  }
}
