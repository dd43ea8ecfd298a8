/**
 * The requests the benchmark sends and the answers the peer server gives, taken from the
 * examples in specs/<provider>/openapi.yaml, so both sides are what the providers document.
 * Shared by the peer server (answers) and the contestants (requests).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './resolve.ts';

/** A provider; its routes live under `/<provider>` on the peer server. */
export type Provider = 'keeta' | 'shoplazza' | 'kakaclo';

/** One benchmarked operation: where it goes, what is sent, what comes back. */
export interface Fixture {
  /** Short name, e.g. `keeta.applyPartialRefund`. */
  key: string;
  provider: Provider;
  /** The HTTP method: every client scenario is a POST; refund-core also reads (GET). */
  method: 'post' | 'get';
  /** The spec's path template, e.g. `/openapi/2024-07/orders/{order_id}/refund`. */
  specPath: string;
  /** Path parameters (the spec's examples). */
  pathParams: Record<string, string>;
  /** The concrete path below the provider's base URL. */
  path: string;
  /** The request body example (for Keeta: the endpoint's own fields, common parameters removed). */
  request: Record<string, unknown>;
  /** The documented success answer (HTTP 200). */
  answer: Record<string, unknown>;
}

/** Keeta's common body parameters: the client adds them, so they are not part of its input. */
const KEETA_COMMON = ['appId', 'accessToken', 'timestamp', 'sig'];

/** Which spec example each fixture uses. */
const CHOSEN = [
  {
    key: 'keeta.applyPartialRefund',
    provider: 'keeta',
    specPath: '/order/refund/part/apply',
    pathParams: {},
    requestExample: 'standardReason',
    answerExample: 'success',
  },
  {
    key: 'keeta.previewPartialRefund',
    provider: 'keeta',
    specPath: '/order/refund/part/products/preview',
    pathParams: {},
    requestExample: 'selectedProducts',
    answerExample: 'success',
  },
  {
    key: 'shoplazza.refundOrder',
    provider: 'shoplazza',
    specPath: '/openapi/2024-07/orders/{order_id}/refund',
    pathParams: { order_id: '1232123' },
    requestExample: 'itemsShippingAndFees',
    answerExample: 'success',
  },
  {
    key: 'shoplazza.partialRefund',
    provider: 'shoplazza',
    specPath: '/openapi/2022-01/orders/{id}/partial_refund',
    pathParams: { id: '1232123' },
    requestExample: 'refundWithReturn',
    answerExample: 'finished',
  },
  {
    key: 'kakaclo.refundOrder',
    provider: 'kakaclo',
    specPath: '/openapi/v2/order/orders/{id}/refund',
    pathParams: { id: '10001' },
    requestExample: 'someItems',
    answerExample: 'refundId',
  },
  // Not a client scenario: the refund list refund-core's KakaClo adapter reads before sending.
  {
    key: 'kakaclo.queryRefund',
    provider: 'kakaclo',
    method: 'get',
    specPath: '/openapi/v2/order/orders/refund/{id}',
    pathParams: { id: '10001' },
    requestExample: undefined,
    answerExample: 'pendingReview',
  },
] as const;

interface SpecExamples {
  examples?: Record<string, { value?: unknown }>;
}
interface SpecOperation {
  requestBody?: { content?: Record<string, SpecExamples> };
  responses?: Record<string, { content?: Record<string, SpecExamples> }>;
}

function example(
  where: SpecExamples | undefined,
  name: string,
  what: string,
): Record<string, unknown> {
  const value = where?.examples?.[name]?.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`spec has no object example "${name}" for ${what}`);
  }
  return value as Record<string, unknown>;
}

interface Spec {
  paths: Record<string, Record<string, SpecOperation | undefined> | undefined>;
}

/** Reads the fixtures from the specs. */
export function loadFixtures(): Fixture[] {
  const specs = new Map<Provider, Spec>();
  return CHOSEN.map((chosen) => {
    let spec = specs.get(chosen.provider);
    if (spec === undefined) {
      const file = join(repoRoot, 'specs', chosen.provider, 'openapi.yaml');
      spec = parse(readFileSync(file, 'utf8')) as Spec;
      specs.set(chosen.provider, spec);
    }
    const method = 'method' in chosen ? chosen.method : 'post';
    const operation = spec.paths[chosen.specPath]?.[method];
    const what = `${chosen.provider} ${method.toUpperCase()} ${chosen.specPath}`;
    if (operation === undefined) throw new Error(`spec has no ${what}`);
    const documented =
      chosen.requestExample === undefined
        ? {}
        : example(
            operation.requestBody?.content?.['application/json'],
            chosen.requestExample,
            what,
          );
    const request = Object.fromEntries(
      Object.entries(documented).filter(
        ([name]) => chosen.provider !== 'keeta' || !KEETA_COMMON.includes(name),
      ),
    );
    const answer = example(
      operation.responses?.['200']?.content?.['application/json'],
      chosen.answerExample,
      `${what} 200`,
    );
    const path = chosen.specPath.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = (chosen.pathParams as Record<string, string>)[name];
      if (value === undefined) throw new Error(`no value for {${name}} in ${chosen.specPath}`);
      return encodeURIComponent(value);
    });
    return { ...chosen, method, pathParams: { ...chosen.pathParams }, path, request, answer };
  });
}

/** The fixture named `key`. */
export function fixture(fixtures: readonly Fixture[], key: string): Fixture {
  const found = fixtures.find((f) => f.key === key);
  if (found === undefined) throw new Error(`no fixture ${key}`);
  return found;
}
