/**
 * Every field a provider page documents is in our spec, at the documented place, with
 * the documented type and required flag (issue 2, acceptance 4).
 *
 * Keeta's pages, the Shoplazza 2022-01 page and the KakaClo page are parsed from
 * `../shared/provider-docs/`. The Shoplazza 2024-07 page lost its tables in rendering and
 * `protocols.md` is prose, so their fields are listed here by hand, next to the text
 * they come from.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type DocumentedField,
  jsonTypeOf,
  keetaFields,
  readPage,
  tableFields,
} from './provider-pages.js';
import {
  deref,
  findField,
  isNullable,
  loadSpec,
  pathParameter,
  requestSchema,
  responseSchema,
  type Schema,
  type Spec,
  typesOf,
} from './spec-walk.js';

const specsDir = resolve(import.meta.dirname, '../../specs');
const keeta = loadSpec(resolve(specsDir, 'keeta/openapi.yaml'));
const shoplazza = loadSpec(resolve(specsDir, 'shoplazza/openapi.yaml'));
const kakaclo = loadSpec(resolve(specsDir, 'kakaclo/openapi.yaml'));

interface Place {
  spec: Spec;
  root: Schema;
  /** Prepended to the documented name, e.g. `Order.` for the Order table. */
  prefix?: string;
  /** Skip the required check (the error tables describe alternative shapes). */
  skipRequired?: string;
}

/** Where a documented type differs from what the page's own description says it is. */
const typeReadings: Record<string, { type: string; why: string }> = {
  'Order.LineItems': {
    type: 'array',
    why: 'the page types it `OrderLineItem` but calls it a "List of items" with example [{...}]',
  },
};

function expectField(place: Place, field: DocumentedField) {
  const path = `${place.prefix ?? ''}${field.name}`;
  const found = findField(place.spec, place.root, path);
  expect(found, `${path} is missing from the spec`).toBeDefined();
  const schema = deref(place.spec, found!.schema);
  const documented = jsonTypeOf(field.type);
  const expectedType = typeReadings[path]?.type ?? documented.type;
  expect(typesOf(place.spec, found!.schema), `${path} admits exactly its documented type`).toEqual([
    expectedType,
  ]);
  if (documented.nullable)
    expect(isNullable(place.spec, found!.schema), `${path} nullable`).toBe(true);
  if (!place.skipRequired) {
    // A page that does not mark a field required has not promised it: it stays optional.
    expect(found!.required, `${path} required`).toBe(field.required ?? false);
  }
  const leaf = path.split('.').pop()!;
  if (expectedType === 'integer' && /^id$|Id$/.test(leaf)) {
    expect(schema.format, `${path} is an integer id`).toBe('int64');
  }
}

function checkFields(fields: DocumentedField[], placeOf: (field: DocumentedField) => Place) {
  for (const field of fields) {
    it(`${field.section ? `${field.section.slice(0, 40)}: ` : ''}${field.name} (${field.type}${field.required ? ', required' : ''})`, () => {
      expectField(placeOf(field), field);
    });
  }
}

describe('Keeta: Initiate a Partial Refund (keeta-initiate-partial-refund.md)', () => {
  const path = '/order/refund/part/apply';
  const fields = keetaFields(readPage('keeta-initiate-partial-refund.md'));
  it('reads all 9 documented fields from the page', () => expect(fields).toHaveLength(9));
  checkFields(fields, (field) => ({
    spec: keeta,
    root:
      field.section === 'Request fields'
        ? requestSchema(keeta, path, 'post')
        : responseSchema(keeta, path, 'post', '200'),
  }));
  it('partRefundType has exactly the documented enum', () => {
    const found = findField(keeta, requestSchema(keeta, path, 'post'), 'partRefundType');
    expect(deref(keeta, found!.schema).enum).toEqual([200000, 200001, 200002, 200003, 200004]);
  });
});

describe('Keeta: Partial Refundable Item Query (keeta-partial-refundable-item-query.md)', () => {
  const path = '/order/refund/part/products/preview';
  const fields = keetaFields(readPage('keeta-partial-refundable-item-query.md'));
  it('reads all 45 documented fields from the page', () => expect(fields).toHaveLength(45));
  checkFields(fields, (field) => ({
    spec: keeta,
    root:
      field.section === 'Request fields'
        ? requestSchema(keeta, path, 'post')
        : responseSchema(keeta, path, 'post', '200'),
  }));
});

