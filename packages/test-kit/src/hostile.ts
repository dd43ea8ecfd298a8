import fc from 'fast-check';

/**
 * fast-check arbitraries for hostile and sloppy input: what a caller's bug, a queue message
 * or an attacker could hand a client method. Shared so every client is tried with the same.
 */

/** Values that break naive checks: holes, NaN, ±Infinity, -0, unsafe integers, lone surrogates. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    2 ** 53 + 2,
    1.5,
    -1,
    0,
    '',
    ' ',
    '\udc00',
    '..',
    '0.1',
    '1e3',
    '10.001',
    null,
    true,
    [],
    {},
    new Date(0),
    new Map(),
    2n ** 64n,
  ),
  fc.constant(withLeadingHole([{}])),
  fc.anything({ withBigInt: true, withNullPrototype: true, withSparseArray: true }),
);

/**
 * An object built from `valid`, with fields replaced by nasty values, dropped, or joined by
 * unknown ones; nested objects and arrays are mutated the same way.
 */
export function mutated(valid: unknown, extraKeys: readonly string[] = []): fc.Arbitrary<unknown> {
  return mutate(valid, extraKeys, 0);
}

function mutate(
  value: unknown,
  extraKeys: readonly string[],
  depth: number,
): fc.Arbitrary<unknown> {
  const replaced = fc.oneof(
    { weight: 1, arbitrary: nastyValue },
    { weight: 4, arbitrary: fc.constant(value) },
  );
  if (depth > 3 || value === null || typeof value !== 'object') return replaced;
  if (Array.isArray(value)) {
    const items = value.map((item) => mutate(item, extraKeys, depth + 1));
    return fc.oneof(
      { weight: 4, arbitrary: fc.tuple(...items) },
      { weight: 1, arbitrary: fc.tuple(...items).map((list) => withLeadingHole(list)) },
      { weight: 1, arbitrary: nastyValue },
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const fields = entries.map(([key, item]) =>
    fc.tuple(
      fc.constant(key),
      // `freq: n` leaves the field out once in n objects.
      fc.option(mutate(item, extraKeys, depth + 1), { freq: 12, nil: undefined }),
    ),
  );
  // An unknown key in about one object in six, so that nested defects still get their turn
  // (one at every level would stop almost every input at the top).
  const extra = fc.oneof(
    { weight: 5, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom(...extraKeys, 'line_item', 'orderItem', '__proto__', 'constructor'),
        nastyValue,
      ),
    },
  );
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(fc.tuple(...fields), extra).map(([kept, added]) => {
        const object: Record<string, unknown> = {};
        for (const [key, item] of kept) if (item !== undefined) object[key] = item;
        if (added)
          Object.defineProperty(object, added[0], {
            value: added[1],
            enumerable: true,
            configurable: true,
            writable: true,
          });
        return object;
      }),
    },
    { weight: 1, arbitrary: nastyValue },
  );
}

/** `[, ...items]`: an array whose index 0 is a hole (not `undefined`: `0 in array` is false). */
function withLeadingHole(items: readonly unknown[]): unknown[] {
  const array: unknown[] = [];
  array.length = items.length + 1;
  items.forEach((item, index) => (array[index + 1] = item));
  return array;
}
