import type { Faults, FaultSpec } from './faults.js';
import type { ProviderAnswer } from './provider.js';
import {
  KEETA_REFUND_WEBHOOK_STATUSES,
  RefundAlreadySettledError,
  UnknownRefundError,
  type KeetaRefundOutcome,
} from './providers/keeta-webhook.js';
import type { AdminRequest } from './server.js';
import type { Sandbox } from './sandbox.js';
import { decodePathSegment, type ProviderName } from './spec.js';
import { deliverWebhook, isLoopbackUrl } from './webhook-delivery.js';

const PROVIDERS: readonly ProviderName[] = ['keeta', 'shoplazza', 'kakaclo'];

/**
 * The admin API under `/__sandbox/` (who may call it: `admin-access.ts`):
 * - `GET  /__sandbox/info`: base URLs, credentials and rate limits.
 * - `GET  /__sandbox/stats`: counters (`rateLimited`: 429s answered by the rate limiter).
 * - `GET  /__sandbox/ledger[?provider=&orderId=&shop=]`: every refund applied.
 * - `GET  /__sandbox/faults`, `POST /__sandbox/faults` (`{faults: [...]}`), `DELETE /__sandbox/faults`.
 * - `GET  /__sandbox/orders`: every order as it stands (what has been refunded of it).
 * - `POST /__sandbox/orders` (`{provider, order}`): add or replace an order.
 * - `POST /__sandbox/kakaclo/refunds/<refundNo>/settle` (`{status}`): settle a KakaClo refund.
 * - `POST /__sandbox/keeta/refunds/<afterSaleOrderId>/webhook` (`{status, url, deliver?}`):
 *   Keeta's refund webhook (event 1007) as `{body}`, settling the refund; with `deliver: true`
 *   also POSTed to `url`, a loopback URL only.
 * - `POST /__sandbox/reset`: back to the seed.
 */
export async function handleAdmin(
  request: AdminRequest,
  { sandbox, faults }: { sandbox: Sandbox; faults: Faults },
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
      });
    }
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

function notFound(message: string): ProviderAnswer {
  return { status: 404, body: { error: message } };
}

function ok(body: unknown): ProviderAnswer {
  return { status: 200, body };
}

function bad(message: string): ProviderAnswer {
  return { status: 400, body: { error: message } };
}
