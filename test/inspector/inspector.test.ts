/**
 * The sandbox inspector (`GET /__sandbox/`) in a real browser: headless Chromium driven by
 * playwright-core (Debian's Chromium: `REFUNDKIT_CHROMIUM`, else /usr/bin/chromium; scripts/test
 * installs it). A refund made through a client appears in the log and the ledger without a
 * reload; a fault added from the page makes the next request fail with it; a refusal shows
 * the violation behind it. Last, the demo's story runs against the sandbox and the page is
 * photographed (test/inspector/screenshots/, git-ignored) for a person to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runStory } from '@refundkit/demo/story';
import { createKakacloClient } from '@refundkit/kakaclo';
import { startSandbox, type Sandbox } from '@refundkit/sandbox';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const executablePath = process.env['REFUNDKIT_CHROMIUM'] ?? '/usr/bin/chromium';
const screenshots = join(import.meta.dirname, 'screenshots');

let browser: Browser;
let sandbox: Sandbox;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  // Fail, never skip: CI must not pass without having driven a browser.
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install Debian's (apt-get install -y chromium) or set ` +
        'REFUNDKIT_CHROMIUM to a Chromium binary; scripts/test does both',
    );
  }
  browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
  sandbox = await startSandbox();
});
afterAll(async () => {
  await browser.close();
  await sandbox.close();
});
beforeEach(async () => {
  sandbox.reset();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
});
afterEach(() => context.close());

/** Opens the page and waits for it to be live (the event stream open). */
async function openInspector(hash = ''): Promise<void> {
  await page.goto(`${sandbox.url}/__sandbox/${hash}`);
  await page.locator('#live[data-state="live"]').waitFor();
  // Marks this document: still there later, the page was updated without a reload.
  await page.evaluate(() => {
    document.documentElement.dataset['loadedOnce'] = 'yes';
  });
}

async function notReloaded(): Promise<void> {
  expect(await page.locator('html[data-loaded-once="yes"]').count()).toBe(1);
}

const logRow = (text: string) => page.locator('#requests-table tbody tr', { hasText: text });

const kakaclo = () =>
  createKakacloClient({
    baseUrl: sandbox.baseUrls.kakaclo,
    ...sandbox.credentials.kakaclo,
    maxRetries: 0,
  });

