/**
 * refund-core's Shoplazza adapter: `shoplazzaAdapter(createShoplazzaClient({...}))`.
 *
 * @module @refundkit/refund-core/shoplazza
 */
export { shoplazzaAdapter } from './shoplazza-adapter.js';
export type { ShoplazzaClients } from './shoplazza-adapter.js';
