import type { Operation, Transport } from '@refundkit/http';

/** The envelope `code` KakaClo documents for success (no other code is documented). */
export const KAKACLO_SUCCESS_CODE = 10000;

/**
 * Reads KakaClo's `code` and `message` from a response body. The transport uses it for
 * non-2xx answers (a 429, a gateway's 401), so their errors carry the provider's code too.
 *
 * @example describeKakacloError({ code: 10001, message: 'order shipped' }) // { code: 10001, message: 'order shipped' }
 */
export function describeKakacloError(body: unknown): {
  code?: string | number | bigint;
  message?: string;
} {
  const described: { code?: string | number | bigint; message?: string } = {};
  if (body === null || typeof body !== 'object') return described;
  const { code, message } = body as Record<string, unknown>;
  if (typeof code === 'number' || typeof code === 'string' || typeof code === 'bigint') {
    described.code = code;
  }
  if (typeof message === 'string') described.message = message;
  return described;
}

/**
 * Unwraps a 2xx answer's envelope `{code, message, data}` and returns `data`.
 *
 * - `code` 10000 is success. The string `"10000"` counts too: reading a success as a failure
 *   could make a caller send a refund again.
 * - Any other `code` is a failure KakaClo reported: `transport.apiError` with the code and
 *   message. KakaClo documents no failure codes, so no `kind` is claimed and the error is a
 *   plain `ApiError`.
 * - A body without a `code` is not an envelope: `InvalidResponseError`, or for a refund
 *   write `OutcomeUnknownError`.
 */
export function envelopeData(
  transport: Transport,
  operation: Operation,
  response: Response,
  body: unknown,
): unknown {
  const { code, message } = describeKakacloError(body);
  if (code === undefined) {
    throw transport.invalidAnswer(
      operation,
      response,
      body,
      'is not a KakaClo envelope {code, message, data}',
    );
  }
  if (String(code) === String(KAKACLO_SUCCESS_CODE)) {
    return (body as Record<string, unknown>)['data'];
  }
  throw transport.apiError(operation, {
    status: response.status,
    headers: response.headers,
    body,
    code,
    message,
  });
}