describe('Keeta: common body parameters (protocols.md, "Four common parameters")', () => {
  const common: DocumentedField[] = [
    { section: 'protocols.md', name: 'appId', type: 'long', required: true },
    { section: 'protocols.md', name: 'accessToken', type: 'string', required: true },
    { section: 'protocols.md', name: 'timestamp', type: 'int', required: true },
    { section: 'protocols.md', name: 'sig', type: 'string', required: true },
  ];
  for (const path of ['/order/refund/part/apply', '/order/refund/part/products/preview']) {
    describe(path, () => {
      checkFields(common, () => ({ spec: keeta, root: requestSchema(keeta, path, 'post') }));
    });
  }
  it('appId is an int64 id', () => {
    const found = findField(
      keeta,
      requestSchema(keeta, '/order/refund/part/apply', 'post'),
      'appId',
    );
    expect(deref(keeta, found!.schema).format).toBe('int64');
  });
  it('serves https://open.mykeeta.com/api/open', () => {
    expect(keeta.servers?.map((server) => server.url)).toEqual([
      'https://open.mykeeta.com/api/open',
    ]);
  });
});

describe('Shoplazza 2022-01: Partial Order Refund (shoplazza-2022-01-partial-order-refund.md)', () => {
  const path = '/openapi/2022-01/orders/{id}/partial_refund';
  const fields = tableFields(readPage('shoplazza-2022-01-partial-order-refund.md'));
  const success = () => responseSchema(shoplazza, path, 'post', '200');
  const places: Record<string, () => Place> = {
    'Body Parameters': () => ({ spec: shoplazza, root: requestSchema(shoplazza, path, 'post') }),
    'line_items Object Fields:': () => ({
      spec: shoplazza,
      root: requestSchema(shoplazza, path, 'post'),
      prefix: 'line_items.',
    }),
    'Success Response': () => ({ spec: shoplazza, root: success() }),
    'Order Structure': () => ({ spec: shoplazza, root: success(), prefix: 'Order.' }),
    ShippingLine: () => ({ spec: shoplazza, root: success(), prefix: 'Order.ShippingLine.' }),
    Customer: () => ({ spec: shoplazza, root: success(), prefix: 'Order.Customer.' }),
  };
  const errorPlace = (): Place => ({
    spec: shoplazza,
    root: responseSchema(shoplazza, path, 'post', '404'),
    skipRequired: 'a body carries either `errors` or `error`',
  });
  const bodyFields = fields.filter((field) => field.section !== 'Path Parameters');
  it('reads all 74 documented body and response fields from the page', () =>
    expect(bodyFields).toHaveLength(74));
  checkFields(bodyFields, (field) =>
    field.section.startsWith('Error responses') ? errorPlace() : places[field.section]!(),
  );
  it('path parameter id: string, required', () => {
    const id = pathParameter(shoplazza, path, 'post', 'id');
    expect(id?.required).toBe(true);
    expect(typesOf(shoplazza, id!.schema)).toEqual(['string']);
  });
  it('answers the documented error statuses with the documented error body', () => {
    for (const status of ['400', '401', '404', '406']) {
      const body = responseSchema(shoplazza, path, 'post', status);
      expect(findField(shoplazza, body, 'errors'), status).toBeDefined();
      expect(findField(shoplazza, body, 'error'), status).toBeDefined();
    }
  });
});

