/**
 * KakaClo `refundOrder`, with the bearer token per request as the client sends it, and the
 * A/A control on the same request: two separate bare openapi-fetch clients.
 */
import {
  JSON_TYPE,
  asObject,
  pathParam,
  rawFetch,
  scenario,
  type Contestant,
  type Scenario,
  type ScenarioContext,
} from './contestants.ts';
import { fixture } from './fixtures.ts';
import { importPackage } from './resolve.ts';
import { wireBody } from './wire-body.ts';

type KakacloModule = typeof import('@refundkit/kakaclo');
type Bare = import('@refundkit/kakaclo').KakacloClient['raw'];

const TOKEN = 'bench-kakaclo-token';

/** The KakaClo scenario and the A/A control. */
export async function kakacloScenarios({
  origin,
  fixtures,
  createClient,
}: ScenarioContext): Promise<Scenario[]> {
  const kakaclo = await importPackage<KakacloModule>('@refundkit/kakaclo');
  const base = `${origin}/kakaclo`;
  const client = kakaclo.createKakacloClient({ baseUrl: base, accessToken: TOKEN });
  const authorization = { Authorization: `Bearer ${TOKEN}` };

  const f = fixture(fixtures, 'kakaclo.refundOrder');
  const orderId = pathParam(f, 'id');
  const wire = wireBody(f.request);
  const input = f.request as unknown as Parameters<typeof client.refundOrder>[1];
  const refundId = String(asObject(f.answer)?.['data']);
  const isSuccess = (a: unknown) =>
    String(asObject(a)?.['code']) === '10000' && String(asObject(a)?.['data']) === refundId;

  const bare = (name: string, role: 'bare' | 'bare again'): Contestant => {
    // Its own instance, so the A/A control compares two equal but separate clients.
    const openapi = createClient({ baseUrl: base }) as Bare;
    return {
      name,
      role,
      async call() {
        const { data, response } = await openapi.POST('/openapi/v2/order/orders/{id}/refund', {
          params: { path: { id: orderId } },
          body: wire.value,
          headers: authorization,
        });
        return response.status === 200 && isSuccess(data);
      },
    };
  };

  return [
    scenario(f, wire, [
      rawFetch(base + f.path, { ...JSON_TYPE, ...authorization }, wire, isSuccess),
      bare('openapi-fetch', 'bare'),
      {
        name: '@refundkit/kakaclo',
        role: 'client',
        async call() {
          return (await client.refundOrder(orderId, input)).refundId === refundId;
        },
      },
    ]),
    {
      key: 'control (A/A)',
      route: f.key,
      control: true,
      wire,
      contestants: [bare('openapi-fetch A', 'bare'), bare('openapi-fetch B', 'bare again')],
    },
  ];
}
