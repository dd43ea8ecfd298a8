import { describe, expect, it } from 'vitest';
import { expand, RequestLog, summarize, type StoredRequest } from './request-log.js';

function record(id: string): Omit<StoredRequest, 'seq'> {
  return {
    id,
    at: '2026-12-01T12:00:00.000Z',
    method: 'POST',
    path: '/kakaclo/openapi/v2/order/orders/10001/refund',
    provider: 'kakaclo',
    status: 200,
    outcome: 'applied',
    violations: [],
    faults: [],
    ledger: [],
    headers: { authorization: '[REDACTED]' },
    bodyJson: '{"orderItems":[]}',
    answerJson: '{"code":10000}',
  };
}

const ids = (log: RequestLog, after?: number) => log.list(after).map((r) => r.id);

describe('RequestLog (ring buffer)', () => {
  it('keeps records in order with increasing seq until it is full', () => {
    const log = new RequestLog(3);
    log.add(record('sbx_1'));
    log.add(record('sbx_2'));
    expect(ids(log)).toEqual(['sbx_1', 'sbx_2']);
    expect(log.list().map((r) => r.seq)).toEqual([1, 2]);
    expect(log.size).toBe(2);
  });

  it('overwrites the oldest once full, and counts what it dropped', () => {
    const log = new RequestLog(3);
    for (let i = 1; i <= 7; i++) log.add(record(`sbx_${i}`));
    expect(ids(log)).toEqual(['sbx_5', 'sbx_6', 'sbx_7']);
    expect(log.list().map((r) => r.seq)).toEqual([5, 6, 7]);
    expect(log.size).toBe(3);
    expect(log.added).toBe(7);
    expect(log.get('sbx_6')?.seq).toBe(6);
    expect(log.get('sbx_4')).toBeUndefined();
  });

  it('lists only what came after a seq (what a page has not seen), within what it holds', () => {
    const log = new RequestLog(4);
    for (let i = 1; i <= 6; i++) log.add(record(`sbx_${i}`));
    expect(ids(log, 4)).toEqual(['sbx_5', 'sbx_6']);
    expect(ids(log, 6)).toEqual([]);
    // Asked from before what it still holds: the oldest it has, not an error.
    expect(ids(log, 1)).toEqual(['sbx_3', 'sbx_4', 'sbx_5', 'sbx_6']);
  });

  it('with capacity 0 keeps nothing', () => {
    const log = new RequestLog(0);
    expect(log.add(record('sbx_1'))).toBeUndefined();
    expect(log.list()).toEqual([]);
    expect(log.get('sbx_1')).toBeUndefined();
  });

  it('clear() forgets everything and restarts seq', () => {
    const log = new RequestLog(2);
    log.add(record('sbx_1'));
    log.add(record('sbx_2'));
    log.clear();
    expect(log.list()).toEqual([]);
    expect(log.add(record('sbx_3'))?.seq).toBe(1);
  });

  it('stores frozen records, bodies as JSON text; summaries leave them out, expand parses them', () => {
    const log = new RequestLog(2);
    const stored = log.add(record('sbx_1'))!;
    expect(Object.isFrozen(stored)).toBe(true);
    const summary = summarize(stored);
    expect(summary).not.toHaveProperty('headers');
    expect(summary).not.toHaveProperty('bodyJson');
    expect(summary).not.toHaveProperty('answerJson');
    expect(summary).toMatchObject({ id: 'sbx_1', seq: 1, outcome: 'applied' });
    const expanded = expand(stored);
    expect(expanded.body).toEqual({ orderItems: [] });
    expect(expanded.answer).toEqual({ code: 10000 });
    expect(expanded).not.toHaveProperty('bodyJson');
  });
});
