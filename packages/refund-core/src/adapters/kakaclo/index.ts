/**
 * refund-core's KakaClo adapter: `kakacloAdapter(createKakacloClient({...}))`.
 *
 * @packageDocumentation
 */
export { kakacloAdapter } from './kakaclo-adapter.js';
