import type { EnvelopeSlots } from './envelope-slots.js';
import type { ApiError, RefundkitError } from './errors.js';
import type { Answer, Operation, ProviderAnswer } from './request-options.js';

/** What {@link envelopeData} needs of a transport (structural, so this module needs no `Transport`). */
export interface EnvelopeReader {
  parseBody(operation: Operation, answer: Answer): unknown;
  invalidAnswer(
    operation: Operation,
    response: Response,
    body: unknown,
    reason: string,
  ): RefundkitError;
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
