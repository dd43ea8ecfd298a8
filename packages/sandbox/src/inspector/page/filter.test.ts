import { describe, expect, it } from 'vitest';
import type { LoggedRequestSummary } from '../../request-log.js';
import { newestMatching } from './filter.js';

function logged(seq: number, fields: Partial<LoggedRequestSummary> = {}): LoggedRequestSummary {
  return {
    id: `sbx_${seq}`,
    seq,
    at: '2026-12-01T12:00:00.000Z',
    method: 'POST',
    path: '/',
    status: 200,
    outcome: 'applied',
    violations: [],
    faults: [],
    ledger: [],
    ...fields,
  };
}

const any = { provider: '', order: '', outcome: '' };

describe('newestMatching (what the page renders)', () => {
  const log = [
    logged(1, { provider: 'keeta', orderId: '756823555555859' }),
    logged(2, { provider: 'kakaclo', orderId: '10001', outcome: 'refused' }),
    logged(3),
    logged(4, { provider: 'kakaclo', orderId: '10002' }),
  ];

  it('gives the newest first, at most `limit` rows, and counts every match', () => {
    const { rows, matching } = newestMatching(log, any, 2);
    expect(rows.map((r) => r.seq)).toEqual([4, 3]);
    expect(matching).toBe(4);
  });

  it('filters by provider (`none`: no provider), order (part of the id) and status', () => {
    const seqs = (filter: Partial<typeof any>) =>
      newestMatching(log, { ...any, ...filter }, 10).rows.map((r) => r.seq);
    expect(seqs({ provider: 'kakaclo' })).toEqual([4, 2]);
    expect(seqs({ provider: 'none' })).toEqual([3]);
    expect(seqs({ order: '5555' })).toEqual([1]);
    expect(seqs({ order: ' 10001 ' })).toEqual([2]);
    expect(seqs({ outcome: 'refused' })).toEqual([2]);
    expect(seqs({ provider: 'kakaclo', outcome: 'applied' })).toEqual([4]);
  });
});
