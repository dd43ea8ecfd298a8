/**
 * The benchmarked requests, each made three ways: raw `fetch`, bare openapi-fetch
 * (`createClient<paths>` with the client's generated `paths`, default `parseAs: 'json'`) and
 * the refundkit client. All three send the same URL, method, headers and body; the byte check
 * in verify.ts proves it before anything is timed.
 */
import { asObject, rawFetch, type Contestant, type Scenario } from './contestants.ts';
import { fixture, type Fixture } from './fixtures.ts';
import { importPackage, openapiFetchHome } from './resolve.ts';
import { wireBody, type WireBody } from './wire-body.ts';

/**
 * openapi-fetch's `createClient`, typed by what it returns: each client's `raw` is exactly
 * openapi-fetch's `Client<paths>` for its generated `paths`, so the bare calls below are
 * type-checked against the same spec. (bench/ does not depend on openapi-fetch by name;
 * it runs the copy the clients use.)
 */
interface OpenapiFetch {
  default: (options: { baseUrl: string; headers?: Record<string, string> }) => unknown;
}
type KeetaModule = typeof import('@refundkit/keeta');
type ShoplazzaModule = typeof import('@refundkit/shoplazza');
type KakacloModule = typeof import('@refundkit/kakaclo');
type KeetaPaths = import('@refundkit/keeta').paths;
type KeetaBare = import('@refundkit/keeta').KeetaClient['raw'];
type ShoplazzaBare = import('@refundkit/shoplazza').ShoplazzaClient['raw'];
type KakacloBare = import('@refundkit/kakaclo').KakacloClient['raw'];
type ShoplazzaPaths = import('@refundkit/shoplazza').paths;

/** Keeta's demo credentials and time, as in the spec's signed examples (AppSecret `abc`). */
const KEETA = { appId: 123, accessToken: 'abc', appSecret: 'abc', timestamp: 1682566749 };
const SHOPLAZZA_TOKEN = 'bench-shoplazza-token';
const KAKACLO_TOKEN = 'bench-kakaclo-token';
const JSON_TYPE = { 'Content-Type': 'application/json' };

