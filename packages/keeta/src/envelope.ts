import type { EnvelopeSlots } from '@refundkit/http';

/**
 * Keeta's response envelope `{ code, message, data }`: HTTP 200 whenever Keeta received the
 * call, `code` 0 for success, any other code a refusal explained by `message`. Keeta
 * publishes no table of codes, so a refusal is a plain `ApiError` carrying `code` and
 * `message`, not classified further. The unwrapping itself is `envelopeData` in
 * `@refundkit/http`; error bodies are read by its `describeEnvelope`.
 */
export const KEETA_ENVELOPE: EnvelopeSlots = {
  name: 'a Keeta envelope {code, message, data}',
  // Keeta documents an integer (a bigint above 2^53): `{"code": "0"}` is not a Keeta answer, so for a refund it
  // is an unknown outcome rather than a refusal the caller might answer by resending.
  isCode: (code) => typeof code !== 'string',
  isSuccess: (code) => code === 0,
};
