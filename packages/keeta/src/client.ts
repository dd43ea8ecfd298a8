import createClient, { type Client } from 'openapi-fetch';
import {
  LocalValidationError,
  Transport,
  baseUrlString,
  stringifyJson,
  type Operation,
  type RequestOptions,
} from '@refundkit/http';
import type { components, paths } from './generated/openapi.js';
import type {
  ApplyPartialRefundInput,
  PartialRefundPreview,
  PreviewPartialRefundInput,
} from './inputs.js';
import { describeKeetaError, unwrapEnvelope } from './envelope.js';
import { checkClientOptions, checkRequestOptions, type KeetaClientOptions } from './options.js';
import { signKeetaRequest } from './sign.js';
import { checkApplyFields, checkPreviewFields } from './validate.js';

/** A Keeta client: the two partial-refund calls, plus the raw typed client for anything else. */
export interface KeetaClient {
  /**
   * Asks Keeta to refund some products of an order (`POST /order/refund/part/apply`).
   * Checks the input locally, adds `appId`, `accessToken`, `timestamp` and `sig`, and sends it.
   * Resolving means Keeta answered `code` 0: it accepted the request. The refund itself is
   * decided asynchronously (webhook event 1007).
   *
   * This is a money-moving write: it is retried only when the request provably never left
   * (connection refused, DNS failure) or Keeta answered 429. After a timeout, a dropped
   * connection, a 5xx or an unreadable answer it throws `OutcomeUnknownError` and is NOT
   * resent; call {@link KeetaClient.previewPartialRefund} to see what is still refundable before
   * trying again.
   *
   * @returns the envelope's `data`, which Keeta does not document for this endpoint (usually
   *   `undefined`), hence `unknown`.
   * @throws LocalValidationError (nothing sent), ApiError (`code` ≠ 0, with `code` and
   *   `providerMessage`), OutcomeUnknownError, RateLimitError, ConnectionError, UserAbortError.
   * @example
   * await keeta.applyPartialRefund({ orderViewId: 756823555555859n, shopId: 466663,
   *   products: [{ orderProductId: 1234534224, refundCount: 1 }], partRefundType: 200001 });
   */
  applyPartialRefund(body: ApplyPartialRefundInput, options?: RequestOptions): Promise<unknown>;

  /**
   * Prices a partial refund, or lists every refundable product when `products` is left out
   * (`POST /order/refund/part/products/preview`). A read: retried after timeouts, connection
   * failures, 5xx and 429.
   *
   * @returns the envelope's `data` (the spec marks it optional). Integers above 2^53 in it are
   *   `bigint` at run time although the generated types say `number`.
   * @throws LocalValidationError (nothing sent), ApiError (`code` ≠ 0), TimeoutError,
   *   ConnectionError, InternalServerError, RateLimitError, InvalidResponseError, UserAbortError.
   * @example
   * const preview = await keeta.previewPartialRefund({ orderViewId: '756823555555859', shopId: 466663 });
   */
  previewPartialRefund(
    body: PreviewPartialRefundInput,
    options?: RequestOptions,
  ): Promise<PartialRefundPreview | undefined>;

  /**
   * The underlying openapi-fetch client, typed from the spec. Its default `fetch` is this
   * client's transport for a non-idempotent operation named `raw` (same origin check, timeout,
   * redaction, typed errors for non-2xx, no redirects, retries only when provably not sent
   * or 429). It does NOT validate, sign or unwrap the envelope: build the whole body yourself
   * (`appId`, `accessToken`, `timestamp`, `sig` from {@link signKeetaRequest}), and pass
   * `parseAs: 'text'` and parse with `parseJson` to keep ids above 2^53 exact. To let a read
   * be retried, pass `fetch: client.transport.fetchFor({ name, idempotent: true })`.
   */
  readonly raw: Client<paths>;

  /** The transport every call goes through (see `@refundkit/http`). */
  readonly transport: Transport;

  /** The base URL in use, without a trailing slash. */
  readonly baseUrl: string;
}

type ApplyBody = components['schemas']['PartialRefundApplyRequest'];
type PreviewBody = components['schemas']['PartialRefundPreviewRequest'];

const APPLY: Operation = { name: 'applyPartialRefund', idempotent: false };
const PREVIEW: Operation = { name: 'previewPartialRefund', idempotent: true };

/**
 * Creates a Keeta client. Options are checked here, synchronously.
 *
 * @throws LocalValidationError naming the bad option (`appId`, `appSecret`, `accessToken`, `baseUrl`, …).
 * @example
 * const keeta = createKeetaClient({ appId: 123, appSecret, accessToken });
 */
export function createKeetaClient(options: KeetaClientOptions): KeetaClient {
  const config = checkClientOptions(options);
  const baseUrl = baseUrlString(config.baseUrl);
  const transport = new Transport({
    provider: 'keeta',
    origin: config.baseUrl.origin,
    secrets: [config.appSecret, config.accessToken],
    ...config.http,
    describeError: describeKeetaError,
  });
  const rawFetch = transport.fetchFor({ name: 'raw', idempotent: false });
  const raw = createClient<paths>({
    baseUrl,
    bodySerializer: (body: unknown) => stringifyJson(body),
    fetch: (input: Request) => rawFetch(input),
  });

  /** The body Keeta gets: the checked fields, the common parameters, and their signature. */
  async function signedBody(operation: Operation, path: keyof paths, fields: object) {
    const now = config.clock();
    if (typeof now !== 'number' || !Number.isFinite(now) || now < 0) {
      throw new LocalValidationError(
        transport.originOf(operation),
        'clock',
        'timestamp',
        'must return the current time in ms since the epoch',
      );
    }
    const params = {
      appId: config.appId,
      accessToken: config.accessToken,
      timestamp: Math.floor(now / 1000),
      ...fields,
    };
    // The very object that is signed is the one serialised, so the body matches the signature.
    const sig = await signKeetaRequest({
      url: baseUrl + path,
      params,
      appSecret: config.appSecret,
    });
    return { ...params, sig };
  }

  return {
    raw,
    transport,
    baseUrl,

    async applyPartialRefund(body, callOptions) {
      const fields = checkApplyFields(body);
      checkRequestOptions(APPLY.name, callOptions);
      const signed = await signedBody(APPLY, '/order/refund/part/apply', fields);
      const { data, response } = await raw.POST('/order/refund/part/apply', {
        // int64 fields may be bigint here; the generated types say number (see README).
        body: signed as unknown as ApplyBody,
        parseAs: 'text',
        fetch: transport.fetchFor(APPLY, callOptions),
      });
      return unwrapEnvelope(transport, APPLY, response, data ?? '');
    },

    async previewPartialRefund(body, callOptions) {
      const fields = checkPreviewFields(body);
      checkRequestOptions(PREVIEW.name, callOptions);
      const signed = await signedBody(PREVIEW, '/order/refund/part/products/preview', fields);
      const { data, response } = await raw.POST('/order/refund/part/products/preview', {
        body: signed as unknown as PreviewBody,
        parseAs: 'text',
        fetch: transport.fetchFor(PREVIEW, callOptions),
      });
      return unwrapEnvelope(transport, PREVIEW, response, data ?? '') as
        PartialRefundPreview | undefined;
    },
  };
}
