import { orderBalances } from './balances.js';
import type { Faults, FaultSpec } from './faults.js';
import type { ProviderAnswer } from './provider.js';
import {
  KEETA_REFUND_WEBHOOK_STATUSES,
  RefundAlreadySettledError,
  UnknownRefundError,
  type KeetaRefundOutcome,
} from './providers/keeta-webhook.js';
import { expand, summarize, type RequestLog, type RequestOutcome } from './request-log.js';
import type { AdminRequest } from './server.js';
import type { Sandbox } from './sandbox.js';
import { decodePathSegment, type ProviderName } from './spec.js';
import { deliverWebhook, isLoopbackUrl } from './webhook-delivery.js';

const PROVIDERS: readonly ProviderName[] = ['keeta', 'shoplazza', 'kakaclo'];
const OUTCOMES: readonly RequestOutcome[] = [
  'applied',
  'answered',
  'refused',
  'fault',
  'cancelled',
];

/**
 * The admin API under `/__sandbox/` (who may call it: `admin-access.ts`):
 * - `GET  /__sandbox/info`: base URLs, credentials and rate limits.
 * - `GET  /__sandbox/stats`: counters (`rateLimited`: 429s answered by the rate limiter).
 * - `GET  /__sandbox/ledger[?provider=&orderId=&shop=]`: every refund applied.
 * - `GET  /__sandbox/requests[?after=&provider=&orderId=&outcome=]`: the request log, oldest
 *   first, list fields only (`after`: only those with a higher `seq`).
 * - `GET  /__sandbox/requests/<id>`: one logged request with its (masked) headers and bodies.
 * - `GET  /__sandbox/faults`, `POST /__sandbox/faults` (`{faults: [...]}`), `DELETE /__sandbox/faults`,
 *   `DELETE /__sandbox/faults/<id>` (one rule).
 * - `GET  /__sandbox/orders`: every order as it stands (what has been refunded of it).
 * - `GET  /__sandbox/balances`: per order, units and exact money bought, refunded and left.
 * - `POST /__sandbox/orders` (`{provider, order}`): add or replace an order.
 * - `POST /__sandbox/kakaclo/refunds/<refundNo>/settle` (`{status}`): settle a KakaClo refund.
 * - `POST /__sandbox/keeta/refunds/<afterSaleOrderId>/webhook` (`{status, url, deliver?}`):
 *   Keeta's refund webhook (event 1007) as `{body}`, settling the refund; with `deliver: true`
 *   also POSTed to `url`, a loopback URL only.
 * - `POST /__sandbox/reset`: back to the seed.
 */
export async function handleAdmin(
  request: AdminRequest,
  { sandbox, faults, log }: { sandbox: Sandbox; faults: Faults; log: RequestLog },
): Promise<ProviderAnswer> {
  const { method, path, query } = request;
  const body = (request.body ?? {}) as Record<string, unknown>;
  const route = `${method} ${path}`;
  try {
    if (route === 'GET /__sandbox/info') {
      return ok({
        url: sandbox.url,
        baseUrls: sandbox.baseUrls,
        credentials: sandbox.credentials,
        rateLimits: sandbox.rateLimits,
        requestLogSize: log.capacity,
      });
    }
    if (route === 'GET /__sandbox/requests') return requestList(query, log);
    const [, encodedRequestId] = /^GET \/__sandbox\/requests\/([^/]+)$/.exec(route) ?? [];
    if (encodedRequestId !== undefined) {
      const id = decodePathSegment(encodedRequestId);
      const found = id === undefined ? undefined : log.get(id);
      return found
        ? ok(expand(found))
        : notFound(`no request ${encodedRequestId} in the request log`);
    }
    if (route === 'GET /__sandbox/balances') return ok({ orders: orderBalances(sandbox.orders()) });
    if (route === 'GET /__sandbox/stats') return ok(sandbox.stats());
    if (route === 'GET /__sandbox/ledger') {
      const provider = query.get('provider');
      if (provider !== null && !PROVIDERS.includes(provider as ProviderName)) {
        return bad('provider: must be keeta, shoplazza or kakaclo');
      }
      const orderId = query.get('orderId');
      const shop = query.get('shop');
      return ok({
        entries: sandbox.ledger({
          ...(provider === null ? {} : { provider: provider as ProviderName }),
          ...(orderId === null ? {} : { orderId }),
          ...(shop === null ? {} : { shop }),
        }),
      });
    }
    if (route === 'GET /__sandbox/faults') return ok({ faults: faults.list() });
    if (route === 'POST /__sandbox/faults') {
      if (!Array.isArray(body['faults'])) return bad('faults: must be an array of fault rules');
      return { status: 201, body: { faults: faults.add(body['faults'] as FaultSpec[]) } };
    }
    if (route === 'DELETE /__sandbox/faults') {
      faults.clear();
      return ok({ faults: [] });
    }
    const [, encodedFaultId] = /^DELETE \/__sandbox\/faults\/([^/]+)$/.exec(route) ?? [];
    if (encodedFaultId !== undefined) {
      const id = decodePathSegment(encodedFaultId);
      return id !== undefined && faults.remove(id)
        ? ok({ faults: faults.list() })
        : notFound(`no fault rule ${encodedFaultId}`);
    }
    if (route === 'GET /__sandbox/orders') return ok(sandbox.orders());
    if (route === 'POST /__sandbox/orders') {
      const provider = body['provider'] as ProviderName;
      if (!PROVIDERS.includes(provider))
        return bad('provider: must be keeta, shoplazza or kakaclo');
      sandbox.addOrder(provider, body['order']);
      return { status: 201, body: { added: true } };
    }
    const [, encodedRefundNo] =
      /^POST \/__sandbox\/kakaclo\/refunds\/([^/]+)\/settle$/.exec(route) ?? [];
    if (encodedRefundNo !== undefined) {
      const status = body['status'];
      if (status !== 'refund_successfully' && status !== 'refund_failed') {
        return bad('status: must be refund_successfully or refund_failed');
      }
      const refundNo = decodePathSegment(encodedRefundNo);
      if (refundNo === undefined) {
        return { status: 404, body: { error: `no pending KakaClo refund ${encodedRefundNo}` } };
      }
      return sandbox.settleKakacloRefund(refundNo, status)
        ? ok({ refundNo, status })
        : { status: 404, body: { error: `no pending KakaClo refund ${refundNo}` } };
    }
    const [, encodedRefundId] =
      /^POST \/__sandbox\/keeta\/refunds\/([^/]+)\/webhook$/.exec(route) ?? [];
    if (encodedRefundId !== undefined) {
      return await keetaWebhook(sandbox, encodedRefundId, body, request.signal);
    }
    if (route === 'POST /__sandbox/reset') {
      sandbox.reset();
      return ok({ reset: true });
    }
  } catch (error) {
    if (error instanceof TypeError) return bad(error.message);
    if (error instanceof UnknownRefundError) return notFound(error.message);
    if (error instanceof RefundAlreadySettledError) {
      return { status: 409, body: { error: error.message } };
    }
    throw error;
  }
  return { status: 404, body: { error: `no admin route ${route}` } };
}

