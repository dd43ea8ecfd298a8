import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { isJsonType } from './admin-access.js';
import type { FaultRule, Faults } from './faults.js';
import type { InFlight } from './in-flight.js';
import { sleep } from './in-flight.js';
import { JsonTooDeep, parseJson, stringifyJson } from './json.js';
import type { ProviderAnswer, ProviderHandler, ProviderRequest } from './provider.js';
import { bucketKey, type RateLimiter } from './rate-limit.js';
import { startTrace, type RequestTrace } from './request-trace.js';
import type { ProviderName, SpecOperation, Violation } from './spec.js';

/** Where each provider is mounted; Shoplazza adds `/<shop>` after its prefix. */
export const PROVIDER_PREFIXES: Record<ProviderName, string> = {
  keeta: '/keeta',
  shoplazza: '/shoplazza',
  kakaclo: '/kakaclo',
};

/** Settings and state of one sandbox's request pipeline. */
export interface PipelineOptions {
  /** The current handlers (`reset()` replaces them). */
  handlers: () => Record<ProviderName, ProviderHandler>;
  faults: Faults;
  /** Largest accepted request body in bytes. */
  maxBodyBytes: number;
  /** Decides who may use `/__sandbox/…`: a refusal, or `undefined` to go on. */
  adminAccess: (req: IncomingMessage) => ProviderAnswer | undefined;
  /** Answers to `/__sandbox/…` (a webhook delivery is awaited). */
  admin: (request: AdminRequest) => ProviderAnswer | Promise<ProviderAnswer>;
  /** Meters every provider request (a limiter without limits lets all through). */
  rateLimiter: RateLimiter;
  /** Called when the sandbox's own answer breaks the spec (a sandbox bug). */
  onAnswerViolation: (where: string, violations: Violation[]) => void;
  /** The next `x-request-id` of this sandbox. */
  nextRequestId: () => string;
  /** Requests being worked on; `close()` and `reset()` cancel them. */
  inFlight: InFlight;
  /** Sandbox clock in ms since the epoch. */
  now: () => number;
  /** Takes a finished provider request into the request log (`undefined`: the log is off). */
  recordRequest: ((trace: RequestTrace) => void) | undefined;
  /** How many ledger entries there are, and the ids of those recorded since a count. */
  ledger: { size(): number; idsSince(size: number): readonly string[] };
  /**
   * The inspector's routes that are not JSON (the page, its assets, the live events, the
   * session login): true when it answered the request.
   */
  inspector: (exchange: InspectorExchange) => boolean;
}

/** A request under `/__sandbox/` offered to the inspector before the JSON admin API. */
export interface InspectorExchange {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  /** Why the admin API would refuse this caller, or `undefined` when it may proceed. */
  refusal: ProviderAnswer | undefined;
  /** The request's body text, read (bounded) only when a route asks for it. */
  readBody: () => Promise<string | undefined>;
}

/** A request to the admin API. */
export interface AdminRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** Aborted when `close()`/`reset()` cancels the request (a webhook delivery in progress). */
  signal?: AbortSignal;
}

/** Thrown while reading a body that is too large. */
class BodyTooLarge extends Error {}

/** Thrown while reading a body that is not UTF-8. */
class BodyNotUtf8 extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The whole life of one request: route, read (bounded), faults, content type, JSON (depth
 * bounded), auth, spec validation, the operation, the answer's own spec check, then faults
 * that act after processing. A request cancelled by `close()`/`reset()` while it waits drops
 * its connection and applies nothing.
 */
export async function handleRequest(
  options: PipelineOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const flight = options.inFlight.begin();
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  if (url.pathname === '/__sandbox') {
    // The inspector's address as people type it.
    res.writeHead(308, { location: '/__sandbox/' });
    res.end();
    flight.end();
    return;
  }
  const requestId = options.nextRequestId();
  if (url.pathname.startsWith('/__sandbox/')) {
    try {
      await answerAdmin(options, req, res, url, requestId, flight.signal);
    } finally {
      flight.end();
    }
    return;
  }
  const trace = startTrace(requestId, options.now(), req.method ?? 'GET', url, req.headers);
  try {
    await pipeline(options, req, res, flight.signal, trace);
  } catch (error) {
    trace.status = 500;
    trace.answer = { error: error instanceof Error ? error.message : String(error) };
    throw error;
  } finally {
    flight.end();
    // After the answer is out: the log's copying never delays a client.
    options.recordRequest?.(trace);
  }
}

