import type { RefundkitError } from './errors.js';

/**
 * What a client tells its `logger`. Every header, URL and body in an event has been redacted:
 * tokens, secrets and signatures appear as `[REDACTED]`.
 */
export type HttpEvent =
  | {
      /** An attempt is about to be sent. */
      type: 'request';
      /** `keeta`, `shoplazza` or `kakaclo`. */
      provider: string;
      /** The operation id from the provider's spec, e.g. `applyPartialRefund`. */
      operation: string;
      /** 1 for the first attempt, 2 for the first retry, … */
      attempt: number;
      /** HTTP method, e.g. `POST`. */
      method: string;
      /** The full URL, redacted. */
      url: string;
      /** Request headers, redacted. */
      headers: Record<string, string>;
      /** The request body as sent (parsed JSON or text), redacted. */
      body: unknown;
    }
  | {
      /** An answer arrived (any status). */
      type: 'response';
      /** `keeta`, `shoplazza` or `kakaclo`. */
      provider: string;
      /** The operation id from the provider's spec. */
      operation: string;
      /** The attempt this answer belongs to (1 for the first). */
      attempt: number;
      /** HTTP status of the answer. */
      status: number;
      /** Time from sending the request to the answer's headers, in milliseconds. */
      durationMs: number;
      /** The provider's request id from the response headers, when it sent one. */
      requestId: string | undefined;
      /** Response headers, redacted. */
      headers: Record<string, string>;
    }
  | {
      /** The attempt failed and the call is safe to repeat: another attempt follows. */
      type: 'retry';
      /** `keeta`, `shoplazza` or `kakaclo`. */
      provider: string;
      /** The operation id from the provider's spec. */
      operation: string;
      /** The attempt that failed. */
      attempt: number;
      /** How long the client waits before the next attempt, in milliseconds. */
      delayMs: number;
      /** Why: the failed attempt's error message (redacted). */
      reason: string;
    }
  | {
      /** The call failed for good; `error` is what the caller receives. */
      type: 'error';
      /** `keeta`, `shoplazza` or `kakaclo`. */
      provider: string;
      /** The operation id from the provider's spec. */
      operation: string;
      /** The last attempt made. */
      attempt: number;
      /** The error thrown to the caller. */
      error: RefundkitError;
    };

/** Receives {@link HttpEvent}s. It must not throw; if it does, the error is ignored. */
export type Logger = (event: HttpEvent) => void;
