import type { EnvelopeSlots } from '@refundkit/http';

/** The `code` of a successful 2024-07 answer. */
export const SHOPLAZZA_SUCCESS_CODE = 'SUCCESS';

/**
 * The 2024-07 answer `{code, message, data}`, for the kit's `envelopeData`. Of the error
 * codes only `InvalidParameter` is documented (a validation failure); any other code is a
 * plain `ApiError`: the page does not list them, so refundkit does not guess.
 */
export const SHOPLAZZA_ENVELOPE: EnvelopeSlots = {
  name: `a Shoplazza 2024-07 answer {code: "${SHOPLAZZA_SUCCESS_CODE}", data}`,
  isSuccess: (code) => code === SHOPLAZZA_SUCCESS_CODE,
  kindOf: (code) => (code === 'InvalidParameter' ? 'validation' : undefined),
};
