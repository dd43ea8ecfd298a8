/**
 * The demo's story, importable: `runStory` walks refund-core through each provider against
 * a sandbox it is given, checks every step's outcome, and ends with the ledger compared
 * with what it asked for. It owns nothing global (no `process.exit`, no environment), so
 * the inspector's browser test can run it against its own sandbox.
 */
import type { IdempotencyStore } from '@refundkit/refund-core';
import type { Sandbox } from '@refundkit/sandbox';
import { AskedRefunds } from './asked.ts';
import { batchStep } from './batch-step.ts';
import { Checks } from './checks.ts';
import { badInputStep, lostAnswerStep } from './failure-steps.ts';
import { concurrentStep, conflictStep, replayStep } from './idempotency-steps.ts';
import { kakacloStep } from './kakaclo-steps.ts';
import { keetaStep } from './keeta-steps.ts';
import { ledgerStep } from './ledger-step.ts';
import { Output } from './output.ts';
import { RequestLog } from './request-log.ts';
import { shoplazza2022Step, shoplazza2024Step } from './shoplazza-steps.ts';
import type { Step } from './step.ts';
import { storyRefunds } from './story-refunds.ts';

/** What {@link runStory} needs. */
export interface StoryOptions {
  /** A started sandbox, with the default seed (`startSandbox()`); the story does not close it. */
  sandbox: Sandbox;
  /**
   * refund-core's idempotency store (default: its memory store), empty: the story's keys are
   * fixed, so a store that has seen them would replay old results. The story does not close it.
   */
  store?: IdempotencyStore;
  /** Where the story is written (default: standard output). */
  write?: (text: string) => void;
  /** ANSI colour (default false). */
  color?: boolean;
  /** A terminal: the batch draws a progress bar instead of plain lines (default false). */
  tty?: boolean;
}

/** How the story went: every step, and whether it behaved as expected. */
export interface StoryResult {
  /** Every step behaved as expected. */
  ok: boolean;
  /** `detail`: the step's summary, or what was expected and what came instead. */
  steps: { name: string; ok: boolean; detail?: string }[];
}

/** The story, in the order it is told. */
const STEPS: readonly Step[] = [
  keetaStep,
  shoplazza2024Step,
  shoplazza2022Step,
  kakacloStep,
  replayStep,
  conflictStep,
  concurrentStep,
  lostAnswerStep,
  badInputStep,
  batchStep,
  ledgerStep,
];

/**
 * Tells the story on `options.sandbox` and checks each step; a step that fails (or throws)
 * is reported and the story goes on, so one problem does not hide the others.
 * @example const { ok } = await runStory({ sandbox: await startSandbox() });
 */
export async function runStory(options: StoryOptions): Promise<StoryResult> {
  const out = new Output(options.write ?? ((text) => process.stdout.write(text)), {
    color: options.color ?? false,
    tty: options.tty ?? false,
  });
  const { sandbox } = options;
  const requests = new RequestLog();
  const refunds = storyRefunds(sandbox, requests.fetch, options.store);
  const asked = new AskedRefunds();
  const store = options.store?.constructor.name ?? 'MemoryIdempotencyStore';
  out.paragraph(
    `${out.style('bold', 'refundkit demo')}: refund-core is one refund API over the refund APIs ` +
      'of Keeta, Shoplazza and KakaClo, where one idempotency key is at most one refund.',
  );
  out.paragraph(
    `Every request goes to the sandbox at ${sandbox.url}, a local stand-in for the three ` +
      `providers that keeps a ledger of every refund it applies. Idempotency records: ${store}. ` +
      'Below, · is what the demo does and ✓ what it checked (not just printed).',
  );
  const steps: StoryResult['steps'] = [];
  for (const [index, step] of STEPS.entries()) {
    out.heading(`${index + 1}. ${step.name}`);
    out.note(step.why);
    const checks = new Checks(out);
    let summary = '';
    try {
      summary = await step.run({ sandbox, refunds, out, requests, asked, checks });
    } catch (error) {
      checks.failed(
        `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      );
    }
    const ok = checks.failures.length === 0;
    steps.push({ name: step.name, ok, detail: ok ? summary : checks.failures.join('; ') });
  }
  const failed = steps.filter((step) => !step.ok);
  out.raw('\n');
  out.paragraph(`Shown: ${listed(STEPS.map((step) => step.topic))}.`);
  if (failed.length === 0) {
    // The last step's summary: the ledger's verdict, each order refunded exactly as asked.
    out.raw(
      `${out.style('ok', '✓')} ${out.style('bold', `All ${steps.length} steps behaved as expected`)}: ` +
        `${steps.at(-1)?.detail ?? ''}.\n`,
    );
  } else {
    out.raw(
      `${out.style('bad', `✗ ${failed.length} of ${steps.length} steps did not behave as expected:`)}\n`,
    );
    for (const step of failed) out.note(`${step.name}: ${step.detail ?? ''}`);
  }
  return { ok: failed.length === 0, steps };
}

/** `a; b; and c` (semicolons: a topic may have commas of its own). */
function listed(items: readonly string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join('; ')}; and ${items.at(-1) ?? ''}`;
}
