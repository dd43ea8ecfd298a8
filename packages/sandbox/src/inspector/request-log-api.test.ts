/**
 * The request log over HTTP: what reached the sandbox, its verdict and why, masked; the
 * endpoints the inspector page reads; the log's bound.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../http.test-util.js';
import type { LoggedRequest } from '../request-log.js';
import type { Sandbox } from '../sandbox.js';
import { startSandbox } from '../start.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const KAKACLO_TOKEN = 'sandbox-kakaclo-access-token';
const kakacloRefund = (s: Sandbox, body: unknown, token = KAKACLO_TOKEN) =>
  send(`${s.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`, {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const oneShirt = { orderItems: [{ itemId: '120001', quantity: 1 }] };

async function getJson<T>(url: string): Promise<T> {
  const answer = await send(url, { method: 'GET' });
  expect(answer.status).toBe(200);
  return answer.json as T;
}

describe('the request log', () => {
  it('logs an applied refund with its ledger entry, and the entry names the request', async () => {
    sandbox = await startSandbox();
    const answer = await kakacloRefund(sandbox, oneShirt);
    const requestId = answer.headers.get('x-request-id');
    const [logged] = sandbox.requests();
    expect(logged).toMatchObject({
      id: requestId,
      seq: 1,
      method: 'POST',
      provider: 'kakaclo',
      operation: 'refundOrder',
      orderId: '10001',
      status: 200,
      outcome: 'applied',
      ledger: ['led_000001'],
      violations: [],
      faults: [],
      body: oneShirt,
    });
    expect(sandbox.ledger()[0]?.requestId).toBe(requestId);
  });

  it('a refusal carries the provider code and the violations that caused it', async () => {
    sandbox = await startSandbox();
    await kakacloRefund(sandbox, { orderItems: [{ itemId: 120001, quantity: 1 }] });
    const [logged] = sandbox.requests();
    expect(logged).toMatchObject({
      outcome: 'refused',
      code: '40000',
      violations: [{ field: 'orderItems[0].itemId', keyword: 'type' }],
      ledger: [],
    });
  });

  it('a fault that answers instead of the provider is the verdict, with the rule that fired', async () => {
    sandbox = await startSandbox({ faults: [{ kind: 'server_error', status: 503 }] });
    await kakacloRefund(sandbox, oneShirt);
    await kakacloRefund(sandbox, oneShirt);
    const [faulted, next] = sandbox.requests();
    expect(faulted).toMatchObject({
      outcome: 'fault',
      status: 503,
      faults: [{ id: 'fault_1', kind: 'server_error' }],
      ledger: [],
    });
    expect(next).toMatchObject({ outcome: 'applied', faults: [] });
  });

  it('drop_after_apply: applied, no answer (status 0), the fault named', async () => {
    sandbox = await startSandbox({ faults: [{ kind: 'drop_after_apply' }] });
    expect((await kakacloRefund(sandbox, oneShirt)).status).toBe(0);
    expect(sandbox.requests()[0]).toMatchObject({
      outcome: 'applied',
      status: 0,
      faults: [{ kind: 'drop_after_apply' }],
      ledger: ['led_000001'],
    });
  });

  it('never holds a credential: tokens, signatures and auth headers are masked', async () => {
    sandbox = await startSandbox();
    const secrets = ['keeta-token-sent-by-client', 'f00dfeedsignature', KAKACLO_TOKEN, 'bad-one'];
    await send(`${sandbox.baseUrls.keeta}/order/refund/part/apply?sig=f00dfeedsignature`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        appId: 123,
        accessToken: 'keeta-token-sent-by-client',
        timestamp: 1,
        sig: 'f00dfeedsignature',
        nested: [{ access_token: 'keeta-token-sent-by-client' }],
      }),
    });
    await kakacloRefund(sandbox, oneShirt);
    await kakacloRefund(sandbox, oneShirt, 'bad-one');
    await send(
      `${sandbox.url}/shoplazza/demo-store/openapi/2022-01/orders/1232123/partial_refund`,
      {
        headers: { 'access-token': 'bad-one', cookie: 'session=bad-one' },
        body: 'not json bad-one',
      },
    );
    const logged = sandbox.requests();
    expect(logged).toHaveLength(4);
    const keeta = logged[0]!;
    expect(keeta.body).toMatchObject({
      appId: 123,
      accessToken: '[REDACTED]',
      sig: '[REDACTED]',
      nested: [{ access_token: '[REDACTED]' }],
    });
    expect(keeta.path).toBe('/keeta/order/refund/part/apply?sig=%5BREDACTED%5D');
    expect(logged[1]!.headers['authorization']).toBe('[REDACTED]');
    expect(logged[3]!.headers['access-token']).toBe('[REDACTED]');
    expect(logged[3]!.body).toBeUndefined();
    expect(logged[3]!.bodyNote).toMatch(/not kept/);
    const details = await Promise.all(
      logged.map((r) => getJson<LoggedRequest>(`${sandbox!.url}/__sandbox/requests/${r.id}`)),
    );
    const everything = JSON.stringify([
      logged,
      details,
      await getJson(`${sandbox.url}/__sandbox/requests`),
    ]);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it('masks a configured credential wherever it appears: free text, query, headers, path, ledger', async () => {
    sandbox = await startSandbox({ adminToken: 'admin-token-0123456789' });
    const { keeta, shoplazza } = sandbox.credentials;
    const secrets = [KAKACLO_TOKEN, keeta.appSecret, keeta.accessToken, shoplazza.accessToken];
    // An applied refund whose free-text remark holds the token: the ledger keeps the body too.
    await kakacloRefund(sandbox, { ...oneShirt, remark: `pasted ${KAKACLO_TOKEN} by mistake` });
    await send(
      `${sandbox.baseUrls.keeta}/order/refund/part/apply/${keeta.accessToken}?note=${keeta.appSecret}`,
      {
        headers: { 'content-type': 'application/json', 'x-debug': `t=${shoplazza.accessToken}` },
        body: JSON.stringify({ [keeta.appSecret]: 1, text: 'admin-token-0123456789' }),
      },
    );
    const logged = sandbox.requests();
    expect(logged).toHaveLength(2);
    expect(logged[0]!.body).toMatchObject({ remark: 'pasted [REDACTED] by mistake' });
    expect(logged[0]!.outcome).toBe('applied');
    expect(sandbox.ledger()[0]!.request.body).toMatchObject({
      remark: 'pasted [REDACTED] by mistake',
    });
    expect(logged[1]!.path).toBe('/keeta/order/refund/part/apply/[REDACTED]?note=%5BREDACTED%5D');
    expect(logged[1]!.headers['x-debug']).toBe('t=[REDACTED]');
    const auth = { authorization: 'Bearer admin-token-0123456789' };
    const details = await Promise.all(
      logged.map(async (r) => {
        const answer = await send(`${sandbox!.url}/__sandbox/requests/${r.id}`, {
          method: 'GET',
          headers: auth,
        });
        return answer.json;
      }),
    );
    const everything = JSON.stringify([logged, details, sandbox.ledger()]);
    for (const secret of [...secrets, 'admin-token-0123456789']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('keeps the newest requestLogSize requests only; 0 keeps none; a bad size is refused', async () => {
    sandbox = await startSandbox({ requestLogSize: 2 });
    for (let i = 0; i < 3; i++) await kakacloRefund(sandbox, oneShirt);
    expect(sandbox.requests().map((r) => r.seq)).toEqual([2, 3]);
    await sandbox.close();
    sandbox = await startSandbox({ requestLogSize: 0 });
    await kakacloRefund(sandbox, oneShirt);
    expect(sandbox.requests()).toEqual([]);
    expect(sandbox.ledger()).toHaveLength(1);
    await expect(startSandbox({ requestLogSize: -1 })).rejects.toThrow(
      'requestLogSize: must be an integer from 0 to 1000000',
    );
    await expect(startSandbox({ requestLogSize: 1.5 })).rejects.toThrow(/requestLogSize/);
  });

  it('does not log admin calls, and reset() empties it', async () => {
    sandbox = await startSandbox();
    await send(`${sandbox.url}/__sandbox/info`, { method: 'GET' });
    await kakacloRefund(sandbox, oneShirt);
    expect(sandbox.requests()).toHaveLength(1);
    sandbox.reset();
    expect(sandbox.requests()).toEqual([]);
  });

  it('a path under no provider is logged as refused, without a provider', async () => {
    sandbox = await startSandbox();
    await send(`${sandbox.url}/stripe/refunds`, { method: 'GET' });
    expect(sandbox.requests()[0]).toMatchObject({ outcome: 'refused', status: 404 });
    expect(sandbox.requests()[0]).not.toHaveProperty('provider');
  });
});

describe('the endpoints the inspector page reads', () => {
  it('GET /__sandbox/requests: list fields, filters, after; bad filters named', async () => {
    sandbox = await startSandbox();
    await kakacloRefund(sandbox, oneShirt);
    await kakacloRefund(sandbox, oneShirt, 'wrong');
    const all = await getJson<{ capacity: number; added: number; requests: LoggedRequest[] }>(
      `${sandbox.url}/__sandbox/requests`,
    );
    expect(all).toMatchObject({ capacity: 1000, added: 2 });
    expect(all.requests.map((r) => r.outcome)).toEqual(['applied', 'refused']);
    expect(all.requests[0]).not.toHaveProperty('body');
    const refused = await getJson<{ requests: LoggedRequest[] }>(
      `${sandbox.url}/__sandbox/requests?outcome=refused&provider=kakaclo&orderId=10001`,
    );
    expect(refused.requests).toHaveLength(1);
    const after = await getJson<{ requests: LoggedRequest[] }>(
      `${sandbox.url}/__sandbox/requests?after=1`,
    );
    expect(after.requests.map((r) => r.seq)).toEqual([2]);
    for (const query of ['after=x', 'provider=stripe', 'outcome=maybe']) {
      const bad = await send(`${sandbox.url}/__sandbox/requests?${query}`, { method: 'GET' });
      expect(bad.status).toBe(400);
      expect(bad.json).toMatchObject({
        error: expect.stringContaining(query.split('=')[0]!) as string,
      });
    }
    const missing = await send(`${sandbox.url}/__sandbox/requests/sbx_999`, { method: 'GET' });
    expect(missing.status).toBe(404);
  });

  it('GET /__sandbox/balances: units and exact money bought, refunded and left', async () => {
    sandbox = await startSandbox();
    await kakacloRefund(sandbox, oneShirt);
    const { orders } = await getJson<{ orders: Record<string, unknown>[] }>(
      `${sandbox.url}/__sandbox/balances`,
    );
    const order = orders.find((o) => o['provider'] === 'kakaclo' && o['orderId'] === '10001');
    const seeded = sandbox.orders().kakaclo.orders.find((o) => o.id === '10001')!;
    const shirt = seeded.items.find((i) => i.itemId === '120001')!;
    expect(order).toMatchObject({
      currency: seeded.currency,
      lines: expect.arrayContaining([
        expect.objectContaining({
          lineId: '120001',
          bought: shirt.quantity,
          refunded: 1,
          remaining: shirt.quantity - 1,
          refundedAmount: shirt.unitPrice,
        }),
      ]) as unknown,
    });
    expect(typeof order?.['remaining']).toBe('string');
  });

  it('DELETE /__sandbox/faults/<id> removes one rule; an unknown id is 404', async () => {
    sandbox = await startSandbox({
      faults: [{ kind: 'latency', latencyMs: 1 }, { kind: 'html_error' }],
    });
    const removed = await send(`${sandbox.url}/__sandbox/faults/fault_1`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(removed.json).toMatchObject({ faults: [{ id: 'fault_2' }] });
    expect(
      (await send(`${sandbox.url}/__sandbox/faults/fault_1`, { method: 'DELETE' })).status,
    ).toBe(404);
  });
});
