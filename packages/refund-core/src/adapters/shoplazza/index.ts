/**
 * refund-core's Shoplazza adapter: `shoplazzaAdapter(createShoplazzaClient({...}))`.
 *
 * @packageDocumentation
 */
export { shoplazzaAdapter } from './shoplazza-adapter.js';
export type { ShoplazzaClients } from './shoplazza-adapter.js';
