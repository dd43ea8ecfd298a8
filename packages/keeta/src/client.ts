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
import type { ApplyPartialRefundInput, PreviewPartialRefundInput } from './inputs.js';
import { KEETA_ENVELOPE } from './envelope.js';
import { checkClientOptions, type KeetaClientOptions } from './options.js';
import { previewWithStringIds, type PartialRefundPreview } from './preview-answer.js';
import { keetaSignature } from './sign.js';
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
   * A 2xx answer with `code` ≠ 0 is Keeta refusing the call (an `ApiError`, nothing applied),
   * not an unknown outcome.
   *
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
   * @returns the envelope's `data` (the spec marks it optional), with every id (`id`,
   *   `spuId`, `skuId` of products, choice groups and their options) as an exact decimal
   *   string; counts and amounts keep their JSON type.
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
   * An openapi-fetch client typed from the spec, for endpoints this client does not wrap.
   * It is not the instance the two calls above use: a middleware added here with
   * `raw.use(...)` never sees (or changes) a signed refund. Its default `fetch` is this
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

const APPLY: Operation = { name: 'applyPartialRefund', idempotent: false };
const PREVIEW: Operation = { name: 'previewPartialRefund', idempotent: true };
const APPLY_PATH = '/order/refund/part/apply';
const PREVIEW_PATH = '/order/refund/part/products/preview';

/**
 * Creates a Keeta client. Options are checked here, once and synchronously (unknown option
 * names included); each call checks only its own input and per-call options.
 *
 * @throws LocalValidationError naming the bad option (`appId`, `appSecret`, `accessToken`,
 *   `baseUrl`, a misspelt `timeoutMS`, …).
 * @example
 * const keeta = createKeetaClient({ appId: 123, appSecret, accessToken });
 */
export function createKeetaClient(options: KeetaClientOptions): KeetaClient {
  const config = checkClientOptions(options);
  const { appId, accessToken, appSecret, clock } = config;
  const baseUrl = baseUrlString(config.baseUrl);
  const transport = new Transport({
    provider: 'keeta',
    origin: config.baseUrl.origin,
    secrets: [appSecret, accessToken],
    ...config.http,
    envelope: KEETA_ENVELOPE,
  });
  const applyCheck = transport.check(APPLY);
  const previewCheck = transport.check(PREVIEW);
  const bodySerializer = (body: unknown) => stringifyJson(body);
  // The wrapped calls' own openapi-fetch instance, never handed out: `raw.use(...)` cannot
  // reach it. It has no `fetch`: each attempt passes the transport's.
  const api = createClient<paths>({ baseUrl, bodySerializer, Request: PLANNED_REQUEST });
  const rawFetch = transport.fetchFor({ name: 'raw', idempotent: false });
  const raw = createClient<paths>({
    baseUrl,
    bodySerializer,
    fetch: (input: Request) => rawFetch(input),
  });

  /**
   * The common parameters and the current time in seconds, checked on every call (the
   * clock is the caller's function).
   */
  function common(check: typeof applyCheck) {
    const now = clock();
    if (typeof now !== 'number' || !Number.isFinite(now) || now < 0) {
      check.fail('clock', 'timestamp', 'must return the current time in ms since the epoch');
    }
    return { appId, accessToken, timestamp: Math.floor(now / 1000) };
  }

  /**
   * Signs `body` in place: the very object that is signed is the one serialised, so the
   * bytes Keeta receives are the bytes the signature covers. On Node the hash is
   * synchronous and nothing is awaited; elsewhere the returned promise settles once signed.
   */
  function sign(path: string, body: { sig: string }): Promise<void> | undefined {
    const sig = keetaSignature(baseUrl + path, body, appSecret);
    if (typeof sig === 'string') {
      body.sig = sig;
      return undefined;
    }
    return sig.then((value) => {
      body.sig = value;
    });
  }

  return {
    raw,
    transport,
    baseUrl,

    async applyPartialRefund(input, callOptions) {
      const fields = checkApplyFields(applyCheck, input);
      const { request } = checkRequestOptions(applyCheck, callOptions);
      const body = { ...common(applyCheck), ...fields, sig: '' };
      const signing = sign(APPLY_PATH, body);
      if (signing) await signing;
      const answer: Answer = await transport.send(APPLY, request, (init) =>
        api.POST(APPLY_PATH, { body, parseAs: 'text', ...init }),
      );
      return transport.envelopeData(APPLY, answer);
    },

    async previewPartialRefund(input, callOptions) {
      const fields = checkPreviewFields(previewCheck, input);
      const { request } = checkRequestOptions(previewCheck, callOptions);
      const body = { ...common(previewCheck), ...fields, sig: '' };
      const signing = sign(PREVIEW_PATH, body);
      if (signing) await signing;
      const answer = await transport.send(PREVIEW, request, (init) =>
        api.POST(PREVIEW_PATH, { body, parseAs: 'text', ...init }),
      );
      const data = transport.envelopeData(PREVIEW, answer);
      return previewWithStringIds(data, (reason) => {
        throw transport.invalidAnswer(PREVIEW, answer.response, data, reason);
      });
    },
  };
}
