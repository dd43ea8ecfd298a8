import type { Refunds } from '@refundkit/refund-core';
import type { Sandbox } from '@refundkit/sandbox';
import type { AskedRefunds } from './asked.ts';
import type { Checks } from './checks.ts';
import type { Output } from './output.ts';
import type { RequestLog } from './request-log.ts';

/** What a step works with: one story's refund-core, sandbox, output and records. */
interface StoryContext {
  readonly sandbox: Sandbox;
  readonly refunds: Refunds;
  readonly out: Output;
  /** Every request the clients sent. */
  readonly requests: RequestLog;
  /** What the story asked to be refunded, for the ledger check at the end. */
  readonly asked: AskedRefunds;
  /** This step's expectations. */
  readonly checks: Checks;
}

/** One step of the story: a title, and what it does and checks. */
export interface Step {
  /** The step's title, printed above it and named in the story's result. */
  readonly name: string;
  /** Why it matters, in a sentence or two for someone new to refunds. */
  readonly why: string;
  /** What it shows, for the closing line (`a replayed key`). */
  readonly topic: string;
  /** Runs the step; its checks decide whether it passed. @returns a one-line summary. */
  run(context: StoryContext): Promise<string>;
}
