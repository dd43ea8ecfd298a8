/**
 * The sandbox inspector with 10,000 logged requests (goal < 1 s each): how long the page at
 * `/__sandbox/` takes from navigation to the log rendered ("render"), and how long a filter
 * change takes to show its rows ("filter"), in headless Chromium (playwright-core; Debian's
 * Chromium: `REFUNDKIT_CHROMIUM`, else /usr/bin/chromium). It also reports what keeping the
 * request log costs the request path: requests/s with the log off, on, and on with a page
 * open. Run alone with `node bench/inspector.ts [--quick]` (after a build), or by
 * `pnpm bench`. The last stdout line is `{"inspector":{"requests":…,"renderMs":…,"filterMs":…}}`.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Sandbox, SandboxOptions } from '@refundkit/sandbox';
import { importPackage } from './resolve.ts';

const quick = process.argv.includes('--quick');
const REQUESTS = 10_000;
const CONCURRENCY = 32;
const runs = quick ? 2 : 5;
const throughputRequests = quick ? 2_000 : 10_000;

const executablePath = process.env['REFUNDKIT_CHROMIUM'] ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(
    `bench/inspector.ts: no Chromium executable at ${executablePath} (not found): install ` +
      "Debian's (apt-get install -y chromium) or set REFUNDKIT_CHROMIUM",
  );
  process.exit(1);
}

const { startSandbox } = await importPackage<{
  startSandbox: (options?: SandboxOptions) => Promise<Sandbox>;
}>('@refundkit/sandbox');

/** A KakaClo order big enough that every one-unit refund of the run is applied. */
const BIG_ORDER = {
  id: '99001',
  currency: 'USD',
  shipped: false,
  items: [{ itemId: '990001', skuCode: 'BENCH', quantity: 1_000_000, unitPrice: '1.25' }],
};

/**
 * The i-th request of the mix: applied refunds, a schema violation, a query, a wrong
 * Shoplazza token, a Keeta request with a bad signature (each refused in its provider's
 * style); a 5 % `server_error` fault rule adds fault verdicts.
 */
function mixed(sandbox: Sandbox, i: number): [string, RequestInit] {
  const kakaclo = {
    authorization: `Bearer ${sandbox.credentials.kakaclo.accessToken}`,
    'content-type': 'application/json',
  };
  switch (i % 5) {
    case 0:
    case 1:
      return [
        `${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/${BIG_ORDER.id}/refund`,
        {
          method: 'POST',
          headers: kakaclo,
          body: JSON.stringify({ orderItems: [{ itemId: '990001', quantity: 1 }] }),
        },
      ];
    case 2:
      return [
        `${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/${BIG_ORDER.id}/refund`,
        {
          method: 'POST',
          headers: kakaclo,
          body: JSON.stringify({ orderItems: [{ itemId: 990001, quantity: 1 }] }),
        },
      ];
    case 3:
      return [
        `${sandbox.baseUrls.shoplazza}/openapi/2024-07/orders/1232123/refund`,
        {
          method: 'POST',
          headers: { 'access-token': 'not-the-token', 'content-type': 'application/json' },
          body: JSON.stringify({ refund_total: '1.00' }),
        },
      ];
    default:
      return [
        `${sandbox.baseUrls.keeta}/order/refund/part/apply`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            appId: sandbox.credentials.keeta.appId,
            accessToken: sandbox.credentials.keeta.accessToken,
            timestamp: Math.floor(Date.now() / 1000),
            sig: 'not-a-signature',
            orderViewId: 756823555555859,
            shopId: 466663,
            products: [{ orderProductId: 1234534224, refundCount: 1 }],
          }),
        },
      ];
  }
}

/** Sends `count` requests of the mix, `CONCURRENCY` at a time. @returns requests per second. */
async function fill(sandbox: Sandbox, count: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const [url, init] = mixed(sandbox, next++);
      const response = await fetch(url, init);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return count / ((performance.now() - started) / 1000);
}

