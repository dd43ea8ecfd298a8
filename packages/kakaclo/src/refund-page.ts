import type { components } from './generated/openapi.js';
import { exactIdString } from './ids.js';

/**
 * What `queryRefund` returns: KakaClo's page of refund records,
 * `{ total, pageNumber, pageSize, list: [{ refundNo, refundStatus, id, remark }] }`.
 */
export type KakacloRefundPage = components['schemas']['RefundPage'];

/**
 * One refund record. `refundNo` (the refund number, 19 digits today) and `id` (the order id)
 * are always exact strings, whether KakaClo sent them as JSON strings or as bare integers.
 */
export type KakacloRefundRecord = components['schemas']['RefundRecord'];

/**
 * A refund's status. KakaClo decides refunds asynchronously: a refund starts
 * `pending_review` and settles, within 24 hours (usually one), as `refund_successfully` or
 * `refund_failed`.
 */
export type KakacloRefundStatus = NonNullable<KakacloRefundRecord['refundStatus']>;

/** Every documented {@link KakacloRefundStatus}. */
export const KAKACLO_REFUND_STATUSES: readonly KakacloRefundStatus[] = [
  'pending_review',
  'refund_successfully',
  'refund_failed',
];

const RECORD_FIELDS = ['refundNo', 'refundStatus', 'id', 'remark'] as const;
const ID_FIELDS = new Set<string>(['refundNo', 'id']);
const DOCUMENTED = new Set<string>(RECORD_FIELDS);

/**
 * Reads `data` of a Query Refund answer into a {@link KakacloRefundPage}: `refundNo` and `id`
 * become exact strings (a bare integer, even above 2^53, keeps every digit), a documented
 * field that is `null` is left out (the spec types them as optional, not nullable), and
 * other fields pass through untouched. Calls `fail` with the reason when the data is not a
 * page, an id has lost digits, or a status is not one KakaClo documents (a caller deciding
 * whether money moved must not guess).
 */
export function readRefundPage(data: unknown, fail: (reason: string) => never): KakacloRefundPage {
  if (!isRecord(data)) return fail('has no refund page in data');
  const page: Record<string, unknown> = { ...data };
  const list = data['list'];
  if (list === null) {
    delete page['list'];
  } else if (list !== undefined) {
    if (!Array.isArray(list)) return fail('has a data.list that is not an array');
    page['list'] = list.map((record, index) => readRecord(record, `data.list[${index}]`, fail));
  }
  return page;
}

function readRecord(
  value: unknown,
  path: string,
  fail: (reason: string) => never,
): KakacloRefundRecord {
  if (!isRecord(value)) return fail(`has a ${path} that is not an object`);
  // fromEntries, not assignment: a `__proto__` key from JSON stays a plain own field.
  const record: Record<string, unknown> = Object.fromEntries(
    Object.entries(value).filter(([key, item]) => !(item === null && DOCUMENTED.has(key))),
  );
  for (const field of RECORD_FIELDS) {
    const item = record[field];
    if (item === undefined) continue;
    if (ID_FIELDS.has(field)) {
      const exact = exactIdString(item);
      if (exact === undefined) fail(`has a ${path}.${field} that is not an exact id`);
      record[field] = exact;
    } else if (field === 'refundStatus') {
      if (!KAKACLO_REFUND_STATUSES.includes(item as KakacloRefundStatus)) {
        const shown = typeof item === 'string' ? JSON.stringify(item) : `of type ${typeof item}`;
        fail(`has an undocumented ${path}.refundStatus ${shown}`);
      }
    } else if (typeof item !== 'string') {
      fail(`has a ${path}.${field} that is not a string`);
    }
  }
  return record;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
