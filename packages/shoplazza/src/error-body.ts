import type { ProviderErrorDescription } from '@refundkit/http';

/**
 * Reads the provider's code and message out of a Shoplazza error body, whichever of the
 * documented shapes it has:
 * - `{"errors": ["Order not found", …]}` (2022-01): the messages joined with `"; "`;
 * - `{"error": "store is not active"}` (2022-01);
 * - `{"code": "InvalidParameter", "message": "Order id is required."}` (2024-07).
 *
 * The client's `describeError`; the transport redacts what this returns.
 *
 * @example describeShoplazzaError({ errors: ['a', 'b'] }) // { message: 'a; b' }
 */
export function describeShoplazzaError(body: unknown): ProviderErrorDescription {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const fields = body as Record<string, unknown>;
  const result: ProviderErrorDescription = {};
  if (typeof fields['code'] === 'string' && fields['code'] !== '') result.code = fields['code'];

  const messages: string[] = [];
  const errors = fields['errors'];
  if (Array.isArray(errors)) {
    for (const item of errors) if (typeof item === 'string' && item !== '') messages.push(item);
  } else if (typeof errors === 'string' && errors !== '') {
    messages.push(errors);
  }
  for (const key of ['error', 'message'] as const) {
    const value = fields[key];
    if (typeof value === 'string' && value !== '') messages.push(value);
  }
  if (messages.length > 0) result.message = messages.join('; ');
  return result;
}
