import { afterEach, describe, expect, it } from 'vitest';
import { send, type RawAnswer } from './http.test-util.js';
import { checkRateLimits, PUBLISHED_RATE_LIMITS, RateLimiter } from './rate-limit.js';
import { startSandbox } from './start.js';
import type { Sandbox, SandboxOptions } from './sandbox.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('RateLimiter (a leaky bucket on the sandbox clock)', () => {
  it('lets a burst through, refuses the next with the wait rounded up to whole seconds', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ kakaclo: { ratePerSecond: 2, burst: 3 } }, clock.now);
    for (let i = 0; i < 3; i++) expect(limiter.take('kakaclo', () => 'a')).toBeUndefined();
    // One request drains in 500 ms: the wait is 0.5 s, answered as 1.
    expect(limiter.take('kakaclo', () => 'a')?.retryAfterSeconds).toBe(1);
    expect(limiter.refused()).toEqual({ keeta: 0, shoplazza: 0, kakaclo: 1 });
  });

  it('refills with the clock: one request per interval, never more than the burst', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ shoplazza: { ratePerSecond: 2, burst: 2 } }, clock.now);
    expect(limiter.take('shoplazza', () => 'a')).toBeUndefined();
    expect(limiter.take('shoplazza', () => 'a')).toBeUndefined();
    expect(limiter.take('shoplazza', () => 'a')).toBeDefined();
    clock.advance(499);
    expect(limiter.take('shoplazza', () => 'a')).toBeDefined();
    clock.advance(1);
    expect(limiter.take('shoplazza', () => 'a')).toBeUndefined();
    expect(limiter.take('shoplazza', () => 'a')).toBeDefined();
    // A long pause fills the bucket up to the burst, not beyond.
    clock.advance(60_000);
    expect(limiter.take('shoplazza', () => 'a')).toBeUndefined();
    expect(limiter.take('shoplazza', () => 'a')).toBeUndefined();
    expect(limiter.take('shoplazza', () => 'a')).toBeDefined();
  });

  it('Retry-After is the wait in whole seconds, rounded up', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ keeta: { ratePerSecond: 0.2, burst: 1 } }, clock.now);
    expect(limiter.take('keeta', () => 'app')).toBeUndefined();
    expect(limiter.take('keeta', () => 'app')?.retryAfterSeconds).toBe(5);
    clock.advance(1_200);
    expect(limiter.take('keeta', () => 'app')?.retryAfterSeconds).toBe(4);
    clock.advance(3_800);
    expect(limiter.take('keeta', () => 'app')).toBeUndefined();
  });

  it('keeps one bucket per key and leaves unlimited providers alone', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ kakaclo: { ratePerSecond: 1, burst: 1 } }, clock.now);
    expect(limiter.take('kakaclo', () => 'a')).toBeUndefined();
    expect(limiter.take('kakaclo', () => 'a')).toBeDefined();
    expect(limiter.take('kakaclo', () => 'b')).toBeUndefined();
    for (let i = 0; i < 100; i++) expect(limiter.take('keeta', () => 'a')).toBeUndefined();
  });

  it('counts float intervals exactly enough: 3/s lets 3 through per second', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ kakaclo: { ratePerSecond: 3, burst: 1 } }, clock.now);
    let passed = 0;
    for (let ms = 0; ms < 10_000; ms += 1) {
      if (limiter.take('kakaclo', () => 'a') === undefined) passed++;
      clock.advance(1);
    }
    expect(passed).toBe(30);
  });
});

