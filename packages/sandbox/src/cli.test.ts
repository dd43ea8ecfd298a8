import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = resolve(import.meta.dirname, '../dist/cli.js');

/** Starts the CLI and resolves with the process and everything printed up to the prompt line. */
async function startCli(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('Press Ctrl-C to stop.') || out.trim().startsWith('{')) done();
    });
    child.once('exit', (code) => fail(new Error(`exited early with ${code}`)));
  });
  return { child, out };
}

describe('refundkit-sandbox CLI', () => {
  it('prints base URLs and credentials, serves them, and stops cleanly on SIGINT', async () => {
    const { child, out } = await startCli(['--port', '0']);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    expect(out).toContain(`keeta      baseUrl ${url}/keeta`);
    expect(out).toContain(
      'appId 123  appSecret sandbox-keeta-app-secret  accessToken sandbox-keeta-access-token',
    );
    expect(out).toContain(`shoplazza  baseUrl ${url}/shoplazza/demo-store`);
    expect(out).toContain(`kakaclo    baseUrl ${url}/kakaclo`);
    expect(out).toContain('accessToken sandbox-kakaclo-access-token');
    expect(out).toContain('loopback peers only (no admin token)');
    expect((await fetch(`${url}/__sandbox/info`)).status).toBe(200);

    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    await expect(fetch(`${url}/__sandbox/info`)).rejects.toThrow(TypeError);
  });

  it('--json prints one line a script can parse; --seed serves the given orders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-seed-'));
    const seedFile = join(dir, 'seed.json');
    writeFileSync(
      seedFile,
      JSON.stringify({
        kakaclo: {
          orders: [
            {
              id: '5',
              currency: 'KWD',
              shipped: false,
              items: [{ itemId: 'i', skuCode: 's', quantity: 1, unitPrice: '0.125' }],
            },
          ],
        },
      }),
    );
    const { child, out } = await startCli(['--port', '0', '--json', '--seed', seedFile]);
    const info = JSON.parse(out) as {
      baseUrls: { kakaclo: string };
      credentials: { kakaclo: { accessToken: string } };
    };
    const answer = await fetch(`${info.baseUrls.kakaclo}/openapi/v2/order/orders/5/refund`, {
      method: 'POST',
      headers: { authorization: `Bearer ${info.credentials.kakaclo.accessToken}` },
    });
    expect(((await answer.json()) as { code: number }).code).toBe(10000);
    child.kill('SIGTERM');
    expect(((await once(child, 'exit')) as [number | null])[0]).toBe(0);
  });

  it('--admin-token: says the admin API requires it (without printing it), and requires it', async () => {
    const token = 'cli-admin-token-1234';
    const { child, out } = await startCli(['--port', '0', '--admin-token', token]);
    expect(out).toContain('requires Authorization: Bearer <admin token>, from any address');
    expect(out).not.toContain(token);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    expect((await fetch(`${url}/__sandbox/info`)).status).toBe(401);
    const authorised = await fetch(`${url}/__sandbox/info`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(authorised.status).toBe(200);
    child.kill('SIGTERM');
    expect(((await once(child, 'exit')) as [number | null])[0]).toBe(0);
  });

  it('--rate-limit: applies the published limits and says so; without it, none', async () => {
    const { child, out } = await startCli(['--port', '0', '--json', '--rate-limit']);
    const info = JSON.parse(out) as { url: string; rateLimits: unknown };
    expect(info.rateLimits).toEqual({
      shoplazza: { ratePerSecond: 2, burst: 40 },
      kakaclo: { ratePerSecond: 2, burst: 120 },
    });
    const served = (await (await fetch(`${info.url}/__sandbox/info`)).json()) as {
      rateLimits: unknown;
    };
    expect(served.rateLimits).toEqual(info.rateLimits);
    child.kill('SIGTERM');
    expect(((await once(child, 'exit')) as [number | null])[0]).toBe(0);

    const plain = await startCli(['--port', '0']);
    expect(plain.out).toContain('no rate limits (--rate-limit: the published ones)');
    plain.child.kill('SIGTERM');
    expect(((await once(plain.child, 'exit')) as [number | null])[0]).toBe(0);
  });

  it('refuses bad flags with exit code 2 and a message', async () => {
    const child = spawn(process.execPath, [cli, '--port', 'eighty'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(err).toContain('--port: must be 0 to 65535, got eighty');
  });
});
