/** `JSON.rawJSON` and the reviver's source text: in V8 since Node 22 (`engines`). */
interface JsonWithSource {
  parse(
    text: string,
    reviver: (key: string, value: unknown, context: { source?: string } | undefined) => unknown,
  ): unknown;
  rawJSON(text: string): unknown;
}
const nativeJson = JSON as unknown as JsonWithSource;
const INTEGER_SOURCE = /^-?\d+$/;

/**
 * Deepest nesting of arrays and objects a request body may have. Real refund bodies nest 3
 * levels; the bound keeps every recursive walk (validation, signing, the ledger's copy) far
 * from the stack limit.
 */
export const MAX_JSON_DEPTH = 32;

/** Thrown by {@link parseJson} for a body nested deeper than {@link MAX_JSON_DEPTH}. */
export class JsonTooDeep extends Error {
  constructor() {
    super(`nests deeper than ${MAX_JSON_DEPTH} levels (the sandbox limit)`);
  }
}

/**
 * Parses JSON keeping integers beyond 2^53 exact (as `bigint`), like a provider's Java/Go
 * stack would.
 * @throws JsonTooDeep before parsing when the text nests deeper than {@link MAX_JSON_DEPTH};
 *   SyntaxError when it is not JSON.
 */
export function parseJson(text: string): unknown {
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw new JsonTooDeep();
  return nativeJson.parse(text, (_key, value, context) => {
    if (typeof value !== 'number' || Number.isSafeInteger(value)) return value;
    const source = context?.source;
    if (source === undefined) throw new TypeError('JSON.parse source text is missing (Node 22+)');
    return INTEGER_SOURCE.test(source) ? BigInt(source) : value;
  });
}

/** Deepest `[`/`{` nesting of a JSON text, in one pass without recursion (strings skipped). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Serialises JSON, writing `bigint` as plain digits. */
export function stringifyJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? nativeJson.rawJSON(item.toString()) : item,
  ) as string | undefined;
  return text ?? 'null';
}

/** A deep copy in which every `bigint` is replaced by `convert(value)`. */
export function mapBigInts(value: unknown, convert: (value: bigint) => unknown): unknown {
  if (typeof value === 'bigint') return convert(value);
  if (Array.isArray(value)) return value.map((item) => mapBigInts(item, convert));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapBigInts(v, convert)]));
  }
  return value;
}
