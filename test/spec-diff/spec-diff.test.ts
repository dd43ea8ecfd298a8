/**
 * The spec-diff engine: each fixture pair under `fixtures/<case>/` (base.yaml → head.yaml)
 * yields exactly the listed changes, every change kind of the rules table is exercised, $refs
 * are followed into the position (request or response) of the field using them, and the
 * repo's own specs compare equal to themselves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** The one path of the Keeta spec this file edits. */
interface KeetaSpecShape {
  components: { schemas: { RefundProduct: { properties: { refundCount: { type: string } } } } };
}
import {
  type ChangeKind,
  diffSpecs,
  flattenSchema,
  formatChanges,
  maxSeverity,
  RULES,
  type Severity,
  type SpecChange,
} from '../../tools/spec-diff/index.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const fixtures = join(import.meta.dirname, 'fixtures');

const loadYaml = (file: string): unknown => parse(readFileSync(file, 'utf8'));
const fixture = (name: string) => ({
  base: loadYaml(join(fixtures, name, 'base.yaml')),
  head: loadYaml(join(fixtures, name, 'head.yaml')),
});
const repoSpec = (provider: string) => loadYaml(join(repoRoot, 'specs', provider, 'openapi.yaml'));
const triples = (changes: SpecChange[]) =>
  changes.map(({ kind, severity, location }) => [kind, severity, location]);

