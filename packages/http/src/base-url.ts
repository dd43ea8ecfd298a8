import { LocalValidationError } from './errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks a configured base URL and returns it without a trailing slash. It must be `https:`
 * (plain `http:` only for loopback, i.e. the sandbox) so tokens never cross a network in
 * clear text, and must carry no user info, query or fragment.
 *
 * @param provider - for the error, e.g. `keeta`.
 * @param field - the option's name, e.g. `baseUrl`.
 * @throws LocalValidationError naming `field`.
 */
export function checkBaseUrl(provider: string, field: string, value: unknown): URL {
  const fail = (message: string): never => {
    throw new LocalValidationError(
      { provider, operation: 'createClient' },
      field,
      'base_url',
      message,
    );
  };
  if (typeof value !== 'string' || value.trim() !== value || value === '') {
    fail('must be an absolute URL string');
  }
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    return fail('must be an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    fail('must use https (http is allowed only for localhost)');
  }
  if (url.username || url.password) fail('must not contain credentials');
  if (url.search || url.hash) fail('must not contain a query or fragment');
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** The URL as a string without a trailing slash, for openapi-fetch's `baseUrl`. */
export function baseUrlString(url: URL): string {
  return url.toString().replace(/\/+$/, '');
}