describe('Shoplazza 2024-07: Order Refund (shoplazza-2024-07-order-refund.md, listed by hand)', () => {
  const path = '/openapi/2024-07/orders/{order_id}/refund';
  const request = () => requestSchema(shoplazza, path, 'post');
  const field = (name: string, type: string, required = false): DocumentedField => ({
    section: 'page',
    name,
    type,
    required,
  });
  describe('request body', () => {
    checkFields(
      [
        field('refund_total', 'string', true),
        field('refund_shipping_total', 'string'),
        field('refund_tip', 'string'),
        field('refund_additional_total', 'string'),
        field('refund_product_total', 'string'),
        field('refund_line_items', 'array'),
        field('refund_payments', 'array'),
        field('refund_additional_prices', 'array'),
        field('note', 'string'),
        // LineItem
        field('refund_line_items.line_item_id', 'string'),
        field('refund_line_items.quantity', 'integer'),
        field('refund_line_items.waiting_ship_quantity', 'integer'),
        field('refund_line_items.return_inventory', 'boolean'),
        // RefundAdditionalPrices
        field('refund_additional_prices.name', 'string'),
        field('refund_additional_prices.price', 'string'),
        // RefundPayment
        field('refund_payments.payment_line_id', 'string'),
        field('refund_payments.refund_price', 'string'),
      ],
      () => ({ spec: shoplazza, root: request() }),
    );
  });
  describe('200 response', () => {
    checkFields(
      [
        field('code', 'string'),
        field('message', 'string'),
        field('data', 'object'),
        field('data.refund_record_id', 'string'),
        field('data.post_sale_id', 'string'),
      ],
      () => ({ spec: shoplazza, root: responseSchema(shoplazza, path, 'post', '200') }),
    );
  });
  describe('error body (400, 401)', () => {
    for (const status of ['400', '401']) {
      checkFields([field('code', 'string'), field('message', 'string')], () => ({
        spec: shoplazza,
        root: responseSchema(shoplazza, path, 'post', status),
        skipRequired: 'the page does not say',
      }));
    }
  });
  it('path parameter order_id: string, required', () => {
    const orderId = pathParameter(shoplazza, path, 'post', 'order_id');
    expect(orderId?.required).toBe(true);
    expect(typesOf(shoplazza, orderId!.schema)).toEqual(['string']);
  });
});

describe('Shoplazza: server and security (protocols.md)', () => {
  it('serves https://{shop}.myshoplaza.com with a shop variable', () => {
    expect(shoplazza.servers?.[0]?.url).toBe('https://{shop}.myshoplaza.com');
    expect(shoplazza.servers?.[0]?.variables).toHaveProperty('shop');
  });
  it('authenticates with the access-token header', () => {
    const schemes = Object.values(shoplazza.components?.securitySchemes ?? {});
    expect(schemes).toContainEqual(
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'access-token' }),
    );
  });
});

describe('KakaClo: Refund Order (kakaclo-refund-order.md)', () => {
  const path = '/openapi/v2/order/orders/{id}/refund';
  const fields = tableFields(readPage('kakaclo-refund-order.md'));
  // The page's table is flat; its examples (and provider-docs/README.md) nest the item
  // fields in an `orderItems` array.
  const itemFields = new Set(['itemId', 'skuCode', 'quantity', 'countryCode']);
  it('reads all 6 documented fields from the page', () => expect(fields).toHaveLength(6));
  checkFields(fields, (field) => ({
    spec: kakaclo,
    root: requestSchema(kakaclo, path, 'post'),
    prefix: itemFields.has(field.name) ? 'orderItems.' : '',
  }));
  it('orderItems is an optional array (leaving it out refunds the whole order)', () => {
    const found = findField(kakaclo, requestSchema(kakaclo, path, 'post'), 'orderItems');
    expect(found?.required).toBe(false);
    expect(typesOf(kakaclo, found!.schema)).toEqual(['array']);
  });
  it('answers the {code, message, data} envelope', () => {
    const body = responseSchema(kakaclo, path, 'post', '200');
    for (const name of ['code', 'message', 'data'])
      expect(findField(kakaclo, body, name), name).toBeDefined();
  });
  it('authenticates with a bearer token', () => {
    const schemes = Object.values(kakaclo.components?.securitySchemes ?? {});
    expect(schemes).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  });
});

describe('KakaClo: Query Refund (protocols.md, "Query refund")', () => {
  const path = '/openapi/v2/order/orders/refund/{id}';
  const field = (name: string, type: string): DocumentedField => ({
    section: 'protocols.md',
    name,
    type,
    required: undefined,
  });
  checkFields(
    [
      field('code', 'integer'),
      field('message', 'string'),
      field('data', 'object'),
      field('data.total', 'integer'),
      field('data.pageNumber', 'integer'),
      field('data.pageSize', 'integer'),
      field('data.list', 'array'),
      field('data.list.refundNo', 'string'),
      field('data.list.refundStatus', 'string'),
      field('data.list.id', 'string'),
      field('data.list.remark', 'string'),
    ],
    () => ({
      spec: kakaclo,
      root: responseSchema(kakaclo, path, 'get', '200'),
      skipRequired: 'protocols.md does not say which fields are always present',
    }),
  );
  it('refundStatus has exactly the three documented values', () => {
    const found = findField(
      kakaclo,
      responseSchema(kakaclo, path, 'get', '200'),
      'data.list.refundStatus',
    );
    expect(deref(kakaclo, found!.schema).enum).toEqual([
      'pending_review',
      'refund_successfully',
      'refund_failed',
    ]);
  });
});
