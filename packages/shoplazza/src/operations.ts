import type { Operation } from '@refundkit/http';

/** The provider name errors and log events carry. */
export const PROVIDER = 'shoplazza';

// Both refund operations move money: never repeated unless provably not sent, or refused
// with 429. Names are the spec's operationIds, which are also the method names.

/** 2022-01 `POST /openapi/2022-01/orders/{id}/partial_refund`. */
export const PARTIAL_REFUND: Operation = { name: 'partialRefund', idempotent: false };
/** 2024-07 `POST /openapi/2024-07/orders/{order_id}/refund`. */
export const REFUND_ORDER: Operation = { name: 'refundOrder', idempotent: false };
/** What `raw` calls count as by default: writes, because the transport cannot tell. */
export const RAW: Operation = { name: 'raw', idempotent: false };
