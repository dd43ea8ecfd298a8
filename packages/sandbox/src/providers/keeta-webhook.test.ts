import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keetaSign, send } from '../http.test-util.js';
import { parseJson, stringifyJson } from '../json.js';
import { startSandbox } from '../start.js';
import type { Sandbox } from '../sandbox.js';
import { isLoopbackUrl } from '../webhook-delivery.js';
import { keetaSignature } from './keeta-sign.js';
import {
  KEETA_REFUND_WEBHOOK_STATUSES,
  RefundAlreadySettledError,
  UnknownRefundError,
} from './keeta-webhook.js';

const NOW_MS = 1_700_000_000_000;
const APPLY = '/order/refund/part/apply';
const HOOK = 'https://merchant.example/keeta/webhook';
const SAR_ORDER = 756823555555859n; // product 1234534224: 3 × 24.00 SAR
const JPY_ORDER = 1152921504606846977n; // product 9007199254740993: 2 × 1500 JPY, ids > 2^53

let sandbox: Sandbox;
let now = NOW_MS;
const secret = 'webhook-test-secret';

beforeAll(async () => {
  sandbox = await startSandbox({
    credentials: { keeta: { appId: 4242, appSecret: secret } },
    clock: () => now,
  });
});
afterEach(() => {
  sandbox.reset();
  now = NOW_MS;
});
afterAll(() => sandbox.close());

/** Applies a Keeta partial refund over HTTP, signed; returns its `afterSaleOrderId`. */
async function applyRefund(
  orderViewId: bigint,
  orderProductId: bigint,
  refundCount: number,
  reason: Record<string, unknown> = { partRefundType: 200001 },
): Promise<string> {
  const { appId, accessToken, appSecret } = sandbox.credentials.keeta;
  const params = {
    appId,
    accessToken,
    timestamp: Math.floor(now / 1000),
    orderViewId,
    shopId: 466663,
    products: [{ orderProductId, refundCount }],
    ...reason,
  };
  const url = `${sandbox.baseUrls.keeta}${APPLY}`;
  const answer = await send(url, {
    headers: { 'content-type': 'application/json' },
    body: stringifyJson({ ...params, sig: keetaSign(url, params, appSecret) }),
  });
  expect(answer.json).toEqual({ code: 0, message: 'Success' });
  const entry = sandbox.ledger({ provider: 'keeta' }).at(-1);
  return entry!.refundId;
}

function refundedOf(orderViewId: bigint, productId: string): number | undefined {
  const order = sandbox.orders().keeta.orders.find((o) => o.orderViewId === String(orderViewId));
  return order?.products.find((p) => p.orderProductId === productId)?.refunded;
}

