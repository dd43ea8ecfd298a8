/**
 * `verifyKeetaWebhook` on bodies signed here with the Keeta client's own signer: the
 * signature is checked over the raw body first, and ids above 2^53 keep every digit.
 */
import { stringifyJson } from '@refundkit/http';
import { signKeetaRequest } from '@refundkit/keeta';
import { describe, expect, it } from 'vitest';
import { WebhookError } from '../../errors.js';
import { verifyKeetaWebhook } from './keeta-webhook.js';

const URL = 'https://merchant.example/keeta/webhook';
const SECRET = 'test-app-secret';

const EVENT = {
  appId: 123,
  timestamp: 1700000090,
  orderViewId: 1152921504606846977n, // above 2^53: JSON digits a plain JSON.parse would round
  shopId: 466663,
  status: 20,
  afterSaleOrderId: 9007199254740993n,
  money: 3000,
  currency: 'JPY',
  applyReason: 'Do not like',
  handleReason: '',
  opTime: 1700000090000,
  refundProducts: [{ orderProductId: 9007199254740993n, refundCount: 2 }],
};

/** The raw body Keeta would POST: the event and its `sig`, ids as bare JSON integers. */
async function signed(
  event: Record<string, unknown> = EVENT,
  url = URL,
  secret = SECRET,
): Promise<string> {
  const sig = await signKeetaRequest({ url, params: event, appSecret: secret });
  return stringifyJson({ ...event, sig });
}

async function failure(body: string | Uint8Array, url = URL, appSecret = SECRET) {
  try {
    await verifyKeetaWebhook(body, { url, appSecret });
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookError);
    expect((error as Error).message).not.toContain(appSecret);
    return error as WebhookError;
  }
  throw new Error('the webhook was accepted');
}

describe('verifyKeetaWebhook', () => {
  it('accepts a good event and maps it, ids exact', async () => {
    const body = await signed();
    expect(body).toContain('"orderViewId":1152921504606846977');
    const event = await verifyKeetaWebhook(body, { url: URL, appSecret: SECRET });
    expect(event).toMatchObject({
      provider: 'keeta',
      orderKey: 'keeta:466663:1152921504606846977',
      orderId: '1152921504606846977',
      refundId: '9007199254740993',
      status: 'succeeded',
      lines: [{ lineId: '9007199254740993', quantity: 2 }],
      amount: { currency: 'JPY', amount: '3000' },
    });
    expect((event.raw as Record<string, unknown>)['sig']).toBeUndefined();
  });

  it('accepts the body as bytes too', async () => {
    const bytes = new TextEncoder().encode(await signed());
    const event = await verifyKeetaWebhook(bytes, { url: URL, appSecret: SECRET });
    expect(event.refundId).toBe('9007199254740993');
  });

  it('maps failed (30) and money in minor units with the currency exponent', async () => {
    const body = await signed({ ...EVENT, status: 30, money: 4800, currency: 'SAR' });
    const event = await verifyKeetaWebhook(body, { url: URL, appSecret: SECRET });
    expect(event).toMatchObject({ status: 'failed', amount: { currency: 'SAR', amount: '48.00' } });
  });

  it('refuses a tampered body (one digit changed after signing)', async () => {
    const body = (await signed()).replace('"refundCount":2', '"refundCount":3');
    expect((await failure(body)).reason).toBe('signature');
  });

  it('refuses a tampered id beyond 2^53 (a rounding parser would not see the change)', async () => {
    const body = (await signed()).replace('9007199254740993,', '9007199254740992,');
    expect(body).toContain('"afterSaleOrderId":9007199254740992,');
    expect((await failure(body)).reason).toBe('signature');
  });

  it('refuses a body signed for another URL', async () => {
    const body = await signed(EVENT, 'https://merchant.example/other');
    expect((await failure(body)).reason).toBe('signature');
  });

  it('refuses a body signed with another secret', async () => {
    const body = await signed(EVENT, URL, 'another-secret');
    expect((await failure(body)).reason).toBe('signature');
  });

  it('refuses a body without a sig', async () => {
    expect((await failure(stringifyJson(EVENT))).reason).toBe('signature');
  });

  it('refuses an unknown status code, after the signature passed', async () => {
    const error = await failure(await signed({ ...EVENT, status: 25 }));
    expect(error.reason).toBe('status');
    expect(error.message).toContain('25');
  });

  it('takes other status codes when configured', async () => {
    const event = await verifyKeetaWebhook(await signed({ ...EVENT, status: 25 }), {
      url: URL,
      appSecret: SECRET,
      statuses: { succeeded: [25], failed: [26], pending: [] },
    });
    expect(event.status).toBe('succeeded');
  });

  it.each([
    ['not JSON', 'orderViewId=1&sig=abc'],
    ['a JSON array', '[1,2]'],
    ['empty', ''],
  ])('refuses a body that is %s as shape', async (_name, body) => {
    expect((await failure(body)).reason).toBe('shape');
  });

  it('with maxAgeSeconds, refuses an event signed too long ago (a replay) and takes a fresh one', async () => {
    const body = await signed();
    const at = (seconds: number) => ({
      url: URL,
      appSecret: SECRET,
      maxAgeSeconds: 300,
      clock: () => seconds * 1000,
    });
    await expect(verifyKeetaWebhook(body, at(EVENT.timestamp + 301))).rejects.toMatchObject({
      reason: 'stale',
    });
    await expect(verifyKeetaWebhook(body, at(EVENT.timestamp + 299))).resolves.toMatchObject({
      status: 'succeeded',
    });
  });

  it('refuses bytes that are not UTF-8 as shape (a typed WebhookError)', async () => {
    expect((await failure(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).reason).toBe('shape');
  });

  it('refuses a signed body whose fields are not the documented ones', async () => {
    const withoutProducts: Record<string, unknown> = { ...EVENT };
    delete withoutProducts['refundProducts'];
    expect((await failure(await signed(withoutProducts))).reason).toBe('shape');
    expect((await failure(await signed({ ...EVENT, orderViewId: 'abc' }))).reason).toBe('shape');
  });
});