async function prepared(options: SandboxOptions): Promise<Sandbox> {
  const sandbox = await startSandbox({
    ...options,
    faults: [{ kind: 'server_error', probability: 0.05 }],
  });
  sandbox.addOrder('kakaclo', BIG_ORDER);
  return sandbox;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
try {
  // What the log costs the request path: off, on (nobody looking), on with a page open (the
  // page's own rendering shares this machine's cores). Interleaved rounds, medians: other
  // work on the machine hits all three alike.
  const configs = [
    ['log off', 0, false],
    ['log on', REQUESTS, false],
    ['log on, page open', REQUESTS, true],
  ] as const;
  const rates = new Map<string, number[]>(configs.map(([name]) => [name, []]));
  for (let round = 0; round < (quick ? 1 : 3); round++) {
    for (const [name, size, withPage] of configs) {
      const sandbox = await prepared({ requestLogSize: size });
      const page = withPage ? await browser.newPage() : undefined;
      await page?.goto(`${sandbox.url}/__sandbox/`);
      await page?.locator('#live[data-state="live"]').waitFor();
      await fill(sandbox, 500); // warm-up
      rates.get(name)?.push(await fill(sandbox, throughputRequests));
      await page?.close();
      await sandbox.close();
    }
  }

  const sandbox = await prepared({ requestLogSize: REQUESTS });
  await fill(sandbox, REQUESTS);
  const logged = sandbox.requests();
  if (logged.length !== REQUESTS) throw new Error(`logged ${logged.length}, not ${REQUESTS}`);
  const outcomes = new Map<string, number>();
  for (const r of logged) outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const shown = (filter: string, matching: number) =>
    page.waitForFunction(
      ([f, m]) => {
        const element = document.getElementById('requests-shown');
        return element?.dataset['filter'] === f && element.dataset['matching'] === m;
      },
      [filter, String(matching)] as const,
    );

  const renders: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await page.goto(`${sandbox.url}/__sandbox/`);
    await shown('||', REQUESTS);
    renders.push(performance.now() - started);
  }

  const filters: number[] = [];
  const providerSelect = page.locator('#request-filters select[name="provider"]');
  const outcomeSelect = page.locator('#request-filters select[name="outcome"]');
  for (let run = 0; run < runs; run++) {
    for (const provider of ['kakaclo', 'keeta', ''] as const) {
      const matching =
        provider === '' ? logged.length : logged.filter((r) => r.provider === provider).length;
      const started = performance.now();
      await providerSelect.selectOption(provider);
      await shown(`${provider}||`, matching);
      filters.push(performance.now() - started);
    }
    const refused = logged.filter((r) => r.outcome === 'refused').length;
    const started = performance.now();
    await outcomeSelect.selectOption('refused');
    await shown('||refused', refused);
    filters.push(performance.now() - started);
    await outcomeSelect.selectOption('');
    await shown('||', logged.length);
  }
  await sandbox.close();

  const renderMs = median(renders);
  const filterMs = median(filters);
  const perSecond = (name: string) => median(rates.get(name) ?? []).toFixed(0);
  console.log(
    `inspector: ${REQUESTS} logged requests (${[...outcomes].map(([o, n]) => `${n} ${o}`).join(', ')})`,
  );
  console.log(
    `inspector: render (navigation → log shown): median ${renderMs.toFixed(0)} ms, max ${Math.max(...renders).toFixed(0)} ms (${runs} runs; goal < 1000 ms)`,
  );
  console.log(
    `inspector: filter (change → rows shown):    median ${filterMs.toFixed(0)} ms, max ${Math.max(...filters).toFixed(0)} ms (${filters.length} changes; goal < 1000 ms)`,
  );
  console.log(
    `sandbox request path, ${throughputRequests} requests × ${CONCURRENCY} concurrent (median of ${quick ? 1 : 3}): log off ${perSecond('log off')}/s, log on ${perSecond('log on')}/s, log on with a page open ${perSecond('log on, page open')}/s`,
  );
  console.log(JSON.stringify({ inspector: { requests: REQUESTS, renderMs, filterMs } }));
} finally {
  await browser.close();
}
