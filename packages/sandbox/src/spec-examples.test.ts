/**
 * Every example request in the three specs, sent to a fresh sandbox: each must succeed, and
 * each answer must match the spec's response schema for its status (the sandbox also checks
 * its own answers at run time; this test checks them independently, from outside).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from './json.js';
import { compileOperations, loadSpec, type ProviderName } from './spec.js';
import { startSandbox } from './start.js';
import type { Sandbox } from './sandbox.js';

interface Example {
  provider: ProviderName;
  operationId: string;
  name: string;
  method: string;
  path: string;
  body: unknown;
}

/** The parts of a spec operation the examples come from. */
interface DocumentedOperation {
  operationId: string;
  parameters?: {
    in: string;
    name: string;
    example?: string;
    examples?: Record<string, { value: string }>;
  }[];
  requestBody?: {
    content?: Record<string, { examples?: Record<string, { value: unknown }> }>;
  };
}

/** The examples of every operation: each request-body example, or each path-parameter example. */
function examples(provider: ProviderName): Example[] {
  const spec = loadSpec(provider) as unknown as {
    paths: Record<string, Record<string, DocumentedOperation>>;
  };
  const found: Example[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const param = (operation.parameters ?? []).find((p) => p.in === 'path');
      const paramValues: [string, string][] = param
        ? param.examples
          ? Object.entries(param.examples).map(([k, v]) => [k, v.value])
          : [['example', param.example ?? '']]
        : [['', '']];
      const bodies: [string, unknown][] = Object.entries(
        operation.requestBody?.content?.['application/json']?.examples ?? {
          none: { value: undefined },
        },
      ).map(([k, v]) => [k, v.value]);
      for (const [paramName, paramValue] of paramValues) {
        for (const [bodyName, body] of bodies) {
          found.push({
            provider,
            operationId: operation.operationId,
            name:
              [paramName, bodyName]
                .filter((n) => n && n !== 'example' && n !== 'none')
                .join(' + ') || 'example',
            method: method.toUpperCase(),
            path: param
              ? template.replace(`{${param.name}}`, encodeURIComponent(paramValue))
              : template,
            body,
          });
        }
      }
    }
  }
  return found;
}

let sandbox: Sandbox;
beforeAll(async () => {
  // The Keeta examples are signed for the production URL with the demo credentials, at a fixed time.
  sandbox = await startSandbox({
    credentials: { keeta: { appId: 123, accessToken: 'abc', appSecret: 'abc' } },
    keetaSignatureBaseUrl: 'https://open.mykeeta.com/api/open',
    clock: () => 1682566749_000,
  });
});
afterAll(() => sandbox.close());

const headers: Record<ProviderName, () => Record<string, string>> = {
  keeta: () => ({}),
  shoplazza: () => ({ 'access-token': sandbox.credentials.shoplazza.accessToken }),
  kakaclo: () => ({ authorization: `Bearer ${sandbox.credentials.kakaclo.accessToken}` }),
};

const all = (['keeta', 'shoplazza', 'kakaclo'] as const).flatMap(examples);

describe('every spec example against a fresh sandbox', () => {
  it('finds the examples', () => {
    expect(all.map((e) => `${e.provider} ${e.operationId} ${e.name}`)).toEqual([
      'keeta applyPartialRefund otherReason',
      'keeta applyPartialRefund standardReason',
      'keeta previewPartialRefund selectedProducts',
      'keeta previewPartialRefund allProducts',
      'shoplazza partialRefund refundWithReturn',
      'shoplazza partialRefund amountOnly',
      'shoplazza refundOrder itemsShippingAndFees',
      'shoplazza refundOrder totalOnly',
      'kakaclo refundOrder someItems',
      'kakaclo refundOrder wholeOrder',
      'kakaclo queryRefund orderId',
      'kakaclo queryRefund refundId',
    ]);
  });

  it.each(all.map((e) => [`${e.provider} ${e.operationId} ${e.name}`, e] as const))(
    '%s',
    async (_name, example) => {
      sandbox.reset();
      const operation = compileOperations(example.provider, loadSpec(example.provider)).find(
        (o) => o.operationId === example.operationId,
      )!;
      const base =
        example.provider === 'shoplazza'
          ? sandbox.shoplazzaBaseUrl('demo-store')
          : sandbox.baseUrls[example.provider];
      if (example.operationId === 'queryRefund') {
        // Something to find: a refund of the example order.
        await fetch(`${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`, {
          method: 'POST',
          headers: headers.kakaclo(),
        });
      }
      const response = await fetch(`${base}${example.path}`, {
        method: example.method,
        headers: { ...headers[example.provider](), 'content-type': 'application/json' },
        ...(example.body === undefined ? {} : { body: JSON.stringify(example.body) }),
      });
      const body = parseJson(await response.text()) as Record<string, unknown>;
      expect(operation.validateResponse(response.status, body)).toEqual([]);
      expect(response.status).toBe(200);
      if (example.name === 'refundId') {
        // The spec's refund id 10002 is illustrative; sandbox refund numbers are 19 digits.
        expect(body).toEqual({ code: 40400, message: 'no order or refund 10002' });
        return;
      }
      if (example.provider === 'keeta') expect(body['code']).toBe(0);
      if (example.provider === 'kakaclo') expect(body['code']).toBe(10000);
      if (example.operationId === 'refundOrder' && example.provider === 'shoplazza')
        expect(body['code']).toBe('SUCCESS');
    },
  );
});
