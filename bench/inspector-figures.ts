/**
 * The sandbox inspector's figures (issue 14), measured by `bench/inspector.ts` (its own
 * script, run here as a child): render and filter times of the inspector page in headless
 * Chromium with 10,000 logged requests, goal < 1 s each. Its last stdout line is
 * `{"inspector":{"requests":…,"renderMs":…,"filterMs":…}}`. Skipped, with the reason in the
 * table, when the script is not there or no Chromium is found (`REFUNDKIT_CHROMIUM`, else
 * `/usr/bin/chromium`); any other failure is a broken run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { goal, info, runChild } from './child.ts';
import type { Figure } from './figures.ts';

/** Goal for each of the two figures, ms. */
export const INSPECTOR_GOAL_MS = 1000;

/** What the inspector part left: figures, or why it was skipped, or that it broke. */
export interface InspectorOutcome {
  figures: Figure[];
  skipped?: string;
  broken: boolean;
}

interface InspectorJson {
  inspector?: { requests?: number; renderMs?: number; filterMs?: number };
}

/** Where the Chromium the inspector script uses would be, if anywhere. */
function chromium(): string | undefined {
  const given = process.env['REFUNDKIT_CHROMIUM'];
  if (given !== undefined && given !== '') return existsSync(given) ? given : undefined;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/** Runs `script` (default bench/inspector.ts) unless it cannot run here. */
export async function runInspector(
  script = join(import.meta.dirname, 'inspector.ts'),
): Promise<InspectorOutcome> {
  if (!existsSync(script))
    return { figures: [], skipped: 'bench/inspector.ts is not there yet', broken: false };
  if (chromium() === undefined) {
    return {
      figures: [],
      skipped: 'no Chromium (REFUNDKIT_CHROMIUM, /usr/bin/chromium)',
      broken: false,
    };
  }
  const run = await runChild(script);
  const figures = (run.json as InspectorJson | undefined)?.inspector;
  if (run.code !== 0 || figures === undefined) {
    // Chromium present but not launchable is still "no Chromium"; the rest is a failure.
    if (
      /chromium|executable/i.test(run.output) &&
      /not found|no such file|ENOENT|doesn't exist/i.test(run.output)
    ) {
      return { figures: [], skipped: 'Chromium not found by bench/inspector.ts', broken: false };
    }
    return { figures: [], broken: true };
  }
  const out: Figure[] = [info('inspector: logged requests', figures.requests ?? 0, 'requests')];
  for (const [name, ms] of [
    ['render', figures.renderMs],
    ['filter', figures.filterMs],
  ] as const) {
    if (typeof ms !== 'number') return { figures: out, broken: true };
    out.push(
      goal(
        `inspector: ${name} time`,
        Math.round(ms),
        'ms',
        `< ${INSPECTOR_GOAL_MS}`,
        ms < INSPECTOR_GOAL_MS,
      ),
    );
  }
  return { figures: out, broken: false };
}