async function pipeline(
  options: PipelineOptions,
  req: IncomingMessage,
  res: ServerResponse,
  signal: AbortSignal,
  trace: RequestTrace,
): Promise<void> {
  const { url, method } = trace;
  const reply = (answer: ProviderAnswer) => {
    trace.status = answer.status;
    trace.answer = answer.body;
    send(res, answer, trace.id);
  };
  const cancelled = () => {
    if (!signal.aborted) return false;
    trace.cancelled = true;
    req.socket.destroy();
    return true;
  };

  const routed = route(url.pathname);
  if (!routed) {
    reply({
      status: 404,
      body: { error: `no provider at ${url.pathname}; use /keeta, /shoplazza/<shop> or /kakaclo` },
    });
    return;
  }
  trace.provider = routed.provider;
  if (routed.shop !== undefined) trace.shop = routed.shop;
  let handler = options.handlers()[routed.provider];
  const found = findOperation(handler, method, routed.path);
  if (!found) {
    reply(handler.unknownRoute(method, routed.path));
    return;
  }
  const { operation, pathParams } = found;
  trace.operation = operation.operationId;
  const errorAnswer = (status: number, message: string): ProviderAnswer => ({
    status,
    body: handler.errorBody(operation, status, message),
  });

  const read = await readBody(req, options.maxBodyBytes);
  if (cancelled()) return;
  if (read.error instanceof BodyTooLarge) {
    trace.bodyNote = `not kept: ${read.error.message}`;
    reply(tooLarge(errorAnswer(413, read.error.message).body));
    return;
  }

  // The provider's gateway meters before anything else happens: a refused request spends no
  // fault budget and applies nothing.
  const limited = options.rateLimiter.take(routed.provider, () =>
    bucketKey(routed.provider, { headers: req.headers, shop: routed.shop, bodyText: read.text }),
  );
  if (limited) {
    const { ratePerSecond, burst } = limited.limit;
    reply({
      ...errorAnswer(
        429,
        `Too Many Requests (sandbox rate limit: ${ratePerSecond}/s, burst ${burst})`,
      ),
      headers: { 'retry-after': String(limited.retryAfterSeconds) },
    });
    return;
  }

  const drawn = options.faults.draw(routed.provider, operation.operationId);
  trace.faults = drawn;
  for (const fault of drawn.filter((f) => f.kind === 'latency')) {
    await sleep(fault.latencyMs ?? 1000, signal);
    if (cancelled()) return;
  }
  const fault = drawn.find((f) => f.kind !== 'latency');
  if (fault && applyBeforeProcessing(fault, req, res, errorAnswer, trace)) {
    trace.faultAnswered = true;
    return;
  }

  // From here on nothing awaits: the refund is judged and applied in one synchronous step,
  // against the handlers current now (never those of before a reset).
  handler = options.handlers()[routed.provider];
  const request: ProviderRequest = {
    requestId: trace.id,
    operation,
    pathParams,
    body: undefined,
    headers: req.headers,
    method,
    path: url.pathname,
    url: `http://${req.headers.host ?? 'localhost'}${url.pathname}`,
    ...(routed.shop === undefined ? {} : { shop: routed.shop }),
  };
  const ledgerBefore = options.ledger.size();
  const answer = validateAndHandle(handler, request, read, errorAnswer, trace);
  trace.ledger = options.ledger.idsSince(ledgerBefore);
  const orderId = handler.orderOf(request);
  if (orderId !== undefined) trace.orderId = orderId;
  const where = `${routed.provider} ${operation.operationId} HTTP ${answer.status}`;
  const violations = operation.validateResponse(answer.status, answer.body);
  if (violations && violations.length > 0) options.onAnswerViolation(where, violations);

  if (fault?.kind === 'drop_after_apply') {
    trace.answer = answer.body;
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'malformed_json') {
    trace.status = answer.status;
    trace.answer = answer.body;
    const text = stringifyJson(answer.body);
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      'x-request-id': trace.id,
    });
    res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    return;
  }
  reply(answer);
}

