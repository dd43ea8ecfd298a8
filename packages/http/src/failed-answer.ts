import type { Answer } from './request-options.js';

/**
 * Carries a non-2xx answer out through openapi-fetch, which would otherwise read it as an
 * error body; the transport types it instead. Never leaves the transport.
 */
export class FailedAnswer extends Error {
  readonly answer: Answer;
  constructor(answer: Answer) {
    super('non-2xx answer');
    this.answer = answer;
  }
}

/** The origin (scheme, host, port) a redirect's `Location` points to, if it parses. */
export function locationOrigin(location: string | null, base: string): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, base).origin;
  } catch {
    return undefined;
  }
}

/**
 * A 2xx response as it is; any other is read in full (under the attempt's timer) and thrown
 * as a {@link FailedAnswer}, which leaves openapi-fetch for the transport to type.
 */
export function successOrFailedAnswer(response: Response): Response | Promise<never> {
  if (response.status >= 200 && response.status < 300) return response;
  return response.text().then((text) => {
    throw new FailedAnswer({ response, text });
  });
}
