import { randomBytes } from 'node:crypto';

/** The inspector's session cookie. */
const SESSION_COOKIE = 'refundkit_sandbox_session';

/** How long a session lasts: a working day. */
const SESSION_MS = 12 * 60 * 60 * 1000;

/** Sessions kept at most; the oldest goes first (each login makes one). */
const MAX_SESSIONS = 64;

/**
 * Browser sessions of the inspector when the admin API requires a token. A page cannot send
 * `Authorization` with a navigation or an `EventSource`, and a token in a URL ends up in
 * history, logs and `Referer`; so the page asks for the token once, posts it as JSON, and gets
 * a random session id in an `HttpOnly; SameSite=Strict` cookie scoped to `/__sandbox/`
 * (never the token itself). Sessions live in memory: a restart ends them.
 */
export class InspectorSessions {
  readonly #expiries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new session id, valid for 12 hours. */
  create(): string {
    const id = randomBytes(32).toString('base64url');
    this.#expiries.set(id, this.now() + SESSION_MS);
    if (this.#expiries.size > MAX_SESSIONS) {
      const [oldest] = this.#expiries.keys();
      if (oldest !== undefined) this.#expiries.delete(oldest);
    }
    return id;
  }

  /** Whether a `Cookie` header carries a live session. */
  has(cookieHeader: string | undefined): boolean {
    const id = cookieValue(cookieHeader, SESSION_COOKIE);
    if (id === undefined) return false;
    const expiry = this.#expiries.get(id);
    if (expiry === undefined) return false;
    if (expiry <= this.now()) {
      this.#expiries.delete(id);
      return false;
    }
    return true;
  }

  /** The `Set-Cookie` value for a session. */
  static cookie(id: string): string {
    return `${SESSION_COOKIE}=${id}; Path=/__sandbox/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MS / 1000}`;
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
