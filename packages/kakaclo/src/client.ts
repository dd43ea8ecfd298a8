import createClient, { type Client } from 'openapi-fetch';
import {
  InputCheck,
  Transport,
  baseUrlString,
  checkBaseUrl,
  checkHttpOptions,
  stringifyJson,
  type ClientHttpOptions,
  type Operation,
  type RequestOptions,
} from '@refundkit/http';
import type { paths } from './generated/openapi.js';
import { describeKakacloError, envelopeData } from './envelope.js';
import { exactIdString } from './exact-id.js';
import { checkRefundRequest, type KakacloRefundRequest } from './refund-request.js';
import { readRefundPage, type KakacloRefundPage } from './refund-page.js';
import { checkAccessToken, checkId, checkRequestOptions, type KakacloId } from './validate.js';

/**
 * KakaClo's production base URL, as its pages name it, and the default. The pages do not
 * confirm that production repeats `/openapi` before the endpoint paths the way the test host
 * does, which is why `baseUrl` is configurable.
 */
export const KAKACLO_BASE_URL = 'https://developer.kakaclo.com/openapi';

/**
 * KakaClo's test host, the one its Refund Order examples call
 * (`https://test-developer.kakaclo.com/openapi/openapi/v2/...`).
 *
 * @example createKakacloClient({ accessToken, baseUrl: KAKACLO_TEST_BASE_URL })
 */
export const KAKACLO_TEST_BASE_URL = 'https://test-developer.kakaclo.com/openapi';

const PROVIDER = 'kakaclo';
const REFUND_ORDER: Operation = { name: 'refundOrder', idempotent: false };
const QUERY_REFUND: Operation = { name: 'queryRefund', idempotent: true };
/** Calls made through `client.raw` without their own `fetch`: treated as writes. */
const RAW: Operation = { name: 'raw', idempotent: false };

/** Options of {@link createKakacloClient}. */
export interface KakacloClientOptions extends ClientHttpOptions {
  /** The bearer token issued in KakaClo's business manager, without the `Bearer ` prefix. */
  accessToken: string;
  /**
   * Base URL the endpoint paths (`/openapi/v2/...`) are appended to. Default
   * {@link KAKACLO_BASE_URL}; {@link KAKACLO_TEST_BASE_URL} is the test host. Must be https
   * (http only for localhost, e.g. a sandbox).
   */
  baseUrl?: string;
}

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
   * 2^53 (pass `parseAs: 'text'` and `parseJson` from `@refundkit/http`). For a read, pass
   * `fetch: client.transport.fetchFor({ name: 'queryRefund', idempotent: true })` to get retries.
   */
  readonly raw: Client<paths>;

  /** The transport every call goes through (one origin, timeouts, retries, redaction). */
  readonly transport: Transport;

  /** The checked base URL, without a trailing slash. */
  readonly baseUrl: string;
}

/**
 * Creates a KakaClo client. Options are checked here, synchronously.
 *
 * @throws LocalValidationError naming the bad option (`accessToken`, `baseUrl`, `timeoutMs`, ...).
 * @example const kakaclo = createKakacloClient({ accessToken: process.env.KAKACLO_TOKEN! })
 */
export function createKakacloClient(options: KakacloClientOptions): KakacloClient {
  const check = new InputCheck({ provider: PROVIDER, operation: 'createClient' });
  check.object('options', options);
  const accessToken = checkAccessToken(check, options.accessToken);
  const http: ClientHttpOptions = checkHttpOptions(check, '', options);
  const url = checkBaseUrl(PROVIDER, 'baseUrl', options.baseUrl ?? KAKACLO_BASE_URL);
  const baseUrl = baseUrlString(url);

  const transport = new Transport({
    provider: PROVIDER,
    origin: url.origin,
    secrets: [accessToken],
    describeError: describeKakacloError,
    ...http,
  });
  const authorization = `Bearer ${accessToken}`;
  const bodySerializer = (body: unknown) => stringifyJson(body);
  // Wrapped calls use their own openapi-fetch client, so middleware added to `raw` never
  // touches a refund.
  const api = createClient<paths>({ baseUrl, bodySerializer });
  const raw = createClient<paths>({ baseUrl, bodySerializer, fetch: transport.fetchFor(RAW) });
  raw.use({
    onRequest({ request }) {
      if (new URL(request.url).origin === url.origin) {
        request.headers.set('Authorization', authorization);
      }
      return request;
    },
  });

  return {
    raw,
    transport,
    baseUrl,

    async refundOrder(orderId, body, callOptions) {
      const check = new InputCheck(transport.originOf(REFUND_ORDER));
      const id = checkId(check, 'orderId', orderId);
      const wireBody = checkRefundRequest(check, body);
      const call = checkRequestOptions(check, callOptions);

      const { data: text, response } = await api.POST('/openapi/v2/order/orders/{id}/refund', {
        params: { path: { id } },
        body: wireBody,
        headers: { Authorization: authorization },
        parseAs: 'text',
        fetch: transport.fetchFor(REFUND_ORDER, call),
      });
      const envelope = transport.parseBody(REFUND_ORDER, response, text ?? '');
      const refundId = exactIdString(envelopeData(transport, REFUND_ORDER, response, envelope));
      if (refundId === undefined) {
        throw transport.invalidAnswer(REFUND_ORDER, response, envelope, 'has no refund id in data');
      }
      return { refundId };
    },

    async queryRefund(id, callOptions) {
      const check = new InputCheck(transport.originOf(QUERY_REFUND));
      const pathId = checkId(check, 'id', id);
      const call = checkRequestOptions(check, callOptions);

      const { data: text, response } = await api.GET('/openapi/v2/order/orders/refund/{id}', {
        params: { path: { id: pathId } },
        headers: { Authorization: authorization },
        parseAs: 'text',
        fetch: transport.fetchFor(QUERY_REFUND, call),
      });
      const envelope = transport.parseBody(QUERY_REFUND, response, text ?? '');
      const data = envelopeData(transport, QUERY_REFUND, response, envelope);
      return readRefundPage(data, (reason) => {
        throw transport.invalidAnswer(QUERY_REFUND, response, envelope, reason);
      });
    },
  };
}