describe('checkRateLimits', () => {
  it("resolves 'published' and leaves limits off by default", () => {
    expect(checkRateLimits(undefined)).toEqual({});
    expect(checkRateLimits('published')).toEqual({
      shoplazza: { ratePerSecond: 2, burst: 40 },
      kakaclo: { ratePerSecond: 2, burst: 120 },
    });
    expect(PUBLISHED_RATE_LIMITS.keeta).toBeUndefined();
    const checked = checkRateLimits({ kakaclo: { ratePerSecond: 1, burst: 5 } });
    expect(Object.isFrozen(checked) && Object.isFrozen(checked.kakaclo)).toBe(true);
  });

  it.each([
    ['publish', 'rateLimits: must be'],
    [{ paypal: { ratePerSecond: 1, burst: 1 } }, 'rateLimits.paypal: unknown provider'],
    [{ shoplazza: 2 }, 'rateLimits.shoplazza: must be an object'],
    [{ shoplazza: { ratePerSecond: 0, burst: 1 } }, 'rateLimits.shoplazza.ratePerSecond:'],
    [{ kakaclo: { ratePerSecond: '2', burst: 1 } }, 'rateLimits.kakaclo.ratePerSecond:'],
    [{ kakaclo: { ratePerSecond: Infinity, burst: 1 } }, 'rateLimits.kakaclo.ratePerSecond:'],
    [{ keeta: { ratePerSecond: 2, burst: 1.5 } }, 'rateLimits.keeta.burst:'],
    [{ keeta: { ratePerSecond: 2, burst: 0 } }, 'rateLimits.keeta.burst:'],
    [{ keeta: { ratePerSecond: 2 } }, 'rateLimits.keeta.burst:'],
    [{ keeta: { ratePerSecond: 2, burst: 3, refill: 1 } }, 'rateLimits.keeta.refill: unknown'],
  ])('refuses %j naming the field', (given, message) => {
    expect(() => checkRateLimits(given)).toThrow(TypeError);
    expect(() => checkRateLimits(given)).toThrow(message);
  });

  it('a bad value fails startSandbox, naming the field', async () => {
    const options = { rateLimits: { shoplazza: { ratePerSecond: -1, burst: 40 } } };
    await expect(startSandbox(options as SandboxOptions)).rejects.toThrow(
      'rateLimits.shoplazza.ratePerSecond: must be a number above 0',
    );
  });
});