describe('sandbox.keetaRefundWebhook (event 1007)', () => {
  it('builds the event: ids as JSON integers, money in minor units, common parameters', async () => {
    const id = await applyRefund(SAR_ORDER, 1234534224n, 2, {
      partRefundType: 200000,
      partRefundReason: 'Do not like',
    });
    now += 90_000;
    const webhook = sandbox.keetaRefundWebhook(id, 'succeeded', { url: HOOK });
    expect(webhook.headers).toEqual({ 'content-type': 'application/json' });
    const body = parseJson(webhook.body) as Record<string, unknown>;
    expect(body).toEqual({
      appId: 4242,
      timestamp: (NOW_MS + 90_000) / 1000,
      orderViewId: 756823555555859,
      shopId: 466663,
      status: KEETA_REFUND_WEBHOOK_STATUSES.succeeded,
      afterSaleOrderId: Number(id),
      money: 4800,
      currency: 'SAR',
      applyReason: 'Do not like',
      handleReason: '',
      opTime: NOW_MS + 90_000,
      refundProducts: [{ orderProductId: 1234534224, refundCount: 2 }],
      sig: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
    });
    expect(KEETA_REFUND_WEBHOOK_STATUSES).toEqual({ succeeded: 20, failed: 30 });
  });

  it('is signed over the webhook URL with the app secret, as Keeta signs requests', async () => {
    const id = await applyRefund(SAR_ORDER, 1234534224n, 1);
    const { body } = sandbox.keetaRefundWebhook(id, 'succeeded', { url: HOOK });
    const params = parseJson(body) as Record<string, unknown>;
    // The sandbox's own signing code (the one that verifies requests) …
    expect(params['sig']).toBe(keetaSignature(HOOK, params, secret));
    // … and the rule of protocols.md written independently.
    expect(params['sig']).toBe(keetaSign(HOOK, params, secret));
    expect(params['sig']).not.toBe(keetaSignature(`${HOOK}/other`, params, secret));
    expect(params['sig']).not.toBe(keetaSignature(HOOK, params, 'another-secret'));
  });

  it('writes ids beyond 2^53 as bare digits, in the body and the signature', async () => {
    const id = await applyRefund(JPY_ORDER, 9007199254740993n, 1);
    const { body } = sandbox.keetaRefundWebhook(id, 'succeeded', { url: HOOK });
    expect(body).toContain('"orderViewId":1152921504606846977');
    expect(body).toContain(
      '"refundProducts":[{"orderProductId":9007199254740993,"refundCount":1}]',
    );
    expect(body).toContain('"money":1500,"currency":"JPY"');
    const params = parseJson(body) as Record<string, unknown>;
    expect(params['sig']).toBe(keetaSign(HOOK, params, secret));
  });

  it('settles the ledger entry as a new frozen snapshot; units stay refunded', async () => {
    const id = await applyRefund(SAR_ORDER, 1234534224n, 1);
    const before = sandbox.ledger({ provider: 'keeta' });
    expect(before[0]?.status).toBe('applied');
    sandbox.keetaRefundWebhook(id, 'succeeded', { url: HOOK });
    const after = sandbox.ledger({ provider: 'keeta' });
    expect(after).toHaveLength(1);
    expect(after[0]).toEqual({ ...before[0], status: 'refund_successfully' });
    expect(Object.isFrozen(after[0])).toBe(true);
    expect(before[0]?.status).toBe('applied'); // the old snapshot is untouched
    expect(refundedOf(SAR_ORDER, '1234534224')).toBe(1);
  });

  it('again with the same outcome: the same body (a redelivery), nothing changed', async () => {
    const id = await applyRefund(SAR_ORDER, 1234534224n, 3);
    const first = sandbox.keetaRefundWebhook(id, 'failed', { url: HOOK });
    const ledger = sandbox.ledger();
    const orders = sandbox.orders();
    now += 3_600_000;
    const again = sandbox.keetaRefundWebhook(id, 'failed', { url: HOOK });
    expect(again).toEqual(first);
    expect(sandbox.ledger()).toEqual(ledger);
    expect(sandbox.orders()).toEqual(orders);
    // To another URL: the same event, signed over that URL.
    const elsewhere = parseJson(
      sandbox.keetaRefundWebhook(id, 'failed', { url: `${HOOK}2` }).body,
    ) as Record<string, unknown>;
    const { sig, ...event } = parseJson(first.body) as Record<string, unknown>;
    expect(elsewhere).toEqual({ ...event, sig: keetaSign(`${HOOK}2`, event, secret) });
    expect(elsewhere['sig']).not.toBe(sig);
  });

  it('failed: gives the units back, so a second refund of them succeeds', async () => {
    const id = await applyRefund(SAR_ORDER, 1234534224n, 3);
    expect(refundedOf(SAR_ORDER, '1234534224')).toBe(3);
    const { body } = sandbox.keetaRefundWebhook(id, 'failed', { url: HOOK });
    expect(parseJson(body)).toMatchObject({
      status: KEETA_REFUND_WEBHOOK_STATUSES.failed,
      handleReason: 'Refund rejected (sandbox)',
    });
    expect(sandbox.ledger({ provider: 'keeta' })[0]?.status).toBe('refund_failed');
    expect(refundedOf(SAR_ORDER, '1234534224')).toBe(0);
    const second = await applyRefund(SAR_ORDER, 1234534224n, 3);
    expect(second).not.toBe(id);
    expect(refundedOf(SAR_ORDER, '1234534224')).toBe(3);
    expect(sandbox.ledger({ provider: 'keeta' }).map((e) => e.status)).toEqual([
      'refund_failed',
      'applied',
    ]);
  });

  it('refuses the other outcome once settled, changing nothing', async () => {
    const id = await applyRefund(SAR_ORDER, 1234534224n, 1);
    sandbox.keetaRefundWebhook(id, 'succeeded', { url: HOOK });
    const ledger = sandbox.ledger();
    expect(() => sandbox.keetaRefundWebhook(id, 'failed', { url: HOOK })).toThrow(
      RefundAlreadySettledError,
    );
    expect(sandbox.ledger()).toEqual(ledger);
    expect(refundedOf(SAR_ORDER, '1234534224')).toBe(1);
  });

  it('an unknown refund id is a clear error; bad arguments name the field', async () => {
    expect(() => sandbox.keetaRefundWebhook('833441825390895', 'succeeded', { url: HOOK })).toThrow(
      new UnknownRefundError(
        'afterSaleOrderId: no Keeta refund 833441825390895 was applied in this sandbox',
      ),
    );
    const id = await applyRefund(SAR_ORDER, 1234534224n, 1);
    const call =
      (...args: unknown[]) =>
      () =>
        (sandbox.keetaRefundWebhook as (...a: unknown[]) => unknown)(...args);
    expect(call(Number(id), 'succeeded', { url: HOOK })).toThrow('afterSaleOrderId: must be');
    expect(call(id, 'approved', { url: HOOK })).toThrow('outcome: must be succeeded or failed');
    expect(call(id, 'succeeded', { url: '/keeta/webhook' })).toThrow('url: must be an absolute');
    expect(call(id, 'succeeded')).toThrow(TypeError);
    expect(sandbox.ledger()[0]?.status).toBe('applied');
  });

  it('reset() forgets the refunds', async () => {
    const id = await applyRefund(SAR_ORDER, 1234534224n, 1);
    sandbox.reset();
    expect(() => sandbox.keetaRefundWebhook(id, 'succeeded', { url: HOOK })).toThrow(
      UnknownRefundError,
    );
  });
});