/**
 * `/__sandbox/…`: who may call (before anything is read), the inspector's own routes (the
 * page, its live events), then the body (bounded) and the JSON admin API.
 */
async function answerAdmin(
  options: PipelineOptions,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
  signal: AbortSignal,
): Promise<void> {
  const method = req.method ?? 'GET';
  const reply = (answer: ProviderAnswer) =>
    send(res, { ...answer, headers: { ...ADMIN_HEADERS, ...answer.headers } }, requestId);
  const cancelled = () => {
    if (!signal.aborted) return false;
    req.socket.destroy();
    return true;
  };
  const refusal = options.adminAccess(req);
  let read: Promise<{ text: string; error?: BodyTooLarge | BodyNotUtf8 }> | undefined;
  const readOnce = () => (read ??= readBody(req, options.maxBodyBytes));
  const exchange: InspectorExchange = {
    req,
    res,
    method,
    path: url.pathname,
    refusal,
    readBody: async () => {
      const body = await readOnce();
      return body.error === undefined ? body.text : undefined;
    },
  };
  if (options.inspector(exchange)) return;
  if (refusal) {
    reply(refusal);
    return;
  }
  const body = await readOnce();
  if (cancelled()) return;
  if (body.error instanceof BodyTooLarge) {
    reply(tooLarge({ error: body.error.message }));
    return;
  }
  if (body.error) {
    reply({ status: 400, body: { error: 'body is not valid UTF-8' } });
    return;
  }
  let parsed: unknown;
  try {
    parsed = body.text === '' ? undefined : parseJson(body.text);
  } catch (error) {
    const why = error instanceof JsonTooDeep ? error.message : 'is not valid JSON';
    reply({ status: 400, body: { error: `body ${why}` } });
    return;
  }
  const answer = await options.admin({
    method,
    path: url.pathname,
    query: url.searchParams,
    body: parsed,
    signal,
  });
  // No cancellation check here: `POST /__sandbox/reset` cancels every request in flight,
  // itself included, and must still be answered.
  reply(answer);
}

/**
 * On every admin answer: never cached, never embedded by another origin (a page elsewhere
 * cannot even load it as a script or image), never sniffed as anything but JSON.
 */
