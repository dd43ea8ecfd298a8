/**
 * Property tests, one per client method (seeded, 300 runs each): random and hostile input is
 * either refused with a LocalValidationError and nothing sent, or sent as a body that
 * validates against the spec's request schema, carries only documented fields, and is
 * signed exactly as sent. No configured secret appears in any error.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  assertCallProperty,
  json,
  mutated,
  nastyValue,
  specRequestValidator,
} from '@refundkit/test-kit';
import { parseJson } from '@refundkit/http';
import { createKeetaClient } from './client.js';
import { KEETA_PART_REFUND_TYPES } from './validate.js';
import type { ApplyPartialRefundInput, PreviewPartialRefundInput } from './inputs.js';
import { keetaSigningString } from './sign.js';

const appSecret = 'sec_0a1b2c3d4e5f6789_app_secret';
const accessToken = 'tok_9f8e7d6c5b4a3210_merchant_access';
const BASE = 'https://open.mykeeta.com/api/open';
const COMMON = ['appId', 'accessToken', 'timestamp', 'sig'];
/** Names a caller might pass by mistake: the common parameters, and near-misses. */
const EXTRA_KEYS = [...COMMON, 'partRefundReson', 'orderProductID', 'qty', 'toJSON'];

/** A positive int64 id as callers hold one: a safe number, a bigint or a digit string. */
const id = fc.oneof(
  fc.integer({ min: 1 }),
  fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
  fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String),
);
const product = fc.record({ orderProductId: id, refundCount: fc.integer({ min: 1, max: 10_000 }) });
const reason = fc.string({ unit: 'binary', minLength: 1, maxLength: 30 });

/** Valid input, random in every field, so the "sent" branch is tried on more than one body. */
const validApply = fc.record(
  {
    orderViewId: id,
    shopId: id,
    products: fc.array(product, { minLength: 1, maxLength: 4 }),
    partRefundType: fc.constantFrom(...KEETA_PART_REFUND_TYPES),
    partRefundReason: reason,
  },
  { requiredKeys: ['orderViewId', 'shopId', 'products', 'partRefundType'] },
);
const validPreview = fc.record(
  { orderViewId: id, shopId: id, products: fc.array(product, { maxLength: 4 }) },
  { requiredKeys: ['orderViewId', 'shopId'] },
);

/**
 * A valid value with exactly one defect: one field (at any depth) replaced by a nasty value
 * or dropped, one unknown key added, or a hole put into one array. The kit's `mutated` adds
 * an unknown key to most objects, so nearly every value it builds is refused at the first
 * object and a defect deeper down (a hole among valid products) is almost never tried
 * alone; this local helper tries each such defect on its own.
 */
function oneDefect(valid: unknown): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.nat(), fc.nat(3), nastyValue, fc.constantFrom(...EXTRA_KEYS))
    .map(([pick, kind, nasty, extraKey]) => {
      const copy = structuredClone(valid);
      const places: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
      const containers: (Record<string, unknown> | unknown[])[] = [];
      const walk = (value: unknown) => {
        if (value === null || typeof value !== 'object') return;
        const container = value as Record<string, unknown> | unknown[];
        containers.push(container);
        for (const key of Object.keys(container)) {
          const index = Array.isArray(container) ? Number(key) : key;
          places.push({ parent: container, key: index });
          walk((container as Record<string, unknown>)[key]);
        }
      };
      walk(copy);
      const container = containers[pick % containers.length] as Record<string, unknown>;
      const place = places[pick % Math.max(places.length, 1)];
      if (kind === 0 && place) (place.parent as Record<string, unknown>)[place.key] = nasty;
      if (kind === 1 && place) Reflect.deleteProperty(place.parent, place.key);
      if (kind === 2) container[Array.isArray(container) ? container.length + 1 : extraKey] = nasty;
      if (kind === 3 && Array.isArray(container))
        container.splice(pick % (container.length + 1), 0, undefined);
      return copy;
    });
}

/** Valid input, valid input with one defect, and valid input mutated by the kit. */
function hostile<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    valid,
    valid.chain(oneDefect),
    valid.chain((value) => mutated(value, EXTRA_KEYS)),
  );
}

/** Per-call options: mostly none or valid, sometimes with one defect or mutated. */
const VALID_OPTIONS = { timeoutMs: 5_000, maxRetries: 0 };
const options = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constant(VALID_OPTIONS) },
  { weight: 1, arbitrary: oneDefect(VALID_OPTIONS) },
  { weight: 1, arbitrary: mutated(VALID_OPTIONS, ['timeoutMS', 'logger']) },
);

function client(fetch: typeof globalThis.fetch) {
  return createKeetaClient({ appId: 123, appSecret, accessToken, fetch });
}

/**
 * Spec violations, plus what the spec cannot say: no field beyond the documented ones (the
 * spec's schemas allow extra properties) and a `sig` that signs this very body.
 */
function validator(operationId: string, path: string, fields: readonly string[]) {
  const spec = specRequestValidator('keeta', operationId);
  return (bodyText: string): string[] => {
    const problems = spec(bodyText);
    const body = parseJson(bodyText) as Record<string, unknown>;
    for (const key of Object.keys(body)) {
      if (!COMMON.includes(key) && !fields.includes(key)) problems.push(`undocumented ${key}`);
    }
    for (const product of (body['products'] ?? []) as Record<string, unknown>[]) {
      const keys = Object.keys(product).join(',');
      if (keys !== 'orderProductId,refundCount') problems.push(`product keys ${keys}`);
    }
    const expected = createHash('sha256')
      .update(keetaSigningString({ url: BASE + path, params: body }) + appSecret, 'utf8')
      .digest('hex');
    if (body['sig'] !== expected) problems.push('sig does not sign the body sent');
    return problems;
  };
}

test('applyPartialRefund: hostile input is refused, or sent valid and signed as sent', async () => {
  const tally = await assertCallProperty({
    args: fc.tuple(hostile(validApply), options),
    call: (fetch, body, callOptions) =>
      client(fetch).applyPartialRefund(body as ApplyPartialRefundInput, callOptions as never),
    success: () => json({ code: 0, message: 'success' }),
    validate: validator('applyPartialRefund', '/order/refund/part/apply', [
      'orderViewId',
      'shopId',
      'products',
      'partRefundType',
      'partRefundReason',
    ]),
    secrets: [appSecret, accessToken],
  });
  // Both branches of the property were exercised, not just one.
  expect(tally.refused).toBeGreaterThan(0);
  expect(tally.sent).toBeGreaterThan(0);
});

test('previewPartialRefund: hostile input is refused, or sent valid and signed as sent', async () => {
  const tally = await assertCallProperty({
    args: fc.tuple(hostile(validPreview), options),
    call: (fetch, body, callOptions) =>
      client(fetch).previewPartialRefund(body as PreviewPartialRefundInput, callOptions as never),
    success: () => json({ code: 0, message: 'success', data: { products: [] } }),
    validate: validator('previewPartialRefund', '/order/refund/part/products/preview', [
      'orderViewId',
      'shopId',
      'products',
    ]),
    secrets: [appSecret, accessToken],
  });
  expect(tally.refused).toBeGreaterThan(0);
  expect(tally.sent).toBeGreaterThan(0);
});
