/** Thrown when the admin API wants the admin token (the page then asks for it). */
export class NeedsToken extends Error {}

/** An admin API refusal, with its `error` text. */
export class AdminError extends Error {}

/**
 * One call to the admin API, same origin (the session cookie, if any, goes along on its own).
 * @throws NeedsToken on 401; AdminError with the API's message on any other refusal.
 */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 401) throw new NeedsToken();
  const data = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new AdminError(data.error ?? `HTTP ${response.status}`);
  return data;
}
