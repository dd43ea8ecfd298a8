/**
 * The demo (`pnpm demo`, the last step of `bash scripts/setup`): starts the sandbox in this
 * process, tells the story (story.ts) through refund-core, stops everything, and exits 0
 * only if every step behaved as expected. `--postgres`: the same with the PostgreSQL store
 * on an embedded server, started here and deleted at the end.
 */
import { startSandbox } from '@refundkit/sandbox';
import { colorWanted } from './output.ts';
import { runStory } from './story.ts';

const sandbox = await startSandbox();
try {
  const isTTY = process.stdout.isTTY;
  const result = await runStory({ sandbox, color: colorWanted(process.env, isTTY), tty: isTTY });
  process.exitCode = result.ok ? 0 : 1;
} finally {
  await sandbox.close();
}
