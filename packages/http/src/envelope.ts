import type { EnvelopeSlots } from './envelope-slots.js';
import type { ApiError, RefundkitError } from './errors.js';
import type { Answer, Operation, ProviderAnswer } from './request-options.js';

/** What {@link envelopeData} needs of a transport (structural, so this module needs no `Transport`). */
export interface EnvelopeReader {
  /** Parses a 2xx answer's body as lossless JSON (see `Transport.parseBody`). */
  parseBody(operation: Operation, answer: Answer): unknown;
  /** The error for a 2xx answer that is not what the provider documents. */
  invalidAnswer(
    operation: Operation,
    response: Response,
    body: unknown,
    reason: string,
  ): RefundkitError;
  /** The typed error for a provider's failure answer. */
  apiError(operation: Operation, answer: ProviderAnswer): ApiError;
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
  transport: EnvelopeReader,
  operation: Operation,
  answer: Answer,
  slots: EnvelopeSlots,
): unknown {
  const body = transport.parseBody(operation, answer);
  const { response } = answer;
  const { code, message } = describeEnvelope(body);
  if (code === undefined || code === '' || slots.isCode?.(code) === false) {
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
  /** The envelope's `code`, when it is a number, bigint or string. */
  code?: string | number | bigint;
  /** The envelope's `message`, when it is a string. */
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
