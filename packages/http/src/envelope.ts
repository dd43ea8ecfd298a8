import type { ApiErrorKind } from './error-kind.js';
import type { Operation } from './request-options.js';
import type { Answer, Transport } from './transport.js';

/**
 * The slots a provider fills to describe its response envelope `{ code, message, data }`
 * (Keeta: `code` 0; KakaClo: 10000; Shoplazza 2024-07: `"SUCCESS"`). The unwrapping itself
 * is the same for every provider, so it lives here once.
 */
export interface EnvelopeSlots {
  /** How errors name the envelope: `'a Keeta envelope {code, message, data}'`. */
  readonly name: string;
  /** True when `code` means success. */
  isSuccess(code: string | number | bigint): boolean;
  /** The error kind a failure code means; by default the HTTP status decides (`'other'` for 200). */
  kindOf?(code: string | number | bigint): ApiErrorKind | undefined;
}

/**
 * Parses a 2xx answer (lossless JSON) and returns the envelope's `data` when `code` means
 * success.
 *
 * @throws ApiError (typed by `slots.kindOf`) with the provider's `code` and `message` when
 *   the code is a failure.
 * @throws InvalidResponseError when the body is not such an envelope; for a refund write an
 *   `OutcomeUnknownError` instead, since the provider may have applied it.
 */
export function envelopeData(
  transport: Transport,
  operation: Operation,
  answer: Answer,
  slots: EnvelopeSlots,
): unknown {
  const body = transport.parseBody(operation, answer);
  const { response } = answer;
  const { code, message } = describeEnvelope(body);
  if (code === undefined || code === '') {
    throw transport.invalidAnswer(operation, response, body, `is not ${slots.name}`);
  }
  if (!slots.isSuccess(code)) {
    throw transport.apiError(operation, {
      status: response.status,
      headers: response.headers,
      body,
      code,
      message,
      kind: slots.kindOf?.(code) ?? (response.status === 200 ? 'other' : undefined),
    });
  }
  return (body as { data?: unknown }).data;
}

/**
 * Reads `code` and `message` out of an envelope-shaped body; absent or mistyped ones are
 * left out. Also a provider's `describeError` for its error bodies.
 */
export function describeEnvelope(body: unknown): {
  code?: string | number | bigint;
  message?: string;
} {
  const described: { code?: string | number | bigint; message?: string } = {};
  if (body === null || typeof body !== 'object') return described;
  const { code, message } = body as { code?: unknown; message?: unknown };
  if (typeof code === 'number' || typeof code === 'string' || typeof code === 'bigint') {
    described.code = code;
  }
  if (typeof message === 'string') described.message = message;
  return described;
}
