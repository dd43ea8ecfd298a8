/**
 * The body the bare contestants send, built from the spec example (and, for Keeta, signed
 * once with `signKeetaRequest`). A client may write the same fields in another key order
 * (e.g. the schema's order rather than the example's); JSON key order is not meaning, but
 * the benchmark wants identical bytes. So before timing, the bare body takes the key order of
 * the body the client actually sent, after proving that both hold the same content. Any
 * difference in content (a value, a missing or extra field, a signature) stops the benchmark.
 */
import { isDeepStrictEqual } from 'node:util';

/** A body as a value (for openapi-fetch to serialise) and as text (for raw fetch). */
export interface WireBody {
  value: Record<string, unknown>;
  text: string;
}

/** A wire body from a value. */
export function wireBody(value: Record<string, unknown>): WireBody {
  return { value, text: JSON.stringify(value) };
}

/** Thrown when the client's body differs from the bare one in more than key order. */
export class BodyContentMismatchError extends Error {}

/** `value` with the key order of `model` at every depth (same content assumed). */
function inKeyOrderOf(value: unknown, model: unknown): unknown {
  if (Array.isArray(value) && Array.isArray(model)) {
    return value.map((item, i): unknown => inKeyOrderOf(item, model[i]));
  }
  if (isPlainObject(value) && isPlainObject(model)) {
    const keys = [...Object.keys(model), ...Object.keys(value).filter((key) => !(key in model))];
    return Object.fromEntries(
      keys.filter((key) => key in value).map((key) => [key, inKeyOrderOf(value[key], model[key])]),
    );
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Gives `wire` the key order of `clientText`, the body the client sent.
 * @returns true when the order changed.
 * @throws BodyContentMismatchError when the content differs.
 */
export function alignKeyOrder(wire: WireBody, clientText: string, what: string): boolean {
  const sent: unknown = JSON.parse(clientText);
  if (!isDeepStrictEqual(sent, wire.value)) {
    throw new BodyContentMismatchError(
      `${what}: the client's body has other content than the bare one:\n` +
        `  client: ${clientText}\n  bare:   ${wire.text}`,
    );
  }
  const aligned = inKeyOrderOf(wire.value, sent) as Record<string, unknown>;
  const text = JSON.stringify(aligned);
  if (text === wire.text) return false;
  wire.value = aligned;
  wire.text = text;
  return true;
}
