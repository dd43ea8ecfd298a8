import type { Operation, Transport } from '@refundkit/http';

/**
 * Keeta's response envelope `{ code, message, data }`: HTTP 200 whenever Keeta received the
 * call, `code` 0 for success, any other code a failure explained by `message`. Keeta
 * publishes no table of codes, so a failure is a plain `ApiError` carrying `code` and
 * `message`, not classified further.
 */

/** Reads `code` and `message` out of a Keeta body, for errors; absent or mistyped ones are left out. */
export function describeKeetaError(body: unknown): { code?: number | bigint; message?: string } {
  if (body === null || typeof body !== 'object') return {};
  const { code, message } = body as { code?: unknown; message?: unknown };
  return {
    ...(typeof code === 'number' || typeof code === 'bigint' ? { code } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  };
}

/**
 * Parses a 2xx answer losslessly and returns its `data` when `code` is 0.
 *
 * @throws ApiError (from `transport.apiError`) with Keeta's `code` and `message` when `code` is not 0.
 * @throws InvalidResponseError when the body is not a Keeta envelope; for a refund write an
 *   {@link OutcomeUnknownError} instead, since Keeta may have applied it.
 */
export function unwrapEnvelope(
  transport: Transport,
  operation: Operation,
  response: Response,
  text: string,
): unknown {
  const body = transport.parseBody(operation, response, text);
  const { code, message } = describeKeetaError(body);
  if (code === undefined) {
    throw transport.invalidAnswer(
      operation,
      response,
      body,
      'has no numeric "code"; not a Keeta envelope',
    );
  }
  // `code` is a number for every value JSON.parse would read exactly, so 0 is always a number.
  if (code !== 0) {
    throw transport.apiError(operation, {
      status: response.status,
      headers: response.headers,
      body,
      code,
      message,
    });
  }
  return (body as { data?: unknown }).data;
}
