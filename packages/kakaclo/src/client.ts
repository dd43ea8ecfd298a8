import createClient, { type Client } from 'openapi-fetch';
import {
  Transport,
  baseUrlString,
  checkRequestOptions,
  stringifyJson,
  PLANNED_REQUEST,
} from '@refundkit/http';
import type { Answer, Operation, RequestOptions } from '@refundkit/http';
import type { paths } from './generated/openapi.js';
import { checkClientOptions, type KakacloClientOptions } from './client-options.js';
import { KAKACLO_ENVELOPE } from './envelope.js';
import { exactIdString, type KakacloId } from './ids.js';
import { checkRefundRequest, type KakacloRefundRequest } from './refund-request.js';
import { readRefundPage, type KakacloRefundPage } from './refund-page.js';

const PROVIDER = 'kakaclo';
const REFUND_ORDER: Operation = { name: 'refundOrder', idempotent: false };
const QUERY_REFUND: Operation = { name: 'queryRefund', idempotent: true };
/** Calls made through `client.raw` without their own `fetch`: treated as writes. */
const RAW: Operation = { name: 'raw', idempotent: false };

/** What `refundOrder` resolves with. */
export interface KakacloRefundResult {
  /**
   * The id KakaClo gave the refund, as an exact decimal string: KakaClo sends it as a JSON
   * string (`"111"`) or a bare integer (`10002`), and an integer above 2^53 keeps every digit.
   */
  refundId: string;
}

/** A KakaClo refund client. Create one with {@link createKakacloClient}. */
export interface KakacloClient {
  /**
   * Refunds an order that has not shipped yet: some SKUs (`orderItems`) or, without them,
   * the whole order. KakaClo decides asynchronously: follow up with {@link queryRefund}.
   *
   * Never retried once it may have reached KakaClo: a timeout, a dropped connection, a 5xx
   * or an unreadable answer rejects with `OutcomeUnknownError`, and the refund must be
   * reconciled with {@link queryRefund} before it is sent again. Only a 429 or a connection
   * that provably never opened is retried.
   *
   * @param orderId - KakaClo's order id (a string is sent as given; it is percent-encoded).
   * @param body - what to refund; leave it out to refund the whole order.
   * @returns the refund id as an exact string: `{ refundId: '10002' }`.
   * @throws LocalValidationError before sending anything, naming the bad field.
   * @throws ApiError when KakaClo answers with a `code` other than 10000 (the refund was refused).
   * @example await kakaclo.refundOrder('10001', { orderItems: [{ skuCode: 'FSZW08923_R_L_NUB', quantity: 1 }] })
   */
  refundOrder(
    orderId: KakacloId,
    body?: KakacloRefundRequest,
    options?: RequestOptions,
  ): Promise<KakacloRefundResult>;

  /**
   * Looks up refund records and their status (`pending_review`, `refund_successfully`,
   * `refund_failed`). Retried on timeouts, connection failures, 5xx and 429.
   *
   * KakaClo's docs do not say whether `id` is the order id or the refund id from
   * {@link refundOrder}; the records carry the order id in `id`.
   *
   * @returns KakaClo's `data`, with `refundNo` and `id` of every record as exact strings.
   * @example const { list } = await kakaclo.queryRefund('10001')
   */
  queryRefund(id: KakacloId, options?: RequestOptions): Promise<KakacloRefundPage>;

  /**
   * The underlying openapi-fetch client, for anything not wrapped. It adds the
   * `Authorization` header (only for requests to the configured origin) and sends through
   * {@link transport} as a non-idempotent call named `raw`: typed errors, timeout and
   * redaction apply, but nothing is retried unless it provably never left, no input is
   * checked, no envelope is unwrapped, and the default `parseAs: 'json'` rounds integers above
   * 2^53 (pass `parseAs: 'text'` and this package's `parseJson`). For a read, pass
   * `fetch: client.transport.fetchFor({ name: 'queryRefund', idempotent: true })` to get retries.
   */
  readonly raw: Client<paths>;

  /** The transport every call goes through (one origin, timeouts, retries, redaction). */
  readonly transport: Transport;

  /** The checked base URL, without a trailing slash. */
  readonly baseUrl: string;
}

/**
 * Creates a KakaClo client. Options are checked here, once, synchronously.
 *
 * @throws LocalValidationError naming the bad option (`accessToken`, `baseUrl`, `timeoutMs`,
 *   or an unknown key such as `timeoutMS`).
 * @example const kakaclo = createKakacloClient({ accessToken: process.env.KAKACLO_TOKEN! })
 */
export function createKakacloClient(options: KakacloClientOptions): KakacloClient {
  const { accessToken, url, http } = checkClientOptions(options);
  const baseUrl = baseUrlString(url);

  const transport = new Transport({
    provider: PROVIDER,
    origin: url.origin,
    secrets: [accessToken],
    envelope: KAKACLO_ENVELOPE,
    ...http,
  });
  const authorization = `Bearer ${accessToken}`;
  // Wrapped calls use their own openapi-fetch client, so middleware added to `raw` never
  // touches a refund. Their bodies are built from checked strings and safe integers, so
  // openapi-fetch's JSON.stringify is exact; `raw` callers may pass bigints.
  const api = createClient<paths>({
    baseUrl,
    headers: { Authorization: authorization },
    Request: PLANNED_REQUEST,
  });
  const raw = createClient<paths>({
    baseUrl,
    bodySerializer: (body: unknown) => stringifyJson(body),
    fetch: transport.fetchFor(RAW),
  });
  const originPrefix = `${url.origin}/`;
  raw.use({
    onRequest({ request }) {
      if (request.url.startsWith(originPrefix)) {
        request.headers.set('Authorization', authorization);
      }
      return request;
    },
  });
  // One check per operation, made once: the checks hold no state between calls.
  const refundCheck = transport.check(REFUND_ORDER);
  const queryCheck = transport.check(QUERY_REFUND);
  const invalid = (operation: Operation, answer: Answer, reason: string) =>
    transport.invalidAnswer(
      operation,
      answer.response,
      transport.parseBody(operation, answer),
      reason,
    );

  return {
    raw,
    transport,
    baseUrl,

    async refundOrder(orderId, body, callOptions) {
      const id = refundCheck.pathId('orderId', orderId);
      const wireBody = checkRefundRequest(refundCheck, body);
      const { request: call } = checkRequestOptions(refundCheck, callOptions);

      const answer = await transport.send(REFUND_ORDER, call, (init) =>
        api.POST('/openapi/v2/order/orders/{id}/refund', {
          params: { path: { id } },
          body: wireBody,
          parseAs: 'text',
          ...init,
        }),
      );
      const refundId = exactIdString(transport.envelopeData(REFUND_ORDER, answer));
      if (refundId === undefined) throw invalid(REFUND_ORDER, answer, 'has no refund id in data');
      return { refundId };
    },

    async queryRefund(id, callOptions) {
      const pathId = queryCheck.pathId('id', id);
      const { request: call } = checkRequestOptions(queryCheck, callOptions);

      const answer = await transport.send(QUERY_REFUND, call, (init) =>
        api.GET('/openapi/v2/order/orders/refund/{id}', {
          params: { path: { id: pathId } },
          parseAs: 'text',
          ...init,
        }),
      );
      const data = transport.envelopeData(QUERY_REFUND, answer);
      return readRefundPage(data, (reason) => {
        throw invalid(QUERY_REFUND, answer, reason);
      });
    },
  };
}
