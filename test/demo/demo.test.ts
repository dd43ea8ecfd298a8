/** The demo that `bash scripts/setup` ends with runs, and tells the story it should. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const demo = resolve(import.meta.dirname, '../../demo/main.ts');

describe('demo', () => {
  it('refunds through the three clients and reconciles a lost answer without a second refund', () => {
    const result = spawnSync(process.execPath, [demo], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[1]).toBe(
      'keeta: refunded 1 chicken burger; still refundable: 2 × Chicken burger, 1 × Fries',
    );
    expect(lines[2]).toBe('shoplazza: refund R000000000001 of 0.10 + 0.20 = 0.30 USD, exactly');
    expect(lines[3]).toBe(
      'kakaclo: the answer was lost (OutcomeUnknownError); the client did not resend',
    );
    expect(lines[4]).toMatch(/^kakaclo: the status query finds 1 refund: \d{19} pending_review$/);
    expect(lines.at(-1)).toBe('kakaclo order 10004 was refunded 1 time(s)');
  });
});
