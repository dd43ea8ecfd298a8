/**
 * The `Request` class a client gives its private openapi-fetch instance (openapi-fetch's
 * documented `Request` option). It keeps the URL and init openapi-fetch built, and the
 * transport sends them as `fetch(url, init)`, so undici builds the one Request. With the
 * global `Request`, undici's `fetch(request)` copies openapi-fetch's Request into a second
 * one, wiring its signal again (≈ 20 µs a call, measured).
 *
 * Only what openapi-fetch and the transport read is kept: `url`, `method`, `headers`,
 * `body`. Redirects are never followed whatever `redirect` says: the transport always sends
 * `redirect: 'manual'`.
 */
export class PlannedRequest {
  /** The full URL openapi-fetch built. */
  readonly url: string;
  /** HTTP method (`GET` when none was given). */
  readonly method: string;
  /** The request headers, as one `Headers` object. */
  readonly headers: Headers;
  /** The serialised body (openapi-fetch's `bodySerializer` output), or `null`. */
  readonly body: BodyInit | null;

  constructor(input: string | URL, init: RequestInit = {}) {
    this.url = String(input);
    this.method = init.method ?? 'GET';
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
  }
}

/**
 * {@link PlannedRequest}, typed as openapi-fetch's `Request` option expects, for
 * `createClient<paths>({ baseUrl, Request: PLANNED_REQUEST, … })` on a client's private
 * instance (never on `raw`, whose callers may add middleware that expects a real Request).
 */
export const PLANNED_REQUEST = PlannedRequest as unknown as typeof Request;