describe('POST /__sandbox/keeta/refunds/<afterSaleOrderId>/webhook', () => {
  const admin = (id: string, body: unknown) =>
    send(`${sandbox.url}/__sandbox/keeta/refunds/${id}/webhook`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers {body}: the same event as keetaRefundWebhook, settling the refund', async () => {
    const id = await applyRefund(SAR_ORDER, 1234534224n, 1);
    const answer = await admin(id, { status: 'succeeded', url: HOOK });
    expect(answer.status).toBe(200);
    const { body } = answer.json as { body: string };
    expect(sandbox.ledger()[0]?.status).toBe('refund_successfully');
    expect(sandbox.keetaRefundWebhook(id, 'succeeded', { url: HOOK }).body).toBe(body);
    const params = parseJson(body) as Record<string, unknown>;
    expect(params['sig']).toBe(keetaSignature(HOOK, params, secret));
  });

  it('refuses bad input (400), an unknown id (404) and the other outcome (409)', async () => {
    const id = await applyRefund(SAR_ORDER, 1234534224n, 1);
    expect(await admin(id, { status: 'refund_successfully', url: HOOK })).toMatchObject({
      status: 400,
      json: { error: 'status: must be succeeded or failed' },
    });
    expect((await admin(id, { status: 'failed' })).status).toBe(400);
    expect((await admin(id, { status: 'failed', url: HOOK, deliver: 'yes' })).status).toBe(400);
    expect((await admin('42', { status: 'failed', url: HOOK })).status).toBe(404);
    expect(sandbox.ledger()[0]?.status).toBe('applied');
    expect((await admin(id, { status: 'failed', url: HOOK })).status).toBe(200);
    expect((await admin(id, { status: 'succeeded', url: HOOK })).status).toBe(409);
    expect(sandbox.ledger()[0]?.status).toBe('refund_failed');
  });

  it('follows the admin access rules: with an admin token, nothing without it', async () => {
    const guarded = await startSandbox({ adminToken: 'webhook-admin-token' });
    try {
      const url = `${guarded.url}/__sandbox/keeta/refunds/833441825390895/webhook`;
      const body = JSON.stringify({ status: 'succeeded', url: HOOK });
      const headers = { 'content-type': 'application/json' };
      expect((await send(url, { headers, body })).status).toBe(401);
      const authorised = { ...headers, authorization: 'Bearer webhook-admin-token' };
      // Past the gate: no refund was applied there, so 404.
      expect((await send(url, { headers: authorised, body })).status).toBe(404);
    } finally {
      await guarded.close();
    }
  });

  describe('deliver: true', () => {
    let receiver: Server;
    let received: { url: string; type: string | undefined; body: string }[] = [];
    let receiverUrl = '';
    beforeAll(async () => {
      receiver = createServer((req, res) => {
        let text = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => (text += chunk));
        req.on('end', () => {
          received.push({ url: req.url ?? '', type: req.headers['content-type'], body: text });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/keeta/hook`;
    });
    afterEach(() => {
      received = [];
    });
    afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

    it('POSTs the signed body to a loopback URL and reports the receiver status', async () => {
      const id = await applyRefund(SAR_ORDER, 1234534224n, 1);
      const answer = await admin(id, { status: 'succeeded', url: receiverUrl, deliver: true });
      expect(answer.status).toBe(200);
      const { body, delivered } = answer.json as { body: string; delivered: { status: number } };
      expect(delivered).toEqual({ status: 204 });
      expect(received).toEqual([{ url: '/keeta/hook', type: 'application/json', body }]);
      const params = parseJson(body) as Record<string, unknown>;
      expect(params['sig']).toBe(keetaSignature(receiverUrl, params, secret));
    });

    it('refuses any URL that is not loopback, sending and settling nothing', async () => {
      const id = await applyRefund(SAR_ORDER, 1234534224n, 1);
      for (const url of [
        'http://example.com/hook',
        'http://10.0.0.1/hook',
        'http://[fe80::1]/hook',
        'http://localhost.example.com/hook',
        'http://user:pw@127.0.0.1/hook',
      ]) {
        const answer = await admin(id, { status: 'succeeded', url, deliver: true });
        expect(answer.status).toBe(400);
        expect((answer.json as { error: string }).error).toMatch(/^url: with deliver, /);
      }
      expect(received).toEqual([]);
      expect(sandbox.ledger()[0]?.status).toBe('applied');
    });

    it('a receiver that cannot be reached: 502 with the body, the refund settled', async () => {
      const id = await applyRefund(SAR_ORDER, 1234534224n, 1);
      const closed = await new Promise<string>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(`http://127.0.0.1:${port}/hook`));
        });
      });
      const answer = await admin(id, { status: 'succeeded', url: closed, deliver: true });
      expect(answer.status).toBe(502);
      expect(answer.json).toMatchObject({ body: expect.any(String) as unknown });
      expect(sandbox.ledger()[0]?.status).toBe('refund_successfully');
    });
  });
});

describe('isLoopbackUrl', () => {
  it.each([
    ['http://127.0.0.1:9/x', true],
    ['https://127.9.8.7/x', true],
    ['http://[::1]:8080/x', true],
    ['http://localhost:3000/x', true],
    ['http://LOCALHOST/x', true],
    ['http://0x7f000001/x', true], // WHATWG URL normalises it to 127.0.0.1
    ['http://example.com/x', false],
    ['http://127.0.0.1.nip.io/x', false],
    ['http://192.168.1.1/x', false],
    ['http://[::ffff:7f00:1]/x', false],
    ['ftp://127.0.0.1/x', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });
});
