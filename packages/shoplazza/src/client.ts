import { InputCheck, Transport, stringifyJson, type Operation } from '@refundkit/http';
import createClient, { type Client } from 'openapi-fetch';
import { readPartialRefundAnswer, readRefundOrderAnswer } from './envelope.js';
import { describeErrorBody } from './error-body.js';
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
import { checkPartialRefund, checkRefundOrder } from './validate.js';

const PROVIDER = 'shoplazza';
/** Both operations move money: never repeated unless provably not sent, or refused with 429. */
const PARTIAL_REFUND: Operation = { name: 'partialRefund', idempotent: false };
const REFUND_ORDER: Operation = { name: 'refundOrder', idempotent: false };
/** What `raw` calls count as by default: writes, because the transport cannot tell. */
const RAW: Operation = { name: 'raw', idempotent: false };

/** A Shoplazza Admin OpenAPI client for one store. Create it with {@link createShoplazzaClient}. */
export interface ShoplazzaClient {
  /** The store's subdomain label (`mystore`), or `undefined` when only `baseUrl` was given. */
  readonly shop: string | undefined;
  /** Where requests go, e.g. `https://mystore.myshoplaza.com`. */
  readonly baseUrl: string;
  /** The transport every call goes through (timeouts, retries, typed errors, redaction). */
  readonly transport: Transport;
  /**
   * The underlying openapi-fetch client, for anything not wrapped. It sends the
   * `access-token` header and, by default, goes through {@link ShoplazzaClient.transport} as a
   * non-idempotent operation named `raw`: same origin check, timeout, no redirects, typed
   * errors for non-2xx, retries only when the request provably never left or got 429. It
   * does no input validation and parses JSON with `JSON.parse` unless you pass
   * `parseAs: 'text'` and use `parseJson`. For a safe-to-repeat call, pass
   * `fetch: client.transport.fetchFor({ name: 'myCall', idempotent: true })`. Passing any
   * other `fetch` bypasses the origin check, so only do that with the configured base URL.
   */
  readonly raw: Client<paths>;
  /**
   * Partially refunds an order through API version 2022-01
   * (`POST /openapi/2022-01/orders/{id}/partial_refund`). The body is checked first
   * (nothing is sent if it is bad); the call is never resent after it may have reached
   * Shoplazza.
   *
   * @returns the refund order Shoplazza created (PascalCase fields, as documented).
   * @throws LocalValidationError, ValidationError, AuthenticationError, PermissionDeniedError,
   * NotFoundError, ConflictError (406: the order cannot be refunded now), RateLimitError,
   * OutcomeUnknownError (timeout, dropped connection, 5xx: reconcile before resending).
   * @example await client.partialRefund('1232123', { is_return: false, price: '81.00' });
   */
  partialRefund(
    orderId: string,
    body: PartialRefundRequest,
    options?: ShoplazzaRequestOptions,
  ): Promise<PartialRefundResponse>;
  /**
   * Refunds an order through API version 2024-07
   * (`POST /openapi/2024-07/orders/{order_id}/refund`). The body is checked first (nothing is
   * sent if it is bad), including that `refund_total` equals the sum of `refund_payments`.
   *
   * @returns the `data` of the `{code: "SUCCESS"}` answer: `refund_record_id`, `post_sale_id`.
   * @throws as {@link ShoplazzaClient.partialRefund}; an HTTP 200 whose `code` is not
   * `"SUCCESS"` is an `ApiError` (a `ValidationError` for `InvalidParameter`) with that code.
   * @example await client.refund('1232123', { refund_total: '10.00' });
   */
  refund(
    orderId: string,
    body: RefundOrderRequest,
    options?: ShoplazzaRequestOptions,
  ): Promise<RefundOrderResult>;
}

/**
 * Creates a client for one Shoplazza store. Options are checked here, synchronously.
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
    describeError: describeErrorBody,
  });
  const raw = createClient<paths>({
    baseUrl: config.baseUrl,
    // Client-wide so `raw` is authenticated too; the transport refuses any other origin.
    headers: { 'access-token': config.accessToken, accept: 'application/json' },
    bodySerializer: (body: unknown) => stringifyJson(body),
    fetch: transport.fetchFor(RAW),
  });

  return {
    shop: config.shop,
    baseUrl: config.baseUrl,
    transport,
    raw,

    async partialRefund(orderId, body, callOptions) {
      const check = new InputCheck(transport.originOf(PARTIAL_REFUND));
      const { request, decimals } = resolveRequestOptions(check, callOptions, config.decimals);
      const input = checkPartialRefund(check, orderId, body, decimals);
      const { data, response } = await raw.POST('/openapi/2022-01/orders/{id}/partial_refund', {
        params: { path: { id: input.orderId } },
        body: input.body,
        parseAs: 'text',
        fetch: transport.fetchFor(PARTIAL_REFUND, request),
      });
      const parsed = transport.parseBody(PARTIAL_REFUND, response, data ?? '');
      return readPartialRefundAnswer(transport, PARTIAL_REFUND, response, parsed);
    },

    async refund(orderId, body, callOptions) {
      const check = new InputCheck(transport.originOf(REFUND_ORDER));
      const { request, decimals } = resolveRequestOptions(check, callOptions, config.decimals);
      const input = checkRefundOrder(check, orderId, body, decimals);
      const { data, response } = await raw.POST('/openapi/2024-07/orders/{order_id}/refund', {
        params: { path: { order_id: input.orderId } },
        body: input.body,
        parseAs: 'text',
        fetch: transport.fetchFor(REFUND_ORDER, request),
      });
      const parsed = transport.parseBody(REFUND_ORDER, response, data ?? '');
      return readRefundOrderAnswer(transport, REFUND_ORDER, response, parsed);
    },
  };
}