/** Builds every scenario against the peer server at `origin`. */
export async function buildScenarios(origin: string, fixtures: Fixture[]): Promise<Scenario[]> {
  const { default: createClient } = await importPackage<OpenapiFetch>(
    'openapi-fetch',
    openapiFetchHome(),
  );
  const keeta = await importPackage<KeetaModule>('@refundkit/keeta');
  const shoplazza = await importPackage<ShoplazzaModule>('@refundkit/shoplazza');
  const kakaclo = await importPackage<KakacloModule>('@refundkit/kakaclo');

  const scenarios: Scenario[] = [];

  // ── Keeta: the client signs every call; the bare contestants send a body signed once
  // with the same fixed timestamp (signing is part of the client's cost).
  const keetaBase = `${origin}/keeta`;
  const keetaClient = keeta.createKeetaClient({
    appId: KEETA.appId,
    appSecret: KEETA.appSecret,
    accessToken: KEETA.accessToken,
    baseUrl: keetaBase,
    clock: () => KEETA.timestamp * 1000,
  });
  const keetaBare = createClient({ baseUrl: keetaBase }) as KeetaBare;
  const keetaSuccess = (answer: unknown) => asObject(answer)?.['code'] === 0;

  async function signed(f: Fixture): Promise<WireBody> {
    // The order the client builds: common parameters, then the endpoint's fields.
    const params = {
      appId: KEETA.appId,
      accessToken: KEETA.accessToken,
      timestamp: KEETA.timestamp,
      ...f.request,
    };
    const sig = await keeta.signKeetaRequest({
      url: keetaBase + f.path,
      params,
      appSecret: KEETA.appSecret,
    });
    return wireBody({ ...params, sig });
  }

  {
    const f = fixture(fixtures, 'keeta.applyPartialRefund');
    const wire = await signed(f);
    type Body =
      KeetaPaths['/order/refund/part/apply']['post']['requestBody']['content']['application/json'];
    const input = f.request as unknown as Parameters<typeof keetaClient.applyPartialRefund>[0];
    const expected = asObject(f.answer)?.['data'];
    scenarios.push(
      scenario(f, wire, [
        rawFetch(keetaBase + f.path, JSON_TYPE, wire, keetaSuccess),
        {
          name: 'openapi-fetch',
          role: 'bare',
          async call() {
            const { data, response } = await keetaBare.POST('/order/refund/part/apply', {
              body: wire.value as unknown as Body,
            });
            return response.status === 200 && keetaSuccess(data);
          },
        },
        {
          name: '@refundkit/keeta',
          role: 'client',
          async call() {
            return (await keetaClient.applyPartialRefund(input)) === expected;
          },
        },
      ]),
    );
  }

  {
    const f = fixture(fixtures, 'keeta.previewPartialRefund');
    const wire = await signed(f);
    type Body =
      KeetaPaths['/order/refund/part/products/preview']['post']['requestBody']['content']['application/json'];
    const input = f.request as unknown as Parameters<typeof keetaClient.previewPartialRefund>[0];
    const products = (asObject(asObject(f.answer)?.['data'])?.['products'] as unknown[]).length;
    const isPreview = (data: unknown) =>
      (asObject(data)?.['products'] as unknown[] | undefined)?.length === products;
    scenarios.push(
      scenario(f, wire, [
        rawFetch(
          keetaBase + f.path,
          JSON_TYPE,
          wire,
          (a) => keetaSuccess(a) && isPreview(asObject(a)?.['data']),
        ),
        {
          name: 'openapi-fetch',
          role: 'bare',
          async call() {
            const { data, response } = await keetaBare.POST('/order/refund/part/products/preview', {
              body: wire.value as unknown as Body,
            });
            return response.status === 200 && keetaSuccess(data) && isPreview(data?.data);
          },
        },
        {
          name: '@refundkit/keeta',
          role: 'client',
          async call() {
            return isPreview(await keetaClient.previewPartialRefund(input));
          },
        },
      ]),
    );
  }

  // ── Shoplazza: token and Accept header on every request, as the client sends them.
  const shoplazzaBase = `${origin}/shoplazza`;
  const shoplazzaHeaders = { 'access-token': SHOPLAZZA_TOKEN, accept: 'application/json' };
  const shoplazzaClient = shoplazza.createShoplazzaClient({
    baseUrl: shoplazzaBase,
    accessToken: SHOPLAZZA_TOKEN,
  });
  const shoplazzaBare = createClient({
    baseUrl: shoplazzaBase,
    headers: shoplazzaHeaders,
  }) as ShoplazzaBare;

  {
    const f = fixture(fixtures, 'shoplazza.refundOrder');
    const orderId = pathParam(f, 'order_id');
    type Body =
      ShoplazzaPaths['/openapi/2024-07/orders/{order_id}/refund']['post']['requestBody']['content']['application/json'];
    const wire = wireBody(f.request);
    const input = f.request as Body;
    const recordId = asObject(asObject(f.answer)?.['data'])?.['refund_record_id'];
    const isSuccess = (a: unknown) =>
      asObject(a)?.['code'] === 'SUCCESS' &&
      asObject(asObject(a)?.['data'])?.['refund_record_id'] === recordId;
    scenarios.push(
      scenario(f, wire, [
        rawFetch(shoplazzaBase + f.path, { ...JSON_TYPE, ...shoplazzaHeaders }, wire, isSuccess),
        {
          name: 'openapi-fetch',
          role: 'bare',
          async call() {
            const { data, response } = await shoplazzaBare.POST(
              '/openapi/2024-07/orders/{order_id}/refund',
              { params: { path: { order_id: orderId } }, body: wire.value as Body },
            );
            return response.status === 200 && isSuccess(data);
          },
        },
        {
          name: '@refundkit/shoplazza',
          role: 'client',
          async call() {
            return (
              (await shoplazzaClient.refundOrder(orderId, input)).refund_record_id === recordId
            );
          },
        },
      ]),
    );
  }

  {
    const f = fixture(fixtures, 'shoplazza.partialRefund');
    const orderId = pathParam(f, 'id');
    type Body =
      ShoplazzaPaths['/openapi/2022-01/orders/{id}/partial_refund']['post']['requestBody']['content']['application/json'];
    const wire = wireBody(f.request);
    const input = f.request as Body;
    const refundId = asObject(f.answer)?.['Id'];
    const isSuccess = (a: unknown) =>
      asObject(a)?.['Id'] === refundId && asObject(a)?.['errors'] === undefined;
    scenarios.push(
      scenario(f, wire, [
        rawFetch(shoplazzaBase + f.path, { ...JSON_TYPE, ...shoplazzaHeaders }, wire, isSuccess),
        {
          name: 'openapi-fetch',
          role: 'bare',
          async call() {
            const { data, response } = await shoplazzaBare.POST(
              '/openapi/2022-01/orders/{id}/partial_refund',
              { params: { path: { id: orderId } }, body: wire.value as Body },
            );
            return response.status === 200 && isSuccess(data);
          },
        },
        {
          name: '@refundkit/shoplazza',
          role: 'client',
          async call() {
            return (await shoplazzaClient.partialRefund(orderId, input)).Id === refundId;
          },
        },
      ]),
    );
  }

  // ── KakaClo: bearer token per request, as the client sends it.
  const kakacloBase = `${origin}/kakaclo`;
  const kakacloClient = kakaclo.createKakacloClient({
    baseUrl: kakacloBase,
    accessToken: KAKACLO_TOKEN,
  });
  const authorization = { Authorization: `Bearer ${KAKACLO_TOKEN}` };
  {
    const f = fixture(fixtures, 'kakaclo.refundOrder');
    const orderId = pathParam(f, 'id');
    const wire = wireBody(f.request);
    const input = f.request as unknown as Parameters<typeof kakacloClient.refundOrder>[1];
    const refundId = String(asObject(f.answer)?.['data']);
    const isSuccess = (a: unknown) =>
      String(asObject(a)?.['code']) === '10000' && String(asObject(a)?.['data']) === refundId;
    const bare = (name: string, role: 'bare' | 'bare again'): Contestant => {
      // Its own instance, so the A/A control compares two equal but separate clients.
      const client = createClient({ baseUrl: kakacloBase }) as KakacloBare;
      return {
        name,
        role,
        async call() {
          const { data, response } = await client.POST('/openapi/v2/order/orders/{id}/refund', {
            params: { path: { id: orderId } },
            body: wire.value,
            headers: authorization,
          });
          return response.status === 200 && isSuccess(data);
        },
      };
    };
    scenarios.push(
      scenario(f, wire, [
        rawFetch(kakacloBase + f.path, { ...JSON_TYPE, ...authorization }, wire, isSuccess),
        bare('openapi-fetch', 'bare'),
        {
          name: '@refundkit/kakaclo',
          role: 'client',
          async call() {
            return (await kakacloClient.refundOrder(orderId, input)).refundId === refundId;
          },
        },
      ]),
    );
    scenarios.push({
      key: 'control (A/A)',
      route: f.key,
      control: true,
      wire,
      contestants: [bare('openapi-fetch A', 'bare'), bare('openapi-fetch B', 'bare again')],
    });
  }

  return scenarios;
}

function pathParam(f: Fixture, name: string): string {
  const value = f.pathParams[name];
  if (value === undefined) throw new Error(`${f.key}: no path parameter ${name}`);
  return value;
}

function scenario(f: Fixture, wire: WireBody, contestants: Contestant[]): Scenario {
  return { key: f.key, route: f.key, control: false, wire, contestants };
}
