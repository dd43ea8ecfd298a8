import type { RefundkitError } from './errors.js';

/**
 * What a client tells its `logger`. Every header, URL and body in an event has been redacted:
 * tokens, secrets and signatures appear as `[REDACTED]`.
 */
export type HttpEvent =
  | {
      type: 'request';
      provider: string;
      operation: string;
      /** 1 for the first attempt, 2 for the first retry, … */
      attempt: number;
      method: string;
      url: string;
      headers: Record<string, string>;
      body: unknown;
    }
  | {
      type: 'response';
      provider: string;
      operation: string;
      attempt: number;
      status: number;
      durationMs: number;
      requestId: string | undefined;
      headers: Record<string, string>;
    }
  | {
      type: 'retry';
      provider: string;
      operation: string;
      /** The attempt that failed. */
      attempt: number;
      delayMs: number;
      reason: string;
    }
  | {
      type: 'error';
      provider: string;
      operation: string;
      attempt: number;
      error: RefundkitError;
    };

/** Receives {@link HttpEvent}s. It must not throw; if it does, the error is ignored. */
export type Logger = (event: HttpEvent) => void;