describe('rate limits in the sandbox', () => {
  let sandbox: Sandbox;
  const clock = manualClock();
  afterEach(() => sandbox.close());

  async function start(rateLimits: SandboxOptions['rateLimits']) {
    sandbox = await startSandbox({ clock: clock.now, ...(rateLimits ? { rateLimits } : {}) });
  }

  const json = { 'content-type': 'application/json' };
  /** Shoplazza 2022-01: refund 1.00 of an order (each success is a ledger entry). */
  const shoplazzaRefund = (
    shop = 'demo-store',
    orderId = '1232123',
    token = sandbox.credentials.shoplazza.accessToken,
  ) =>
    send(`${sandbox.shoplazzaBaseUrl(shop)}/openapi/2022-01/orders/${orderId}/partial_refund`, {
      headers: { ...json, 'access-token': token },
      body: JSON.stringify({ is_return: false, price: '1.00' }),
    });
  const shoplazza2024 = () =>
    send(`${sandbox.baseUrls.shoplazza}/openapi/2024-07/orders/1232123/refund`, {
      headers: { ...json, 'access-token': sandbox.credentials.shoplazza.accessToken },
      body: JSON.stringify({ refund_total: '1.00' }),
    });
  const kakacloAuth = () => ({
    authorization: `Bearer ${sandbox.credentials.kakaclo.accessToken}`,
  });
  const kakacloRefund = () =>
    send(`${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`, {
      headers: { ...json, ...kakacloAuth() },
      body: JSON.stringify({ orderItems: [{ itemId: '120002', quantity: 1 }] }),
    });
  const kakacloQuery = () =>
    send(`${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/refund/10001`, {
      method: 'GET',
      headers: kakacloAuth(),
    });

  function expect429(answer: RawAnswer, retryAfter = '1') {
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe(retryAfter);
  }

  it('is off by default: a fast run of requests meets no 429 and the count stays 0', async () => {
    await start(undefined);
    expect(sandbox.rateLimits).toEqual({});
    for (let i = 0; i < 30; i++) expect((await shoplazzaRefund()).status).toBe(200);
    for (let i = 0; i < 30; i++) expect((await kakacloQuery()).status).toBe(200);
    expect(sandbox.ledger()).toHaveLength(30);
    expect(sandbox.stats().rateLimited).toEqual({ total: 0, keeta: 0, shoplazza: 0, kakaclo: 0 });
  });

  it("'published': Shoplazza lets 40 through at once, then 429 in its style with Retry-After", async () => {
    await start('published');
    expect(sandbox.rateLimits).toEqual(PUBLISHED_RATE_LIMITS);
    for (let i = 0; i < 40; i++) expect((await shoplazzaRefund()).status).toBe(200);
    const refused = await shoplazzaRefund();
    expect429(refused);
    expect(refused.json).toEqual({
      errors: ['Too Many Requests (sandbox rate limit: 2/s, burst 40)'],
    });
    const refused2024 = await shoplazza2024();
    expect429(refused2024);
    expect(refused2024.json).toMatchObject({ code: 'TooManyRequests' });
    expect(sandbox.stats().rateLimited).toEqual({ total: 2, keeta: 0, shoplazza: 2, kakaclo: 0 });
  });

  it('a refused refund applies nothing: ledger and orders unchanged', async () => {
    await start({ kakaclo: { ratePerSecond: 2, burst: 1 } });
    expect((await kakacloRefund()).status).toBe(200);
    const ledger = sandbox.ledger();
    const orders = sandbox.orders();
    const refused = await kakacloRefund();
    expect429(refused);
    expect(refused.json).toEqual({
      code: 429,
      message: 'Too Many Requests (sandbox rate limit: 2/s, burst 1)',
    });
    expect(sandbox.ledger()).toEqual(ledger);
    expect(sandbox.orders()).toEqual(orders);
  });

  it('reads count as well as refund writes; tokens come back with the clock', async () => {
    await start({ kakaclo: { ratePerSecond: 2, burst: 2 } });
    expect((await kakacloQuery()).status).toBe(200);
    expect((await kakacloRefund()).status).toBe(200);
    expect429(await kakacloRefund());
    expect429(await kakacloQuery());
    clock.advance(500);
    expect((await kakacloRefund()).status).toBe(200);
    expect429(await kakacloQuery());
    expect(sandbox.ledger()).toHaveLength(2);
    expect(sandbox.stats().rateLimited.kakaclo).toBe(3);
  });

  it('Shoplazza buckets are per token and shop: another shop or token has its own', async () => {
    await start({ shoplazza: { ratePerSecond: 1, burst: 2 } });
    sandbox.addOrder('shoplazza', {
      shop: 'other-store',
      id: '7',
      currency: 'USD',
      lineItems: [{ id: 'L1', quantity: 1, price: '100.00' }],
    });
    expect((await shoplazzaRefund()).status).toBe(200);
    expect((await shoplazzaRefund('Demo-Store')).status).toBe(200); // the same shop, any case
    expect429(await shoplazzaRefund());
    expect((await shoplazzaRefund('other-store', '7')).status).toBe(200);
    expect((await shoplazzaRefund('other-store', '7')).status).toBe(200);
    expect429(await shoplazzaRefund('other-store', '7'));
    // Another app's token on demo-store: its own bucket (then refused by auth, not by the limit).
    expect((await shoplazzaRefund('demo-store', '1232123', 'another-app-token')).status).toBe(401);
    expect(sandbox.ledger({ shop: 'demo-store' })).toHaveLength(2);
    expect(sandbox.ledger({ shop: 'other-store' })).toHaveLength(2);
  });

  it('Keeta buckets are per appId, read from the body', async () => {
    await start({ keeta: { ratePerSecond: 1, burst: 1 } });
    const url = `${sandbox.baseUrls.keeta}/order/refund/part/products/preview`;
    const body = (appId: number) => JSON.stringify({ appId, orderViewId: 1, shopId: 1 });
    // Unsigned, so Keeta refuses it (HTTP 200, a non-zero code), but the limiter counted it.
    expect((await send(url, { headers: json, body: body(123) })).status).toBe(200);
    const refused = await send(url, { headers: json, body: body(123) });
    expect429(refused);
    expect(refused.json).toMatchObject({ code: 429 });
    expect((await send(url, { headers: json, body: body(456) })).status).toBe(200);
  });

  it('admin calls never count and reset() empties buckets and counts', async () => {
    await start({ kakaclo: { ratePerSecond: 1, burst: 1 } });
    for (let i = 0; i < 5; i++) {
      expect((await send(`${sandbox.url}/__sandbox/ledger`, { method: 'GET' })).status).toBe(200);
    }
    expect((await kakacloQuery()).status).toBe(200);
    expect429(await kakacloQuery());
    const stats = await send(`${sandbox.url}/__sandbox/stats`, { method: 'GET' });
    expect(stats.json).toEqual({ rateLimited: { total: 1, keeta: 0, shoplazza: 0, kakaclo: 1 } });
    sandbox.reset();
    expect(sandbox.stats().rateLimited.total).toBe(0);
    expect((await kakacloQuery()).status).toBe(200);
  });

  it('a refused request spends no fault budget (the limiter answers first)', async () => {
    await start({ kakaclo: { ratePerSecond: 1, burst: 1 } });
    expect((await kakacloQuery()).status).toBe(200);
    sandbox.addFaults([{ kind: 'server_error', provider: 'kakaclo', status: 503 }]);
    expect429(await kakacloQuery());
    clock.advance(1000);
    expect((await kakacloQuery()).status).toBe(503);
  });
});
