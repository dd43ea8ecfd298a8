/**
 * JSON that keeps 64-bit integers exact, with V8's own parser. `JSON.parse` rounds integers
 * above 2^53 (KakaClo refund numbers are 19 digits; Keeta ids are int64); since Node 22 a
 * reviver receives each primitive's source text (`context.source`), and `JSON.rawJSON`
 * writes digits verbatim, so no JSON library is needed.
 *
 * The choice, in one line: an integer that fits a double exactly is a `number`, a larger one
 * is a `bigint`, and a `bigint` is written back as plain digits. Fractions are `number`
 * (money in these APIs travels as decimal strings, never as JSON fractions).
 */

/** `JSON.rawJSON` and the reviver's third argument: ES2026, in V8 since Node 22. */
interface JsonWithSource {
  parse(
    text: string,
    reviver: (
      this: unknown,
      key: string,
      value: unknown,
      context: { source?: string } | undefined,
    ) => unknown,
  ): unknown;
  rawJSON(text: string): unknown;
}
const nativeJson = JSON as unknown as JsonWithSource;

/**
 * A bare number of sixteen digits or more (the shortest integer that can exceed 2^53 − 1):
 * in JSON a number starts the text or follows `:`, `[` or `,`. Text without one cannot hold
 * an unsafe integer, so it is parsed without a reviver, which V8 runs several times faster;
 * a 19-digit id sent as a string (KakaClo's) does not match. A false match (such digits
 * after a colon inside a string) only costs the slower, still exact, path.
 */
const LONG_DIGIT_RUN = /(?:^|[:[,])\s*-?\d{16}/;
const INTEGER_SOURCE = /^-?\d+$/;

function reviveLongIntegers(
  _key: string,
  value: unknown,
  context: { source?: string } | undefined,
): unknown {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    if (context === undefined) {
      // An engine without JSON.parse source text (before V8 11.4 / Node 22): the digits of
      // this number are already lost, and guessing would be worse than refusing.
      throw new TypeError(
        'this JavaScript engine cannot read integers above 2^53 exactly (JSON.parse source text is missing); use Node 22 or later',
      );
    }
    const source = context.source;
    if (source !== undefined && INTEGER_SOURCE.test(source)) return BigInt(source);
  }
  return value;
}

/**
 * Parses JSON text; integers beyond ±(2^53 − 1) become `bigint`.
 * @throws SyntaxError when the text is not JSON.
 * @example parseJson('{"refundNo":1560897343230267394}') // { refundNo: 1560897343230267394n }
 */
export function parseJson(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text) as unknown;
  return nativeJson.parse(text, reviveLongIntegers);
}

function writeBigInts(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? nativeJson.rawJSON(value.toString()) : value;
}

/** `JSON.stringify` as it really is: `undefined` for `undefined`, a function or a symbol. */
const stringify = JSON.stringify as (
  value: unknown,
  replacer?: (key: string, value: unknown) => unknown,
) => string | undefined;

/**
 * Serialises to compact JSON; `bigint` values are written as plain integer digits.
 * @throws TypeError when the value has no JSON form (`undefined`, a function).
 * @example stringifyJson({ id: 2n ** 63n - 1n }) // '{"id":9223372036854775807}'
 */
export function stringifyJson(value: unknown): string {
  let text: string | undefined;
  try {
    // Most bodies hold no bigint, and a replacer makes JSON.stringify about three times
    // slower; without one it throws a TypeError at the first bigint, and only then is the
    // replacer used. The text is the same either way (Keeta signs it).
    text = stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    text = stringify(value, writeBigInts);
  }
  if (text === undefined) throw new TypeError('value cannot be serialised as JSON');
  return text;
}
