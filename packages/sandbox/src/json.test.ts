import { describe, expect, it } from 'vitest';
import { JsonTooDeep, MAX_JSON_DEPTH, nestingDepth, parseJson } from './json.js';

describe('nestingDepth', () => {
  it('counts arrays and objects, not brackets inside strings (escapes included)', () => {
    expect(nestingDepth('1')).toBe(0);
    expect(nestingDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(nestingDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(nestingDepth('["\\"[[[", []]')).toBe(2);
    expect(nestingDepth('[][][]')).toBe(1);
  });
});

describe('parseJson', () => {
  it(`refuses more than ${MAX_JSON_DEPTH} levels before parsing, and parses up to it`, () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    expect(() => parseJson(nested(MAX_JSON_DEPTH + 1))).toThrow(JsonTooDeep);
    expect(() => parseJson(nested(100_000))).toThrow(
      `nests deeper than ${MAX_JSON_DEPTH} levels (the sandbox limit)`,
    );
    expect(parseJson(nested(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
  });

  it('keeps integers beyond 2^53 exact', () => {
    expect(parseJson('{"id":1560897343230267394}')).toEqual({ id: 1560897343230267394n });
  });
});
