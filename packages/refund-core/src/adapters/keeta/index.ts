/**
 * refund-core's Keeta adapter, `keetaAdapter(createKeetaClient({...}))`, and the verifier of
 * Keeta's refund webhook (event 1007).
 *
 * @module @refundkit/refund-core/keeta
 */
export { keetaAdapter } from './keeta-adapter.js';
export { verifyKeetaWebhook, KEETA_WEBHOOK_STATUSES } from './keeta-webhook.js';
export type { KeetaWebhookOptions, KeetaWebhookStatuses } from './keeta-webhook.js';