/** Fixture → the exact changes it yields, in the engine's order: [kind, severity, location]. */
const EXPECTED: Record<string, [ChangeKind, Severity, string][]> = {
  'operation-added-removed': [
    ['operation-added', 'minor', 'operation'],
    ['operation-removed', 'major', 'operation'],
  ],
  'operation-id-changed': [['operation-id-changed', 'major', 'operation']],
  deprecated: [
    ['deprecated', 'minor', 'operation'],
    ['deprecated', 'minor', 'query parameter page'],
    ['deprecated', 'minor', 'response 200 total'],
  ],
  'parameter-added': [
    ['parameter-added-required', 'major', 'header parameter X-Shop'],
    ['parameter-added-optional', 'minor', 'query parameter cursor'],
  ],
  'parameter-removed-and-required': [
    ['parameter-removed', 'major', 'query parameter limit'],
    ['parameter-made-optional', 'minor', 'query parameter page'],
    ['parameter-made-required', 'major', 'query parameter status'],
  ],
  // components/parameters: the change is reported in both operations using the parameter.
  'parameter-ref-schema': [
    ['request-constraint-tightened', 'major', 'query parameter limit'],
    ['request-type-widened', 'minor', 'query parameter limit'],
    ['request-constraint-tightened', 'major', 'query parameter limit'],
    ['request-type-widened', 'minor', 'query parameter limit'],
  ],
  // A new object field is reported once, not with each of its own fields.
  'request-field-added': [
    ['request-field-added-required', 'major', 'request body amount'],
    ['request-field-added-optional', 'minor', 'request body items'],
    ['request-field-added-optional', 'minor', 'request body note'],
  ],
  'request-field-removed': [
    ['request-field-removed', 'major', 'request body items[].quantity'],
    ['request-field-removed', 'major', 'request body note'],
  ],
  'request-field-required': [
    ['request-field-made-required', 'major', 'request body'],
    ['request-field-made-optional', 'minor', 'request body a'],
    ['request-field-made-required', 'major', 'request body b'],
  ],
  'response-field-added-removed': [
    ['response-field-added', 'minor', 'response 200 amount'],
    ['response-field-added', 'minor', 'response 200 createdAt'],
    ['response-field-removed', 'major', 'response 200 legacy'],
  ],
  'response-field-required': [
    ['response-field-made-optional', 'major', 'response 200 id'],
    ['response-field-made-required', 'minor', 'response 200 status'],
  ],
  'type-changed': [
    ['request-type-widened', 'minor', 'request body amount'], // integer → number
    ['type-changed', 'major', 'request body count'], // integer → string
    ['request-type-widened', 'minor', 'request body note'], // string → string | null
    ['type-changed', 'major', 'response 200 id'], // string → string | null
    ['response-type-narrowed', 'minor', 'response 200 refundedAt'], // string | null → string
  ],
  'format-changed': [
    ['format-changed', 'major', 'request body orderId'],
    ['format-changed', 'major', 'response 200 createdAt'],
  ],
  'request-enum-values': [
    ['request-enum-value-added', 'minor', 'request body reason'],
    ['request-enum-value-removed', 'major', 'request body reason'],
  ],
  'response-enum-values': [
    ['response-enum-value-removed', 'minor', 'response 200 channel'],
    ['response-enum-value-added', 'major', 'response 200 status'],
  ],
  'shared-component-enum-removed': [
    ['type-changed', 'major', 'request body amount'],
    ['request-enum-value-removed', 'major', 'request body status'],
    ['type-changed', 'major', 'response 200 amount'],
    ['response-enum-value-removed', 'minor', 'response 200 status'],
  ],
  'shared-component-enum-added': [
    ['request-enum-value-added', 'minor', 'request body status'],
    ['response-enum-value-added', 'major', 'response 200 status'],
  ],
  'request-constraints': [
    ['request-constraint-tightened', 'major', 'request body amount'], // pattern added
    ['request-constraint-tightened', 'major', 'request body code'], // pattern changed
    ['request-constraint-tightened', 'major', 'request body note'], // maxLength 200 → 100
    ['request-constraint-loosened', 'minor', 'request body quantity'], // minimum 1 → 0
    ['request-constraint-tightened', 'major', 'request body reason'], // enum introduced
    ['request-constraint-loosened', 'minor', 'request body tags'], // maxItems dropped
  ],
  'response-constraints': [
    ['response-constraint-loosened', 'major', 'response 200 code'], // pattern changed
    ['response-constraint-tightened', 'patch', 'response 200 id'], // maxLength 64 → 32
    ['response-constraint-loosened', 'major', 'response 200 ref'], // maxLength 32 → 64
    ['response-constraint-loosened', 'major', 'response 200 status'], // enum dropped
  ],
  conditional: [['request-constraint-tightened', 'major', 'request body']],
  // Statuses by $ref to components/responses, '5XX' included.
  'response-status': [
    ['response-status-added', 'minor', 'response 201'],
    ['response-status-removed', 'major', 'response 404'],
    ['docs-changed', 'patch', 'response 429'],
    ['response-status-added', 'minor', 'response 5XX'],
  ],
  'response-headers': [
    ['response-field-added', 'minor', 'response 429 header retry-after'],
    ['type-changed', 'major', 'response 429 header x-request-id'],
  ],
  'allof-oneof': [
    ['request-field-added-required', 'major', 'request body sig'],
    ['response-type-narrowed', 'minor', 'response 200 data'], // oneOf null branch dropped
    ['type-changed', 'major', 'response 200 data.refundNo'],
  ],
  'nested-arrays': [
    ['response-field-removed', 'major', 'response 200 data.list[].items[].sku'],
    ['format-changed', 'major', 'response 200 data.list[].refundNo'],
  ],
  'recursive-ref': [
    ['type-changed', 'major', 'response 200 name'],
    ['response-field-added', 'minor', 'response 200 slug'],
  ],
  // An inline schema moved into a component: nothing changed for callers.
  'ref-refactor': [['docs-changed', 'patch', 'document']],
  servers: [
    ['docs-changed', 'patch', 'server https://api.example.com'],
    ['server-added', 'minor', 'server https://eu.example.com'],
    ['server-removed', 'major', 'server https://sandbox.example.com'],
    ['server-changed', 'major', 'server https://{shop}.example.com'],
  ],
  'security-requirements': [
    ['security-requirement-added', 'minor', 'security'],
    ['security-requirement-removed', 'major', 'security'],
    ['security-requirement-added', 'minor', 'security'],
    ['security-requirement-removed', 'major', 'security'],
  ],
  'security-scheme-changed': [
    ['docs-changed', 'patch', 'security scheme apiKey'],
    ['security-scheme-changed', 'major', 'security scheme apiKey'],
  ],
  'docs-changed': [
    ['docs-changed', 'patch', 'info'],
    ['docs-changed', 'patch', 'tags'],
    ['docs-changed', 'patch', 'x-provider-docs'],
    ['docs-changed', 'patch', 'operation'],
    ['docs-changed', 'patch', 'query parameter limit'],
    ['docs-changed', 'patch', 'response 200'],
    ['docs-changed', 'patch', 'response 200 total'],
  ],
  // A parameter's serialisation style is not compared field by field: the safety net fires.
  unclassified: [['unclassified-change', 'major', 'document']],
};

