import { isAdminToken, isCrossOrigin, isJsonType } from '../admin-access.js';
import type { InspectorExchange } from '../server.js';
import { asset, CONTENT_SECURITY_POLICY, isAssetPath } from './assets.js';
import type { InspectorEvents } from './events.js';
import { InspectorSessions } from './sessions.js';

/**
 * The inspector's routes that are not JSON, offered every `/__sandbox/` request before the
 * admin API:
 * - `GET /__sandbox/` and its script and style sheet: the page. Under the admin API's rules,
 *   except that with an admin token the page itself (static files from the package, no data)
 *   loads without one, so it can ask for it;
 * - `POST /__sandbox/session` (`{token}`): with an admin token, trades it for a session
 *   cookie (`sessions.ts`);
 * - `GET /__sandbox/events`: the live updates (`events.ts`), under the admin API's rules.
 * @returns a handler answering `true` when it took the request.
 */
export function inspectorRoutes(config: {
  events: InspectorEvents;
  sessions: InspectorSessions;
  adminToken: string | undefined;
}): (exchange: InspectorExchange) => boolean {
  return (exchange) => {
    const { method, path, refusal, res } = exchange;
    if (method === 'GET' && isAssetPath(path)) {
      const shellWithoutToken = refusal?.status === 401;
      if (refusal && !shellWithoutToken) return false;
      const { body, type } = asset(path);
      res.writeHead(200, {
        'content-type': type,
        'content-length': body.length,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'cache-control': 'no-store',
        'cross-origin-resource-policy': 'same-origin',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
      });
      res.end(body);
      return true;
    }
    if (method === 'POST' && path === '/__sandbox/session') {
      login(exchange, config.adminToken, config.sessions).catch(() => res.destroy());
      return true;
    }
    if (method === 'GET' && path === '/__sandbox/events') {
      if (refusal) return false;
      config.events.subscribe(res);
      return true;
    }
    return false;
  };
}

/** `POST /__sandbox/session`: the admin token (JSON, same origin) for a session cookie. */
async function login(
  exchange: InspectorExchange,
  adminToken: string | undefined,
  sessions: InspectorSessions,
): Promise<void> {
  const { req, res } = exchange;
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(JSON.stringify(body));
  };
  if (adminToken === undefined) {
    answer(404, { error: 'no admin token is configured: the inspector needs no session' });
    return;
  }
  // The same guards as every admin write: no other origin, JSON only (so no plain form).
  if (isCrossOrigin(req.headers)) {
    answer(403, { error: 'the admin API refuses cross-origin requests' });
    return;
  }
  const type = req.headers['content-type'];
  if (!isJsonType(type)) {
    answer(415, { error: `Content-Type: must be application/json, got ${type ?? 'none'}` });
    return;
  }
  const text = await exchange.readBody();
  let token: unknown;
  try {
    token = (JSON.parse(text ?? '') as { token?: unknown } | null)?.token;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || !isAdminToken(token, adminToken)) {
    answer(401, { error: 'token: not the admin token' });
    return;
  }
  answer(200, { session: true }, { 'set-cookie': InspectorSessions.cookie(sessions.create()) });
}
