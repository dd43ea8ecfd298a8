import {
  type ApiErrorKind,
  type Operation,
  type RefundkitError,
  type Transport,
} from '@refundkit/http';
import { describeErrorBody } from './error-body.js';
import type { PartialRefundResponse, RefundOrderResult } from './models.js';

/** The `code` of a successful 2024-07 answer. */
export const SUCCESS_CODE = 'SUCCESS';

/**
 * 2024-07 error codes the documentation names, and what kind of failure each is. Any other
 * code is a plain `ApiError`: the page does not list them, so refundkit does not guess.
 */
const KIND_OF_CODE: Readonly<Record<string, ApiErrorKind>> = {
  InvalidParameter: 'validation',
};

/**
 * Turns a 2xx answer of the 2024-07 refund into its result. `{code: "SUCCESS", data}` gives
 * `data` (`{}` when the answer has none: the spec does not promise it). Any other `code`
 * becomes a typed error carrying the code and message. An answer with no `code` at all, or
 * one that is not a JSON object, cannot tell whether the refund happened: that is an
 * `OutcomeUnknownError`.
 */
export function readRefundOrderAnswer(
  transport: Transport,
  operation: Operation,
  response: Response,
  body: unknown,
): RefundOrderResult {
  if (!isObject(body))
    throw unreadable(transport, operation, response, body, 'is not a JSON object');
  const code = body['code'];
  if (code === SUCCESS_CODE) {
    const data = body['data'];
    return isObject(data) ? (data as RefundOrderResult) : {};
  }
  if (typeof code === 'string' && code !== '') {
    const described = describeErrorBody(body);
    throw transport.apiError(operation, {
      status: response.status,
      headers: response.headers,
      body,
      code,
      message: described.message,
      kind: KIND_OF_CODE[code] ?? 'other',
    });
  }
  throw unreadable(
    transport,
    operation,
    response,
    body,
    `has no "code" (expected "${SUCCESS_CODE}")`,
  );
}

/**
 * Turns a 2xx answer of the 2022-01 partial refund into the refund order it describes. The
 * page documents no error inside a 2xx answer, so a body that is not a JSON object, or that
 * carries `error`/`errors`, is treated as unreadable: the refund may or may not have
 * happened (`OutcomeUnknownError`).
 */
export function readPartialRefundAnswer(
  transport: Transport,
  operation: Operation,
  response: Response,
  body: unknown,
): PartialRefundResponse {
  if (!isObject(body))
    throw unreadable(transport, operation, response, body, 'is not a JSON object');
  if (body['errors'] !== undefined || body['error'] !== undefined) {
    throw unreadable(transport, operation, response, body, 'carries an error');
  }
  return body as PartialRefundResponse;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A 2xx answer that does not say whether the call worked; for a write, outcome unknown. */
function unreadable(
  transport: Transport,
  operation: Operation,
  response: Response,
  body: unknown,
  reason: string,
): RefundkitError {
  const described = describeErrorBody(body).message;
  return transport.invalidAnswer(
    operation,
    response,
    body,
    described === undefined ? reason : `${reason}: ${described}`,
  );
}
