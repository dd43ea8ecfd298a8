import type { EnvelopeSlots } from '@refundkit/http';

/** The envelope `code` KakaClo documents for success (no other code is documented). */
export const KAKACLO_SUCCESS_CODE = 10000;

const SUCCESS = String(KAKACLO_SUCCESS_CODE);

/**
 * KakaClo's envelope `{code, message, data}` for `envelopeData`. `code` 10000 is success,
 * and so is the string `"10000"`: reading a success as a failure could make a caller send a
 * refund again. KakaClo documents no failure codes, so no `kindOf`: a failure on HTTP 200
 * is a plain `ApiError` carrying the code and message.
 */
export const KAKACLO_ENVELOPE: EnvelopeSlots = {
  name: 'a KakaClo envelope {code, message, data}',
  isSuccess: (code) => String(code) === SUCCESS,
};
