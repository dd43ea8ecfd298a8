/**
 * The one change our generation makes to openapi-typescript's output: `format: int64`
 * integers are typed `number | bigint`, because the clients parse JSON losslessly and an
 * integer beyond 2^53 reaches the caller as a `bigint` (ARCHITECTURE.md, "int64").
 */
import { NULL, NUMBER, tsUnion, type SchemaObject } from 'openapi-typescript';
import ts from 'typescript';

const BIGINT = ts.factory.createKeywordTypeNode(ts.SyntaxKind.BigIntKeyword);

/**
 * openapi-typescript `transform` hook: `number | bigint` for an int64 integer schema,
 * `number | bigint | null` for OpenAPI 3.1's nullable `type: [integer, 'null']`, and
 * `undefined` (openapi-typescript's own type) for everything else.
 *
 * An `enum` or `const` keeps its literal types: openapi-typescript consults this hook for
 * object properties even after it typed them as literals.
 */
export function int64Transform(schema: SchemaObject): ts.TypeNode | undefined {
  const { format, type, enum: values, const: constant } = schema as Record<string, unknown>;
  if (format !== 'int64' || values !== undefined || constant !== undefined) return undefined;
  const types: unknown[] = Array.isArray(type) ? type : [type];
  // A mixed list such as [integer, string] is split by openapi-typescript, which then calls
  // this hook again for the integer alone.
  if (!types.includes('integer') || types.some((t) => t !== 'integer' && t !== 'null')) {
    return undefined;
  }
  return tsUnion(types.includes('null') ? [NUMBER, BIGINT, NULL] : [NUMBER, BIGINT]);
}
