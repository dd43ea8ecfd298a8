import type { Faults, FaultSpec } from './faults.js';
import type { ProviderAnswer } from './provider.js';
import type { AdminRequest } from './server.js';
import type { Sandbox } from './sandbox.js';
import { decodePathSegment, type ProviderName } from './spec.js';

const PROVIDERS: readonly ProviderName[] = ['keeta', 'shoplazza', 'kakaclo'];

/**
 * The admin API under `/__sandbox/` (who may call it: `admin-access.ts`):
 * - `GET  /__sandbox/info`: base URLs and credentials.
 * - `GET  /__sandbox/ledger[?provider=&orderId=&shop=]`: every refund applied.
 * - `GET  /__sandbox/faults`, `POST /__sandbox/faults` (`{faults: [...]}`), `DELETE /__sandbox/faults`.
 * - `GET  /__sandbox/orders`: every order as it stands (what has been refunded of it).
 * - `POST /__sandbox/orders` (`{provider, order}`): add or replace an order.
 * - `POST /__sandbox/kakaclo/refunds/<refundNo>/settle` (`{status}`): settle a KakaClo refund.
 * - `POST /__sandbox/reset`: back to the seed.
 */
export function handleAdmin(
  request: AdminRequest,
  { sandbox, faults }: { sandbox: Sandbox; faults: Faults },
): ProviderAnswer {
  const { method, path, query } = request;
  const body = (request.body ?? {}) as Record<string, unknown>;
  const route = `${method} ${path}`;
  try {
    if (route === 'GET /__sandbox/info') {
      return ok({ url: sandbox.url, baseUrls: sandbox.baseUrls, credentials: sandbox.credentials });
    }
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
    if (route === 'POST /__sandbox/reset') {
      sandbox.reset();
      return ok({ reset: true });
    }
  } catch (error) {
    if (error instanceof TypeError) return bad(error.message);
    throw error;
  }
  return { status: 404, body: { error: `no admin route ${route}` } };
}

function ok(body: unknown): ProviderAnswer {
  return { status: 200, body };
}

function bad(message: string): ProviderAnswer {
  return { status: 400, body: { error: message } };
}