/**
 * `POST /__sandbox/keeta/refunds/<afterSaleOrderId>/webhook`: every argument is checked (a
 * `deliver` to a URL that is not loopback included) before the refund is settled, so a
 * refused call changes nothing.
 */
async function keetaWebhook(
  sandbox: Sandbox,
  encodedRefundId: string,
  body: Record<string, unknown>,
  signal: AbortSignal | undefined,
): Promise<ProviderAnswer> {
  const status = body['status'];
  if (typeof status !== 'string' || !Object.hasOwn(KEETA_REFUND_WEBHOOK_STATUSES, status)) {
    return bad('status: must be succeeded or failed');
  }
  const url = body['url'];
  if (typeof url !== 'string') return bad('url: must be the webhook URL, a string');
  const deliver = body['deliver'] ?? false;
  if (typeof deliver !== 'boolean') return bad('deliver: must be a boolean');
  if (deliver && !isLoopbackUrl(url)) {
    return bad(
      'url: with deliver, must be a loopback http(s) URL (127.0.0.0/8, ::1, localhost); the sandbox sends nothing elsewhere',
    );
  }
  const refundId = decodePathSegment(encodedRefundId);
  if (refundId === undefined) return notFound(`no Keeta refund ${encodedRefundId}`);
  const webhook = sandbox.keetaRefundWebhook(refundId, status as KeetaRefundOutcome, { url });
  if (!deliver) return ok({ body: webhook.body });
  try {
    const delivered = await deliverWebhook(url, webhook, signal);
    return ok({ body: webhook.body, delivered });
  } catch (error) {
    // Settled all the same: the receiver was down, as a real one can be. The body is there to
    // deliver again.
    const why = error instanceof Error ? error.message : String(error);
    return {
      status: 502,
      body: { error: `delivery to ${url} failed: ${why}`, body: webhook.body },
    };
  }
}

/** `GET /__sandbox/requests`: the log's list fields, filtered; each filter checked. */
function requestList(query: URLSearchParams, log: RequestLog): ProviderAnswer {
  const afterText = query.get('after') ?? '0';
  if (!/^\d{1,15}$/.test(afterText)) return bad('after: must be a seq number (digits)');
  const provider = query.get('provider');
  if (provider !== null && !PROVIDERS.includes(provider as ProviderName)) {
    return bad('provider: must be keeta, shoplazza or kakaclo');
  }
  const outcome = query.get('outcome');
  if (outcome !== null && !OUTCOMES.includes(outcome as RequestOutcome)) {
    return bad(`outcome: must be one of ${OUTCOMES.join(', ')}`);
  }
  const orderId = query.get('orderId');
  const requests = log
    .list(Number(afterText))
    .filter(
      (r) =>
        (provider === null || r.provider === provider) &&
        (outcome === null || r.outcome === outcome) &&
        (orderId === null || r.orderId === orderId),
    )
    .map(summarize);
  return ok({ capacity: log.capacity, added: log.added, requests });
}

function notFound(message: string): ProviderAnswer {
  return { status: 404, body: { error: message } };
}

function ok(body: unknown): ProviderAnswer {
  return { status: 200, body };
}

function bad(message: string): ProviderAnswer {
  return { status: 400, body: { error: message } };
}
