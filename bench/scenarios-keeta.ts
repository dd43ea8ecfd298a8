/**
 * Keeta `applyPartialRefund` and `previewPartialRefund`. The client has a fixed `clock` and
 * signs on every call; the bare contestants send a body signed once with `signKeetaRequest`
 * for the same timestamp, so the bytes match and signing stays part of the client's cost.
 */
import {
  JSON_TYPE,
  asObject,
  rawFetch,
  scenario,
  type Scenario,
  type ScenarioContext,
} from './contestants.ts';
import { fixture, type Fixture } from './fixtures.ts';
import { importPackage } from './resolve.ts';
import { wireBody, type WireBody } from './wire-body.ts';

type KeetaModule = typeof import('@refundkit/keeta');
type Paths = import('@refundkit/keeta').paths;
type Bare = import('@refundkit/keeta').KeetaClient['raw'];
type ApplyBody =
  Paths['/order/refund/part/apply']['post']['requestBody']['content']['application/json'];
type PreviewBody =
  Paths['/order/refund/part/products/preview']['post']['requestBody']['content']['application/json'];

/** Keeta's demo credentials and time, as in the spec's signed examples (AppSecret `abc`). */
const KEETA = { appId: 123, accessToken: 'abc', appSecret: 'abc', timestamp: 1682566749 };

/** The Keeta scenarios. */
export async function keetaScenarios({
  origin,
  fixtures,
  createClient,
}: ScenarioContext): Promise<Scenario[]> {
  const keeta = await importPackage<KeetaModule>('@refundkit/keeta');
  const base = `${origin}/keeta`;
  const client = keeta.createKeetaClient({
    appId: KEETA.appId,
    appSecret: KEETA.appSecret,
    accessToken: KEETA.accessToken,
    baseUrl: base,
    clock: () => KEETA.timestamp * 1000,
  });
  const bare = createClient({ baseUrl: base }) as Bare;
  const isEnvelopeSuccess = (answer: unknown) => asObject(answer)?.['code'] === 0;

  async function signed(f: Fixture): Promise<WireBody> {
    // The order the client builds: common parameters, then the endpoint's fields.
    const params = {
      appId: KEETA.appId,
      accessToken: KEETA.accessToken,
      timestamp: KEETA.timestamp,
      ...f.request,
    };
    const sig = await keeta.signKeetaRequest({
      url: base + f.path,
      params,
      appSecret: KEETA.appSecret,
    });
    return wireBody({ ...params, sig });
  }

  const apply = fixture(fixtures, 'keeta.applyPartialRefund');
  const applyWire = await signed(apply);
  const applyInput = apply.request as unknown as Parameters<typeof client.applyPartialRefund>[0];
  const applyData = asObject(apply.answer)?.['data'];

  const preview = fixture(fixtures, 'keeta.previewPartialRefund');
  const previewWire = await signed(preview);
  const previewInput = preview.request as unknown as Parameters<
    typeof client.previewPartialRefund
  >[0];
  const products = asObject(asObject(preview.answer)?.['data'])?.['products'];
  const productCount = Array.isArray(products) ? products.length : -1;
  const isPreview = (data: unknown) => {
    const listed = asObject(data)?.['products'];
    return Array.isArray(listed) && listed.length === productCount;
  };

  return [
    scenario(apply, applyWire, [
      rawFetch(base + apply.path, JSON_TYPE, applyWire, isEnvelopeSuccess),
      {
        name: 'openapi-fetch',
        role: 'bare',
        async call() {
          const { data, response } = await bare.POST('/order/refund/part/apply', {
            body: applyWire.value as unknown as ApplyBody,
          });
          return response.status === 200 && isEnvelopeSuccess(data);
        },
      },
      {
        name: '@refundkit/keeta',
        role: 'client',
        async call() {
          return (await client.applyPartialRefund(applyInput)) === applyData;
        },
      },
    ]),
    scenario(preview, previewWire, [
      rawFetch(
        base + preview.path,
        JSON_TYPE,
        previewWire,
        (a) => isEnvelopeSuccess(a) && isPreview(asObject(a)?.['data']),
      ),
      {
        name: 'openapi-fetch',
        role: 'bare',
        async call() {
          const { data, response } = await bare.POST('/order/refund/part/products/preview', {
            body: previewWire.value as unknown as PreviewBody,
          });
          return response.status === 200 && isEnvelopeSuccess(data) && isPreview(data?.data);
        },
      },
      {
        name: '@refundkit/keeta',
        role: 'client',
        async call() {
          return isPreview(await client.previewPartialRefund(previewInput));
        },
      },
    ]),
  ];
}
