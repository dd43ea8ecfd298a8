/**
 * Shoplazza 2024-07 `refundOrder` and 2022-01 `partialRefund`. Every contestant sends the
 * `access-token` and `Accept` headers the client sends.
 */
import {
  JSON_TYPE,
  asObject,
  pathParam,
  rawFetch,
  scenario,
  type Scenario,
  type ScenarioContext,
} from './contestants.ts';
import { fixture } from './fixtures.ts';
import { importPackage } from './resolve.ts';
import { wireBody } from './wire-body.ts';

type ShoplazzaModule = typeof import('@refundkit/shoplazza');
type Paths = import('@refundkit/shoplazza').paths;
type Bare = import('@refundkit/shoplazza').ShoplazzaClient['raw'];
type RefundOrderBody =
  Paths['/openapi/2024-07/orders/{order_id}/refund']['post']['requestBody']['content']['application/json'];
type PartialRefundBody =
  Paths['/openapi/2022-01/orders/{id}/partial_refund']['post']['requestBody']['content']['application/json'];

const TOKEN = 'bench-shoplazza-token';

/** The Shoplazza scenarios. */
export async function shoplazzaScenarios({
  origin,
  fixtures,
  createClient,
}: ScenarioContext): Promise<Scenario[]> {
  const shoplazza = await importPackage<ShoplazzaModule>('@refundkit/shoplazza');
  const base = `${origin}/shoplazza`;
  const headers = { 'access-token': TOKEN, accept: 'application/json' };
  const client = shoplazza.createShoplazzaClient({ baseUrl: base, accessToken: TOKEN });
  const bare = createClient({ baseUrl: base, headers }) as Bare;

  const refund = fixture(fixtures, 'shoplazza.refundOrder');
  const refundOrderId = pathParam(refund, 'order_id');
  const refundWire = wireBody(refund.request);
  const refundInput = refund.request as RefundOrderBody;
  const recordId = asObject(asObject(refund.answer)?.['data'])?.['refund_record_id'];
  const isRefunded = (a: unknown) =>
    asObject(a)?.['code'] === 'SUCCESS' &&
    asObject(asObject(a)?.['data'])?.['refund_record_id'] === recordId;

  const partial = fixture(fixtures, 'shoplazza.partialRefund');
  const partialOrderId = pathParam(partial, 'id');
  const partialWire = wireBody(partial.request);
  const partialInput = partial.request as PartialRefundBody;
  const refundOrder = asObject(partial.answer)?.['Id'];
  const isPartlyRefunded = (a: unknown) =>
    asObject(a)?.['Id'] === refundOrder && asObject(a)?.['errors'] === undefined;

  return [
    scenario(refund, refundWire, [
      rawFetch(base + refund.path, { ...JSON_TYPE, ...headers }, refundWire, isRefunded),
      {
        name: 'openapi-fetch',
        role: 'bare',
        async call() {
          const { data, response } = await bare.POST('/openapi/2024-07/orders/{order_id}/refund', {
            params: { path: { order_id: refundOrderId } },
            body: refundWire.value as RefundOrderBody,
          });
          return response.status === 200 && isRefunded(data);
        },
      },
      {
        name: '@refundkit/shoplazza',
        role: 'client',
        async call() {
          const result = await client.refundOrder(refundOrderId, refundInput);
          return result.refund_record_id === recordId;
        },
      },
    ]),
    scenario(partial, partialWire, [
      rawFetch(base + partial.path, { ...JSON_TYPE, ...headers }, partialWire, isPartlyRefunded),
      {
        name: 'openapi-fetch',
        role: 'bare',
        async call() {
          const { data, response } = await bare.POST(
            '/openapi/2022-01/orders/{id}/partial_refund',
            {
              params: { path: { id: partialOrderId } },
              body: partialWire.value as PartialRefundBody,
            },
          );
          return response.status === 200 && isPartlyRefunded(data);
        },
      },
      {
        name: '@refundkit/shoplazza',
        role: 'client',
        async call() {
          return (await client.partialRefund(partialOrderId, partialInput)).Id === refundOrder;
        },
      },
    ]),
  ];
}