function rawKakacloRefund(body: unknown): Promise<Response> {
  return fetch(`${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${sandbox.credentials.kakaclo.accessToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
}

describe('the inspector page', () => {
  it('shows a refund made through a client in the log and the ledger, live', async () => {
    await openInspector();
    await page.getByText('No request yet').waitFor();

    await kakaclo().refundOrder('10001', { orderItems: [{ itemId: '120001', quantity: 1 }] });
    const [entry] = sandbox.ledger();

    const row = logRow(entry!.requestId);
    await row.getByText('applied').waitFor();
    expect(await row.textContent()).toContain('KakaClo · refundOrder');
    expect(await row.textContent()).toContain('10001');

    await page.getByRole('link', { name: /^Ledger/ }).click();
    const ledgerRow = page.locator('#ledger-table tbody tr', { hasText: 'led_000001' });
    await ledgerRow.waitFor();
    expect(await ledgerRow.textContent()).toContain(`${entry!.amount} ${entry!.currency}`);
    // The entry links to the request that caused it.
    await ledgerRow.getByRole('link', { name: entry!.requestId }).click();
    await page.locator('#request-detail h3', { hasText: entry!.requestId }).waitFor();
    await page.locator('#request-detail').getByRole('link', { name: 'led_000001' }).waitFor();
    await notReloaded();
  });

  it('adds a fault from the page; the next request fails with it, and the rule shows where it fired', async () => {
    await openInspector('#faults');
    await page.getByLabel('Kind').selectOption('server_error');
    await page.locator('#fault-form').getByLabel('Provider').selectOption('kakaclo');
    await page.locator('#fault-form').getByLabel('Status').fill('503');
    await page.getByRole('button', { name: 'Add fault' }).click();
    const rule = page.locator('#faults-table tbody tr', { hasText: 'fault_1' });
    await rule.waitFor();
    expect(sandbox.ledger()).toEqual([]);

    const answer = await rawKakacloRefund({ orderItems: [{ itemId: '120001', quantity: 1 }] });
    expect(answer.status).toBe(503);
    const requestId = answer.headers.get('x-request-id')!;
    // The rule's "fired on" column links the request, live.
    await rule.getByRole('link', { name: requestId }).waitFor();
    expect(sandbox.ledger()).toEqual([]);

    await rule.getByRole('link', { name: requestId }).click();
    const row = logRow(requestId);
    await row.getByText('⚡ server_error').waitFor();
    expect(await row.textContent()).toContain('503');

    await page.getByRole('link', { name: /^Faults/ }).click();
    await rule.getByRole('button', { name: 'Remove fault_1' }).click();
    await page.getByText('No fault rules').waitFor();
    expect(sandbox.requests().at(-1)?.outcome).toBe('fault');
    await notReloaded();
  });

  it('a refused request shows the violation that caused it', async () => {
    await openInspector();
    const answer = await rawKakacloRefund({ orderItems: [{ itemId: 120001, quantity: 1 }] });
    const requestId = answer.headers.get('x-request-id')!;
    const row = logRow(requestId);
    await row.getByText('refused 40000').waitFor();
    await row.getByRole('link', { name: requestId }).click();
    const detail = page.locator('#request-detail');
    await detail.getByRole('heading', { name: 'Violations' }).waitFor();
    const violation = detail.locator('.violations li');
    expect(await violation.textContent()).toContain('orderItems[0].itemId');
    expect(await violation.textContent()).toContain('must be string');
    // The credential the client sent is not on the page.
    expect(await page.content()).not.toContain(sandbox.credentials.kakaclo.accessToken);
  });

  it('filters the log by provider, order and status, by keyboard', async () => {
    await openInspector();
    await kakaclo().refundOrder('10001', { orderItems: [{ itemId: '120001', quantity: 1 }] });
    await rawKakacloRefund({ orderItems: [{ itemId: 5, quantity: 1 }] });
    await fetch(`${sandbox.baseUrls.shoplazza}/openapi/2024-07/orders/1232123/refund`, {
      method: 'POST',
      headers: { 'access-token': 'wrong', 'content-type': 'application/json' },
      body: '{}',
    });
    await page.getByText('Showing 3 of 3 requests').waitFor();

    await page.locator('#request-filters').getByLabel('Status').focus();
    await page.keyboard.press('ArrowDown'); // all → applied
    await page.getByText('Showing 1 of 1 matching requests').waitFor();
    await page.locator('#request-filters').getByLabel('Status').selectOption('refused');
    await page.getByText('Showing 2 of 2 matching requests').waitFor();
    await page.locator('#request-filters').getByLabel('Provider').selectOption('shoplazza');
    await page.getByText('Showing 1 of 1 matching requests').waitFor();
    await page.locator('#request-filters').getByLabel('Provider').selectOption('');
    await page.locator('#request-filters').getByLabel('Order').fill('1232123');
    await page.getByText('Showing 1 of 1 matching requests').waitFor();
    expect(await page.locator('#requests-table tbody tr').count()).toBe(1);
  });
});

describe('with an admin token', () => {
  it('asks for the token once, then works on a session cookie (the token never in the URL)', async () => {
    const token = 'inspector-browser-token';
    const guarded = await startSandbox({ adminToken: token });
    try {
      await page.goto(`${guarded.url}/__sandbox/`);
      await page.getByLabel('Token', { exact: true }).fill('not-the-token');
      await page.getByRole('button', { name: 'Open the inspector' }).click();
      await page.getByText('That is not the admin token.').waitFor();
      await page.getByLabel('Token', { exact: true }).fill(token);
      await page.getByRole('button', { name: 'Open the inspector' }).click();
      await page.locator('#live[data-state="live"]').waitFor();
      await page.getByText('No request yet').waitFor();
      expect(page.url()).not.toContain(token);
      const cookies = await context.cookies(`${guarded.url}/__sandbox/`);
      expect(cookies).toEqual([
        expect.objectContaining({
          name: 'refundkit_sandbox_session',
          httpOnly: true,
          sameSite: 'Strict',
        }),
      ]);
      expect(cookies[0]?.value).not.toContain(token);
    } finally {
      await guarded.close();
    }
  });
});

describe('after the demo', () => {
  it('photographs the page (1280×800 light and dark, and a narrow window)', async () => {
    // The story's narration is not needed here: only its requests, in the log.
    const result = await runStory({ sandbox, write: () => undefined });
    expect(result.steps.filter((step) => !step.ok)).toEqual([]);
    const logged = sandbox.requests().length;
    expect(logged).toBeGreaterThan(10);

    mkdirSync(screenshots, { recursive: true });
    await openInspector();
    await page.getByText(`Showing ${Math.min(logged, 200)} of ${logged} requests`).waitFor();
    // The newest applied refund, opened: what a person looks at first.
    const applied = sandbox.requests({ outcome: 'applied' }).at(-1)!;
    await logRow(applied.id).getByRole('link', { name: applied.id }).click();
    await page.locator('#request-detail h3', { hasText: applied.id }).waitFor();
    await page.screenshot({ path: join(screenshots, 'inspector-light.png') });

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(screenshots, 'inspector-dark.png') });
    await page.getByRole('link', { name: /^Orders/ }).click();
    await page.locator('#orders-list table').first().waitFor();
    await page.screenshot({ path: join(screenshots, 'inspector-orders-dark.png') });

    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 400, height: 800 });
    await page.getByRole('link', { name: /^Requests/ }).click();
    await page.screenshot({ path: join(screenshots, 'inspector-narrow.png') });
    // Narrow: the log and the detail stack; nothing is cut off to the right of the window.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(existsSync(join(screenshots, 'inspector-light.png'))).toBe(true);
  });
});
