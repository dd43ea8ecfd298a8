/**
 * `pnpm generate`'s one departure from plain openapi-typescript: `format: int64` integers are
 * typed `number | bigint` (the clients parse JSON losslessly, so a large one arrives as a
 * bigint), nullability and enum literals survive, and nothing else changes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { GENERATED_HEADER, generateTypes } from '../../tools/generate/openapi-types.ts';

const int64 = { type: 'integer', format: 'int64' } as const;

const spec = {
  openapi: '3.1.0',
  info: { title: 'int64 fixture', version: '1.0.0' },
  paths: {
    '/orders/{orderId}': {
      get: {
        operationId: 'getOrder',
        parameters: [{ name: 'orderId', in: 'path', required: true, schema: int64 }],
        responses: {
          '200': {
            description: 'The order.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      OrderId: int64,
      Order: {
        type: 'object',
        required: ['id'],
        properties: {
          id: int64,
          parentId: { type: ['integer', 'null'], format: 'int64' },
          quantity: { type: 'integer', format: 'int32' },
          count: { type: 'integer' },
          flag: { ...int64, enum: [0, 1] },
          lineIds: { type: 'array', items: int64 },
        },
      },
    },
  },
};

let dir: string;
let text: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'refundkit-int64-'));
  writeFileSync(join(dir, 'spec.yaml'), stringify(spec));
  writeFileSync(
    join(dir, 'redocly.yaml'),
    stringify({
      extends: [],
      apis: { fixture: { root: './spec.yaml', 'x-openapi-ts': { output: './out/openapi.ts' } } },
    }),
  );
  const [file] = await generateTypes(join(dir, 'redocly.yaml'));
  expect(file?.path).toBe(join(dir, 'out/openapi.ts'));
  text = file!.text;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('int64 types', () => {
  it('types an int64 property, schema, array item and path parameter as number | bigint', () => {
    expect(text).toContain('id: number | bigint;');
    expect(text).toContain('OrderId: number | bigint;');
    expect(text).toContain('lineIds?: (number | bigint)[];');
    expect(text).toContain('orderId: number | bigint;');
  });

  it('keeps the null of type: [integer, "null"]', () => {
    expect(text).toContain('parentId?: number | bigint | null;');
  });

  it('leaves other integers and enum literals alone', () => {
    expect(text).toContain('quantity?: number;');
    expect(text).toContain('count?: number;');
    expect(text).toContain('flag?: 0 | 1;');
  });

  it('starts with the header naming the generator', () => {
    expect(text.startsWith(GENERATED_HEADER)).toBe(true);
    expect(GENERATED_HEADER).toContain('tools/generate.ts');
  });

  it('is deterministic: a second run gives the same bytes', async () => {
    const [again] = await generateTypes(join(dir, 'redocly.yaml'));
    expect(again?.text).toBe(text);
  });
});
