#!/usr/bin/env node
/**
 * `refundkit-sandbox` (`pnpm sandbox`): starts the sandbox and prints what a client needs to
 * connect. Ctrl-C (SIGINT) or SIGTERM stops it cleanly.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Seed } from './orders.js';
import { MAX_REQUEST_LOG_SIZE } from './request-log.js';
import { startSandbox } from './start.js';
import type { Sandbox } from './sandbox.js';

const USAGE = `Usage: refundkit-sandbox [--port N] [--host ADDR] [--admin-token TOKEN] [--seed FILE] [--rate-limit] [--request-log N] [--json]

  --port N             port to listen on; 0 picks a free one (default 4010)
  --host ADDR          interface to listen on (default 127.0.0.1, loopback only)
  --admin-token TOKEN  the admin API (/__sandbox/...) requires Authorization: Bearer TOKEN from
                       every caller; without it, it answers loopback peers only
                       (also read from REFUNDKIT_SANDBOX_ADMIN_TOKEN)
  --seed FILE          JSON file of orders ({ "keeta": { "orders": [...] }, ... }) instead of the default seed
  --rate-limit         apply the published rate limits: Shoplazza 2/s burst 40 (burst: the sandbox's
                       choice), KakaClo 2/s burst 120; Keeta publishes none (default: no limits)
  --request-log N      how many requests the request log keeps for the inspector page
                       (/__sandbox/); 0 keeps none (default 1000)
  --json               print the connection details as one JSON line instead of text`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        'admin-token': { type: 'string' },
        seed: { type: 'string' },
        'rate-limit': { type: 'boolean', default: false },
        'request-log': { type: 'string', default: '1000' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    exit(`${(error as Error).message}\n\n${USAGE}`);
    return;
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    exit(`--port: must be 0 to 65535, got ${values.port}`);
    return;
  }

  const requestLogSize = Number(values['request-log']);
  if (!/^\d+$/.test(values['request-log']) || requestLogSize > MAX_REQUEST_LOG_SIZE) {
    exit(`--request-log: must be 0 to ${MAX_REQUEST_LOG_SIZE}, got ${values['request-log']}`);
    return;
  }

  let seed: Seed | undefined;
  if (values.seed !== undefined) {
    try {
      seed = JSON.parse(readFileSync(values.seed, 'utf8')) as Seed;
    } catch (error) {
      exit(`--seed: cannot read ${values.seed}: ${(error as Error).message}`);
      return;
    }
  }

  const adminToken = values['admin-token'] ?? process.env['REFUNDKIT_SANDBOX_ADMIN_TOKEN'];
  if (adminToken !== undefined && adminToken.length < 8) {
    exit('--admin-token: must be at least 8 characters');
    return;
  }

  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      port,
      host: values.host,
      ...(adminToken === undefined ? {} : { adminToken }),
      ...(seed ? { seed } : {}),
      ...(values['rate-limit'] ? { rateLimits: 'published' as const } : {}),
      requestLogSize,
    });
  } catch (error) {
    exit(`cannot start: ${(error as Error).message}`);
    return;
  }
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Listen before printing: whoever reads the output may signal at once.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const admin = adminAccess(adminToken !== undefined);
  console.log(values.json ? JSON.stringify(describe(sandbox, admin)) : format(sandbox, admin));
}

/** Who may use the admin API, as the CLI says at start (never the token itself). */
function adminAccess(withToken: boolean): string {
  return withToken
    ? 'requires Authorization: Bearer <admin token>, from any address'
    : 'loopback peers only (no admin token)';
}

function describe(sandbox: Sandbox, admin: string) {
  return {
    url: sandbox.url,
    baseUrls: sandbox.baseUrls,
    credentials: sandbox.credentials,
    rateLimits: sandbox.rateLimits,
    inspector: `${sandbox.url}/__sandbox/`,
    admin,
  };
}

function format(sandbox: Sandbox, admin: string): string {
  const { keeta, shoplazza, kakaclo } = sandbox.credentials;
  return [
    `refundkit sandbox listening on ${sandbox.url}`,
    '',
    `  keeta      baseUrl ${sandbox.baseUrls.keeta}`,
    `             appId ${keeta.appId}  appSecret ${keeta.appSecret}  accessToken ${keeta.accessToken}`,
    `  shoplazza  baseUrl ${sandbox.baseUrls.shoplazza}   (any shop: ${sandbox.url}/shoplazza/<shop>)`,
    `             accessToken ${shoplazza.accessToken}`,
    `  kakaclo    baseUrl ${sandbox.baseUrls.kakaclo}`,
    `             accessToken ${kakaclo.accessToken}`,
    '',
    `  limits     ${describeRateLimits(sandbox.rateLimits)}`,
    '',
    `  inspector  ${sandbox.url}/__sandbox/   (requests, orders, ledger, faults; live)`,
    `  admin      ${sandbox.url}/__sandbox/ledger   ${sandbox.url}/__sandbox/faults   ${sandbox.url}/__sandbox/info`,
    `             ${admin}`,
    '',
    'Press Ctrl-C to stop.',
  ].join('\n');
}

function describeRateLimits(limits: Sandbox['rateLimits']): string {
  const described = Object.entries(limits).map(
    ([provider, limit]) => `${provider} ${limit.ratePerSecond}/s burst ${limit.burst}`,
  );
  return described.length === 0
    ? 'no rate limits (--rate-limit: the published ones)'
    : described.join(', ');
}

function exit(message: string): void {
  console.error(`refundkit-sandbox: ${message}`);
  process.exitCode = 2;
}

await main();
