import type { Answer, Operation, Transport } from '@refundkit/http';
import { describeShoplazzaError } from './error-body.js';
import type { PartialRefundResponse, RefundOrderResult } from './models.js';

/**
 * Checks a 2xx answer of the 2022-01 partial refund (already parsed, lossless) and returns
 * the refund order it describes, its ids as strings. The page documents no error inside a
 * 2xx answer, so a body that is not a JSON object, or that carries `error`/`errors`, says
 * nothing trustworthy: the refund may or may not have happened (`OutcomeUnknownError`).
 */
export function partialRefundAnswer(
  transport: Transport,
  operation: Operation,
  answer: Answer,
  body: unknown,
): PartialRefundResponse {
  const fail = (reason: string) =>
    transport.invalidAnswer(operation, answer.response, body, reason);
  if (!isObject(body)) throw fail('is not a JSON object');
  if (body['errors'] !== undefined || body['error'] !== undefined) {
    const described = describeShoplazzaError(body).message;
    throw fail(described === undefined ? 'carries an error' : `carries an error: ${described}`);
  }
  stringId(body, 'Id', 'Id', fail);
  const order = body['Order'];
  if (isObject(order)) {
    stringId(order, 'Id', 'Order.Id', fail);
    if (isObject(order['ShippingLine'])) {
      stringId(order['ShippingLine'], 'Id', 'Order.ShippingLine.Id', fail);
    }
    if (isObject(order['Customer']))
      stringId(order['Customer'], 'UserId', 'Order.Customer.UserId', fail);
  }
  return body;
}

/**
 * The `data` of a 2024-07 `SUCCESS` answer, its ids as strings; `{}` when the answer has no
 * object `data` (the spec does not promise one, and `SUCCESS` already says it worked).
 */
export function refundOrderResult(
  transport: Transport,
  operation: Operation,
  answer: Answer,
  data: unknown,
): RefundOrderResult {
  if (!isObject(data)) return {};
  const fail = (reason: string) =>
    transport.invalidAnswer(operation, answer.response, data, reason);
  stringId(data, 'refund_record_id', 'data.refund_record_id', fail);
  stringId(data, 'post_sale_id', 'data.post_sale_id', fail);
  return data;
}

/**
 * Ids are strings in the spec and in what the client returns. An integer id (a provider
 * that answers `"Id": 42`, or one beyond 2^53 that the lossless parser kept as a bigint)
 * becomes its exact digit string, in place: the object was parsed for this call alone.
 */
function stringId(
  object: Record<string, unknown>,
  key: string,
  path: string,
  fail: (reason: string) => Error,
): void {
  const value = object[key];
  if (value === undefined || typeof value === 'string') return;
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) {
    object[key] = String(value);
    return;
  }
  throw fail(`has an id that is neither a string nor an integer at ${path}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