const ADMIN_HEADERS = {
  'cache-control': 'no-store',
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

/**
 * Content type, JSON, auth, spec validation, then the operation: every refusal in the
 * provider's style, nothing applied unless all of them pass.
 */
function validateAndHandle(
  handler: ProviderHandler,
  request: ProviderRequest,
  read: { text: string; error?: Error },
  errorAnswer: (status: number, message: string) => ProviderAnswer,
  trace: RequestTrace,
): ProviderAnswer {
  if (read.error !== undefined || read.text !== '') {
    // Only a body declared as JSON is read as JSON: a form or text/plain body is what a web
    // page can send across origins without asking.
    const type = headerValue(request.headers['content-type']);
    if (!isJsonType(type)) {
      trace.bodyNote = `not kept: not declared JSON (${Buffer.byteLength(read.text)} bytes; it may hold credentials)`;
      return errorAnswer(415, `Content-Type: must be application/json, got ${type ?? 'none'}`);
    }
  }
  const bodyProblem = (message: string) => {
    trace.bodyNote = `not kept: ${message.replace(/^is /, '')} (it may hold credentials)`;
    const violations = [{ field: '(body)', message, keyword: 'json' }];
    trace.violations = violations;
    return handler.invalid(request, violations);
  };
  if (read.error instanceof BodyNotUtf8) return bodyProblem('is not valid UTF-8');
  if (read.text.trim() !== '') {
    try {
      request.body = parseJson(read.text);
    } catch (error) {
      return bodyProblem(error instanceof JsonTooDeep ? error.message : 'is not valid JSON');
    }
  }
  trace.body = request.body;
  const refused = handler.authenticate(request);
  if (refused) return refused;
  const violations: Violation[] =
    request.body === undefined && request.operation.bodyRequired
      ? [{ field: '(body)', message: 'is required', keyword: 'required' }]
      : request.operation.validateRequest({ pathParams: request.pathParams, body: request.body });
  if (violations.length > 0) {
    trace.violations = violations;
    return handler.invalid(request, violations);
  }
  return handler.handle(request);
}

/** Faults that answer instead of processing; true when the request is finished. */
function applyBeforeProcessing(
  fault: FaultRule,
  req: IncomingMessage,
  res: ServerResponse,
  errorAnswer: (status: number, message: string) => ProviderAnswer,
  trace: RequestTrace,
): boolean {
  const faultMessage = (status: number) => `${STATUS_CODES[status] ?? 'Error'} (sandbox fault)`;
  const sendAnswer = (answer: ProviderAnswer) => {
    trace.status = answer.status;
    trace.answer = answer.body;
    send(res, answer, trace.id);
  };
  switch (fault.kind) {
    case 'server_error': {
      const status = fault.status ?? 500;
      sendAnswer(errorAnswer(status, faultMessage(status)));
      return true;
    }
    case 'rate_limit':
      sendAnswer({
        ...errorAnswer(429, faultMessage(429)),
        headers: { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
      });
      return true;
    case 'reset_before_processing':
      req.socket.destroy();
      return true;
    case 'html_error':
      trace.status = 502;
      res.writeHead(502, { 'content-type': 'text/html', 'x-request-id': trace.id });
      res.end(
        '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
      );
      return true;
    case 'redirect':
      trace.status = 307;
      res.writeHead(307, {
        location: fault.location ?? 'http://redirect.invalid/',
        'x-request-id': trace.id,
      });
      res.end();
      return true;
    default:
      return false;
  }
}

/**
 * The provider and the rest of the path. Shoplazza's shop segment is passed on as received
 * (never percent-decoded): the provider checks it is a DNS label.
 */
function route(
  pathname: string,
): { provider: ProviderName; path: string; shop?: string } | undefined {
  for (const [provider, prefix] of Object.entries(PROVIDER_PREFIXES) as [ProviderName, string][]) {
    if (!pathname.startsWith(`${prefix}/`)) continue;
    const rest = pathname.slice(prefix.length);
    if (provider !== 'shoplazza') return { provider, path: rest };
    const [, shop, path] = /^\/([^/]+)(\/.*)$/.exec(rest) ?? [];
    if (shop === undefined || path === undefined) return undefined;
    return { provider, shop, path };
  }
  return undefined;
}

function findOperation(
  handler: ProviderHandler,
  method: string,
  path: string,
): { operation: SpecOperation; pathParams: Record<string, string> } | undefined {
  for (const operation of handler.operations) {
    if (operation.method !== method) continue;
    const pathParams = operation.match(path);
    if (pathParams) return { operation, pathParams };
  }
  return undefined;
}

/** The body as UTF-8 text, or why it cannot be read; never more than `limit` bytes kept. */
function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<{ text: string; error?: BodyTooLarge | BodyNotUtf8 }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.resume(); // keep reading and dropping the rest: the answer still gets out
        resolve({ text: '', error: new BodyTooLarge(`request body exceeds ${limit} bytes`) });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      try {
        resolve({ text: utf8.decode(Buffer.concat(chunks)) });
      } catch {
        resolve({ text: '', error: new BodyNotUtf8() });
      }
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/** A 413 that closes the connection once the answer is out (the rest is not read). */
function tooLarge(body: unknown): ProviderAnswer {
  return { status: 413, body, headers: { connection: 'close' } };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function send(res: ServerResponse, answer: ProviderAnswer, requestId: string): void {
  const text = stringifyJson(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-request-id': requestId,
    ...answer.headers,
  });
  res.end(text);
}
