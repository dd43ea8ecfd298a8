/**
 * refund-core's KakaClo adapter: `kakacloAdapter(createKakacloClient({...}))`.
 *
 * @module @refundkit/refund-core/kakaclo
 */
export { kakacloAdapter } from './kakaclo-adapter.js';
