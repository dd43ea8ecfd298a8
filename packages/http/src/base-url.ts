import { LocalValidationError } from './errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The Fetch standard's "bad ports" (fetch.spec.whatwg.org/#bad-port; the same list as
 * undici's `badPorts`). `fetch` refuses them before connecting, with an error that carries
 * no code, so the transport could not prove a refund was never sent and would report an
 * unknown outcome. Refused here instead, when the client is created. Kept by hand because
 * no runtime exports the list.
 */
const BAD_PORTS = new Set(
  (
    '1 7 9 11 13 15 17 19 20 21 22 23 25 37 42 43 53 69 77 79 87 95 101 102 103 104 109 110 ' +
    '111 113 115 117 119 123 135 137 139 143 161 179 389 427 465 512 513 514 515 526 530 531 ' +
    '532 540 548 554 556 563 587 601 636 989 990 993 995 1719 1720 1723 2049 3659 4045 4190 ' +
    '5060 5061 6000 6566 6665 6666 6667 6668 6669 6679 6697 10080'
  ).split(' '),
);

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
  if (BAD_PORTS.has(url.port))
    fail(`uses port ${url.port}, which fetch refuses (a Fetch "bad port")`);
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
