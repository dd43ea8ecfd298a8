import { Transport, envelopeData, stringifyJson, PLANNED_REQUEST } from '@refundkit/http';
import createClient, { type Client } from 'openapi-fetch';
import { partialRefundAnswer, refundOrderResult } from './answers.js';
import { SHOPLAZZA_ENVELOPE } from './envelope.js';
import { describeShoplazzaError } from './error-body.js';
import type { paths } from './generated/openapi.js';
import type {
  PartialRefundRequest,
  PartialRefundResponse,
  RefundOrderRequest,
  RefundOrderResult,
} from './models.js';
import {
  resolveOptions,
  resolveRequestOptions,
  type ShoplazzaClientOptions,
  type ShoplazzaRequestOptions,
} from './options.js';
import { PARTIAL_REFUND, PROVIDER, RAW, REFUND_ORDER } from './operations.js';
import { checkPartialRefund } from './partial-refund-body.js';
import { checkRefundOrder } from './refund-order-body.js';

/**
 * An order id as callers hold it: a string, or a positive integer as `number` (exact, at
 * most 2^53 − 1) or `bigint`. It is sent as its exact digits, percent-encoded.
 */
export type ShoplazzaOrderId = string | number | bigint;

/** A Shoplazza Admin OpenAPI client for one store. Create it with {@link createShoplazzaClient}. */
export interface ShoplazzaClient {
  /** The store's subdomain label (`mystore`), or `undefined` when only `baseUrl` was given. */
  readonly shop: string | undefined;
  /** Where requests go, e.g. `https://mystore.myshoplaza.com`. */
  readonly baseUrl: string;
  /** The transport every call goes through (timeouts, retries, typed errors, redaction). */
  readonly transport: Transport;
  /**
   * An openapi-fetch client for anything not wrapped. It sends the `access-token` header
   * and, by default, goes through {@link ShoplazzaClient.transport} as a non-idempotent
   * operation named `raw`: same origin check, timeout, no redirects, typed errors for
   * non-2xx, retries only when the request provably never left or got 429. It does no input
   * validation and parses JSON with `JSON.parse` unless you pass `parseAs: 'text'` and use
   * `parseJson`. For a safe-to-repeat call, pass
   * `fetch: client.transport.fetchFor({ name: 'myCall', idempotent: true })`. Passing any
   * other `fetch` bypasses the origin check, so only do that with the configured base URL.
   * Middleware added here (`raw.use`) sees `raw` calls only: the refund methods use a
   * private instance.
   */
  readonly raw: Client<paths>;
  /**
   * Partially refunds an order through API version 2022-01
   * (`POST /openapi/2022-01/orders/{id}/partial_refund`). The body is checked first and
   * rebuilt from the checked fields (nothing is sent if it is bad, unknown fields included);
   * the call is never resent after it may have reached Shoplazza.
   *
   * @returns the refund order Shoplazza created (PascalCase fields, as documented), ids as
   *   strings.
   * @throws LocalValidationError, ValidationError, AuthenticationError, PermissionDeniedError,
   * NotFoundError, ConflictError (406: the order cannot be refunded now), RateLimitError,
   * OutcomeUnknownError (timeout, dropped connection, 5xx: reconcile before resending).
   * @example await client.partialRefund('1232123', { is_return: false, price: '81.00' });
   */
  partialRefund(
    orderId: ShoplazzaOrderId,
    body: PartialRefundRequest,
    options?: ShoplazzaRequestOptions,
  ): Promise<PartialRefundResponse>;
  /**
   * Refunds an order through API version 2024-07
   * (`POST /openapi/2024-07/orders/{order_id}/refund`, operation `refundOrder`). The body is
   * checked first and rebuilt from the checked fields (nothing is sent if it is bad),
   * including that `refund_total` equals the sum of `refund_payments`.
   *
   * @returns the `data` of the `{code: "SUCCESS"}` answer: `refund_record_id`, `post_sale_id`
   *   (strings).
   * @throws as {@link ShoplazzaClient.partialRefund}; an HTTP 200 whose `code` is not
   * `"SUCCESS"` is an `ApiError` (a `ValidationError` for `InvalidParameter`) with that code.
   * @example await client.refundOrder('1232123', { refund_total: '10.00' });
   */
  refundOrder(
    orderId: ShoplazzaOrderId,
    body: RefundOrderRequest,
    options?: ShoplazzaRequestOptions,
  ): Promise<RefundOrderResult>;
}

/**
 * Creates a client for one Shoplazza store. Options are checked here, once, synchronously.
 *
 * @throws LocalValidationError naming the bad option (`shop`, `accessToken`, `baseUrl`, …).
 * @example
 * const shoplazza = createShoplazzaClient({ shop: 'mystore', accessToken: process.env.TOKEN! });
 */
export function createShoplazzaClient(options: ShoplazzaClientOptions): ShoplazzaClient {
  const config = resolveOptions(options);
  const transport = new Transport({
    ...config.http,
    provider: PROVIDER,
    origin: config.origin,
    secrets: [config.accessToken],
    describeError: describeShoplazzaError,
  });
  const headers = { 'access-token': config.accessToken, accept: 'application/json' };
  const raw = createClient<paths>({
    baseUrl: config.baseUrl,
    // Client-wide so `raw` is authenticated too; the transport refuses any other origin.
    headers,
    bodySerializer: stringifyJson,
    fetch: transport.fetchFor(RAW),
  });
  // The refund methods' own instance: middleware a caller adds to `raw` never sees a refund
  // (nor its token), and the header is set per call.
  const api = createClient<paths>({
    baseUrl: config.baseUrl,
    bodySerializer: stringifyJson,
    Request: PLANNED_REQUEST,
  });

  // One check per operation, made once: checks hold no state between calls.
  const partialRefundCheck = transport.check(PARTIAL_REFUND);
  const refundOrderCheck = transport.check(REFUND_ORDER);

  return {
    shop: config.shop,
    baseUrl: config.baseUrl,
    transport,
    raw,

    async partialRefund(orderId, body, callOptions) {
      const check = partialRefundCheck;
      const id = check.pathId('orderId', orderId);
      const { request, decimals } = resolveRequestOptions(check, callOptions, config.decimals);
      const sent = checkPartialRefund(check, body, decimals);
      const answer = await transport.send(PARTIAL_REFUND, request, (init) =>
        api.POST('/openapi/2022-01/orders/{id}/partial_refund', {
          params: { path: { id } },
          body: sent,
          headers,
          parseAs: 'text',
          ...init,
        }),
      );
      const parsed = transport.parseBody(PARTIAL_REFUND, answer);
      return partialRefundAnswer(transport, PARTIAL_REFUND, answer, parsed);
    },

    async refundOrder(orderId, body, callOptions) {
      const check = refundOrderCheck;
      const id = check.pathId('orderId', orderId);
      const { request, decimals } = resolveRequestOptions(check, callOptions, config.decimals);
      const sent = checkRefundOrder(check, body, decimals);
      const answer = await transport.send(REFUND_ORDER, request, (init) =>
        api.POST('/openapi/2024-07/orders/{order_id}/refund', {
          params: { path: { order_id: id } },
          body: sent,
          headers,
          parseAs: 'text',
          ...init,
        }),
      );
      const data = envelopeData(transport, REFUND_ORDER, answer, SHOPLAZZA_ENVELOPE);
      return refundOrderResult(transport, REFUND_ORDER, answer, data);
    },
  };
}
