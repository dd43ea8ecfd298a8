import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRule, Faults } from './faults.js';
import { parseJson, stringifyJson } from './json.js';
import type { ProviderAnswer, ProviderHandler, ProviderRequest } from './provider.js';
import type { ProviderName, Violation } from './spec.js';

/** Where each provider is mounted; Shoplazza adds `/<shop>` after its prefix. */
export const PROVIDER_PREFIXES: Record<ProviderName, string> = {
  keeta: '/keeta',
  shoplazza: '/shoplazza',
  kakaclo: '/kakaclo',
};

/** Settings of the request pipeline. */
export interface PipelineOptions {
  handlers: Record<ProviderName, ProviderHandler>;
  faults: Faults;
  /** Largest accepted request body in bytes. */
  maxBodyBytes: number;
  /** Answers to `/__sandbox/…`. */
  admin: (request: AdminRequest) => Promise<ProviderAnswer>;
  /** Called when the sandbox's own answer breaks the spec (a sandbox bug). */
  onAnswerViolation: (where: string, violations: Violation[]) => void;
}

/** A request to the admin API. */
export interface AdminRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** Thrown while reading a body that is too large. */
class BodyTooLarge extends Error {}

let requestCounter = 0;

/**
 * The whole life of one request: route, read (bounded), faults, JSON, auth, spec validation,
 * the operation, the answer's own spec check, then faults that act after processing.
 */
export async function handleRequest(
  options: PipelineOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const method = req.method ?? 'GET';
  let rawBody: string;
  try {
    rawBody = await readBody(req, options.maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      send(res, {
        status: 413,
        body: { error: `request body exceeds ${options.maxBodyBytes} bytes` },
      });
      req.socket.destroy();
      return;
    }
    throw error;
  }

  if (url.pathname.startsWith('/__sandbox/')) {
    let body: unknown;
    try {
      body = rawBody === '' ? undefined : parseJson(rawBody);
    } catch {
      return send(res, { status: 400, body: { error: 'body is not valid JSON' } });
    }
    const answer = await options.admin({
      method,
      path: url.pathname,
      query: url.searchParams,
      body,
    });
    return send(res, answer);
  }

  const routed = route(url.pathname);
  if (!routed) {
    return send(res, {
      status: 404,
      body: { error: `no provider at ${url.pathname}; use /keeta, /shoplazza/<shop> or /kakaclo` },
    });
  }
  const handler = options.handlers[routed.provider];
  const found = findOperation(handler, method, routed.path);
  if (!found) return send(res, handler.unknownRoute(method, routed.path));
  const { operation, pathParams } = found;

  const drawn = options.faults.draw(routed.provider, operation.operationId);
  for (const fault of drawn.filter((f) => f.kind === 'latency')) {
    await new Promise((resolve) => setTimeout(resolve, fault.latencyMs ?? 1000));
  }
  const fault = drawn.find((f) => f.kind !== 'latency');
  const faultBody = (status: number, message: string) =>
    handler.faultBody?.(operation, status, message) ?? { error: message };
  if (fault && applyBeforeProcessing(fault, req, res, faultBody)) return;

  const request: ProviderRequest = {
    operation,
    pathParams,
    body: undefined,
    headers: req.headers,
    method,
    path: url.pathname,
    url: `http://${req.headers.host ?? 'localhost'}${url.pathname}`,
    ...(routed.shop === undefined ? {} : { shop: routed.shop }),
  };
  const answer = process(handler, request, rawBody);
  const where = `${routed.provider} ${operation.operationId} HTTP ${answer.status}`;
  const violations = operation.validateResponse(answer.status, answer.body);
  if (violations && violations.length > 0) options.onAnswerViolation(where, violations);

  if (fault?.kind === 'drop_after_apply') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'malformed_json') {
    const text = stringifyJson(answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/json', ...requestIdHeader() });
    res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    return;
  }
  send(res, answer);
}

function process(
  handler: ProviderHandler,
  request: ProviderRequest,
  rawBody: string,
): ProviderAnswer {
  if (rawBody.trim() !== '') {
    try {
      request.body = parseJson(rawBody);
    } catch {
      return handler.invalid(request, [
        { field: '(body)', message: 'is not valid JSON', keyword: 'json' },
      ]);
    }
  }
  const refused = handler.authenticate(request);
  if (refused) return refused;
  const violations: Violation[] =
    request.body === undefined && request.operation.bodyRequired
      ? [{ field: '(body)', message: 'is required', keyword: 'required' }]
      : request.operation.validateRequest({ pathParams: request.pathParams, body: request.body });
  if (violations.length > 0) return handler.invalid(request, violations);
  return handler.handle(request);
}

/** Faults that answer instead of processing; true when the request is finished. */
function applyBeforeProcessing(
  fault: FaultRule,
  req: IncomingMessage,
  res: ServerResponse,
  faultBody: (status: number, message: string) => unknown,
): boolean {
  switch (fault.kind) {
    case 'server_error': {
      const status = fault.status ?? 500;
      send(res, { status, body: faultBody(status, 'Internal Server Error (sandbox fault)') });
      return true;
    }
    case 'rate_limit':
      send(res, {
        status: 429,
        body: faultBody(429, 'Too Many Requests (sandbox fault)'),
        headers: { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
      });
      return true;
    case 'reset_before_processing':
      req.socket.destroy();
      return true;
    case 'html_error':
      res.writeHead(502, { 'content-type': 'text/html', ...requestIdHeader() });
      res.end(
        '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
      );
      return true;
    case 'redirect':
      res.writeHead(307, {
        location: fault.location ?? 'http://redirect.invalid/',
        ...requestIdHeader(),
      });
      res.end();
      return true;
    default:
      return false;
  }
}

function route(
  pathname: string,
): { provider: ProviderName; path: string; shop?: string } | undefined {
  for (const [provider, prefix] of Object.entries(PROVIDER_PREFIXES) as [ProviderName, string][]) {
    if (!pathname.startsWith(`${prefix}/`)) continue;
    const rest = pathname.slice(prefix.length);
    if (provider !== 'shoplazza') return { provider, path: rest };
    const match = /^\/([^/]+)(\/.*)$/.exec(rest);
    if (!match) return undefined;
    return { provider, shop: decodeURIComponent(match[1]!), path: match[2]! };
  }
  return undefined;
}

function findOperation(handler: ProviderHandler, method: string, path: string) {
  for (const operation of handler.operations) {
    if (operation.method !== method) continue;
    const pathParams = operation.match(path);
    if (pathParams) return { operation, pathParams };
  }
  return undefined;
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function requestIdHeader(): Record<string, string> {
  return { 'x-request-id': `sbx_${++requestCounter}` };
}

function send(res: ServerResponse, answer: ProviderAnswer): void {
  const text = stringifyJson(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    ...requestIdHeader(),
    ...answer.headers,
  });
  res.end(text);
}