describe('fixtures', () => {
  it('has one expectation per fixture folder', () => {
    expect(readdirSync(fixtures).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('exercises every change kind of the rules table', () => {
    const seen = new Set(Object.values(EXPECTED).flatMap((changes) => changes.map(([k]) => k)));
    expect(Object.keys(RULES).filter((kind) => !seen.has(kind as ChangeKind))).toEqual([]);
  });

  it.each(Object.entries(EXPECTED))('%s', (name, expected) => {
    const { base, head } = fixture(name);
    const changes = diffSpecs(base, head);
    expect(triples(changes)).toEqual(expected);
    for (const change of changes) expect(change.severity).toBe(RULES[change.kind].severity);
  });

  it.each(Object.keys(EXPECTED))('%s: each side against itself gives no change', (name) => {
    const { base, head } = fixture(name);
    expect(diffSpecs(base, structuredClone(base))).toEqual([]);
    expect(diffSpecs(head, structuredClone(head))).toEqual([]);
  });
});

describe('references and positions', () => {
  it('reports a change in a component used in request and response at both fields', () => {
    const { base, head } = fixture('shared-component-enum-removed');
    expect(diffSpecs(base, head).filter((c) => c.location.endsWith('status'))).toEqual([
      {
        kind: 'request-enum-value-removed',
        severity: 'major',
        operation: 'updateRefund',
        location: 'request body status',
        message: 'enum value removed: done',
      },
      {
        kind: 'response-enum-value-removed',
        severity: 'minor',
        operation: 'updateRefund',
        location: 'response 200 status',
        message: 'enum value removed: done',
      },
    ]);
  });

  it('grades an added enum value minor in a request and major in a response', () => {
    const { base, head } = fixture('shared-component-enum-added');
    expect(diffSpecs(base, head).map((c) => [c.location, c.severity, c.message])).toEqual([
      ['request body status', 'minor', 'enum value added: failed'],
      ['response 200 status', 'major', 'enum value added: failed'],
    ]);
  });

  it('follows the real Keeta spec through allOf and array items into both operations', () => {
    const base = repoSpec('keeta') as KeetaSpecShape;
    const head = structuredClone(base);
    head.components.schemas.RefundProduct.properties.refundCount.type = 'string';
    expect(diffSpecs(base, head)).toEqual(
      ['applyPartialRefund', 'previewPartialRefund'].map((operation) => ({
        kind: 'type-changed',
        severity: 'major',
        operation,
        location: 'request body products[].refundCount',
        message: 'type changed from integer to string',
      })),
    );
  });

  it('flattens the real specs: nested arrays, nullable oneOf, type lists', () => {
    const kakaclo = repoSpec('kakaclo');
    const query = flattenSchema(
      kakaclo,
      { $ref: '#/components/schemas/QueryRefundResponse' },
      true,
    );
    expect(query.get('data.list[].refundNo')).toMatchObject({ types: ['string'], required: false });
    expect(query.get('data.list[].refundStatus')?.enum).toEqual([
      'pending_review',
      'refund_successfully',
      'refund_failed',
    ]);
    const refund = flattenSchema(
      kakaclo,
      { $ref: '#/components/schemas/RefundOrderResponse' },
      true,
    );
    expect(refund.get('data')?.types).toEqual(['integer', 'string']);

    const shoplazza = repoSpec('shoplazza');
    const partial = flattenSchema(
      shoplazza,
      { $ref: '#/components/schemas/PartialRefundResponse' },
      true,
    );
    expect(partial.get('Order')?.types).toEqual(['null', 'object']);
    expect(partial.get('Order.Note')?.types).toEqual(['null', 'string']);
    expect(partial.get('Order.ShippingLine.Name')).toMatchObject({ required: true });

    const keeta = repoSpec('keeta');
    const apply = flattenSchema(
      keeta,
      { $ref: '#/components/schemas/PartialRefundApplyRequest' },
      true,
    );
    expect(apply.get('sig')).toMatchObject({
      required: true,
      constraints: { pattern: '^[0-9a-f]{64}$' },
    });
    expect(apply.get('products[].orderProductId')).toMatchObject({
      types: ['integer'],
      format: 'int64',
    });
  });
});

describe('whole specs', () => {
  it.each(['keeta', 'shoplazza', 'kakaclo'])('%s against itself gives no change', (provider) => {
    expect(diffSpecs(repoSpec(provider), repoSpec(provider))).toEqual([]);
  });

  it('lists every operation as added for a new spec, and removed for a deleted one', () => {
    const spec = repoSpec('kakaclo');
    expect(diffSpecs(undefined, spec).map((c) => [c.kind, c.operation, c.message])).toEqual([
      ['operation-added', 'queryRefund', 'GET /openapi/v2/order/orders/refund/{id} added'],
      ['operation-added', 'refundOrder', 'POST /openapi/v2/order/orders/{id}/refund added'],
    ]);
    expect(diffSpecs(spec, undefined).map((c) => [c.kind, c.severity, c.operation])).toEqual([
      ['operation-removed', 'major', 'queryRefund'],
      ['operation-removed', 'major', 'refundOrder'],
    ]);
  });
});

describe('severities and formatting', () => {
  it('takes the more severe of two severities', () => {
    expect(maxSeverity(undefined, 'patch')).toBe('patch');
    expect(maxSeverity('patch', 'minor')).toBe('minor');
    expect(maxSeverity('major', 'minor')).toBe('major');
  });

  it('prints each package with its required bump and one line per change', () => {
    const { base, head } = fixture('request-enum-values');
    expect(
      formatChanges([
        { package: '@refundkit/keeta', changes: diffSpecs(base, head) },
        { package: '@refundkit/kakaclo', changes: [] },
      ]),
    ).toBe(
      [
        '@refundkit/keeta: major',
        '  minor  createRefund  request body reason  enum value added: lost',
        '  major  createRefund  request body reason  enum value removed: other',
        '',
        '@refundkit/kakaclo: no API changes',
      ].join('\n'),
    );
  });
});
