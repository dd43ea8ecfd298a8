import { describe, expect, it } from 'vitest';
import { LocalValidationError } from './errors.js';
import { InputCheck } from './input-check.js';
import { checkCurrency, checkDecimalAmount } from './money-check.js';
import { Redactor } from './redact.js';

const check = new InputCheck({ provider: 'acme', operation: 'refund' });

function rejection(run: () => unknown): LocalValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LocalValidationError);
    return error as LocalValidationError;
  }
  throw new Error('expected a LocalValidationError');
}

describe('InputCheck', () => {
  it('names the field and the rule', () => {
    const error = rejection(() => check.positiveInteger('lines[2].quantity', 0));
    expect(error).toMatchObject({
      field: 'lines[2].quantity',
      rule: 'positive_integer',
      provider: 'acme',
    });
    expect(error.message).toBe('acme refund: lines[2].quantity: must be a positive integer, got 0');
  });

  it.each([0, -1, 1.5, '1', NaN, 2 ** 53])('positiveInteger refuses %s', (value) => {
    rejection(() => check.positiveInteger('q', value));
  });

  it('positiveInt64 accepts number, bigint and digit strings, refuses zero and negatives', () => {
    expect(check.positiveInt64('id', '9223372036854775807')).toBe(9223372036854775807n);
    expect(check.positiveInt64('id', 7n)).toBe(7);
    expect(rejection(() => check.positiveInt64('id', 0)).rule).toBe('positive');
    expect(rejection(() => check.positiveInt64('id', '-4')).rule).toBe('positive');
    expect(rejection(() => check.positiveInt64('id', 2 ** 60)).rule).toBe('int64');
  });

  it.each(['', '.', '..', ' 12', '12\n', 'a\u0000b'])('pathId refuses %j', (value) => {
    expect(rejection(() => check.pathId('orderId', value)).rule).toBe('path_id');
  });

  it('pathId keeps ids that merely need encoding', () => {
    expect(check.pathId('orderId', 'a/b?c')).toBe('a/b?c');
    expect(check.pathId('orderId', 12n)).toBe('12');
  });

  it('decimalAmount refuses floats and too many decimals', () => {
    expect(checkDecimalAmount(check, 'amount', '10.50', 2)).toBe('10.50');
    expect(rejection(() => checkDecimalAmount(check, 'amount', 10.5, 2)).rule).toBe(
      'decimal_string',
    );
    expect(rejection(() => checkDecimalAmount(check, 'amount', '10.505', 2)).rule).toBe(
      'currency_decimals',
    );
    expect(checkDecimalAmount(check, 'amount', '1', 0)).toBe('1');
    expect(rejection(() => checkDecimalAmount(check, 'amount', '1.0', 0)).rule).toBe(
      'currency_decimals',
    );
  });

  it('checks strings, arrays, objects, currencies and enums', () => {
    expect(rejection(() => check.nonEmptyString('reason', '  ')).rule).toBe('non_empty_string');
    expect(rejection(() => check.list('items', [], 1, (item) => item)).rule).toBe('min_items');
    expect(rejection(() => check.list('items', {}, 0, (item) => item)).rule).toBe('array');
    expect(rejection(() => check.object('body', [])).rule).toBe('object');
    expect(checkCurrency(check, 'currency', 'KWD')).toBe(3);
    expect(rejection(() => checkCurrency(check, 'currency', 'XX')).rule).toBe('currency');
    expect(rejection(() => check.oneOf('type', 5, [1, 2])).message).toContain(
      'must be one of 1, 2',
    );
  });
});

describe('InputCheck: presence and scalars', () => {
  it('required, boolean, nonNegativeInteger, optionalString', () => {
    expect(rejection(() => check.required('line_item_id', undefined)).rule).toBe('required');
    expect(rejection(() => checkDecimalAmount(check, 'refund_price', undefined, 2)).rule).toBe(
      'required',
    );
    expect(rejection(() => check.boolean('restock', 'yes')).rule).toBe('boolean');
    expect(check.nonNegativeInteger('n', 0)).toBe(0);
    expect(rejection(() => check.nonNegativeInteger('n', -1)).rule).toBe('non_negative_integer');
    expect(check.optionalString('note', undefined)).toBeUndefined();
    expect(rejection(() => check.optionalString('note', 5)).rule).toBe('string');
  });
});

describe('InputCheck.knownKeys', () => {
  it('refuses a misspelt field, naming its path', () => {
    const body = { orderItems: [] };
    expect(check.knownKeys('body', body, ['orderItems'])).toBe(body);
    const error = rejection(() => check.knownKeys('body', { items: [] }, ['orderItems']));
    expect(error).toMatchObject({ field: 'body.items', rule: 'unknown_field' });
    expect(rejection(() => check.knownKeys('', { x: 1 }, ['y'])).field).toBe('x');
    // undefined never reaches the wire, so it is not an unknown field
    expect(check.knownKeys('', { x: undefined }, ['y'])).toEqual({ x: undefined });
  });

  it('refuses a reserved name the client adds itself, and non-plain objects', () => {
    expect(rejection(() => check.knownKeys('', { sig: 'x' }, ['a'], ['sig']))).toMatchObject({
      field: 'sig',
      rule: 'reserved',
    });
    expect(rejection(() => check.knownKeys('', new Map(), [])).rule).toBe('object');
    expect(rejection(() => check.knownKeys('', [], [])).field).toBe('body');
    expect(check.knownKeys('', Object.create(null) as object, [])).toEqual({});
  });
});

describe('InputCheck.list', () => {
  it('checks every index, holes included (forEach and map skip them)', () => {
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point of the test
    const sparse = [, { a: 1 }];
    expect(rejection(() => check.list('items', sparse, 1, (item) => item))).toMatchObject({
      field: 'items[0]',
      rule: 'required',
    });
    expect(rejection(() => check.list('items', [null], 1, (item) => item)).field).toBe('items[0]');
    expect(rejection(() => check.list('items', [], 1, (item) => item)).rule).toBe('min_items');
    expect(check.list('items', [1, 2], 1, (item, path) => `${path}=${String(item)}`)).toEqual([
      'items[0]=1',
      'items[1]=2',
    ]);
  });
});

describe('InputCheck.pathId', () => {
  it.each([
    ['\udc00', 'a lone surrogate cannot be percent-encoded'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [1.5, 'a fraction'],
    [2 ** 53 + 2, 'a number that already lost precision'],
    [-1, 'a negative number'],
    ['..', 'a dot segment'],
    [' 7', 'surrounding whitespace'],
  ] as [unknown, string][])('refuses %s (%s)', (value) => {
    expect(rejection(() => check.pathId('orderId', value)).field).toBe('orderId');
  });

  it('accepts digit strings, ids with reserved characters (encoded later) and exact numbers', () => {
    expect(check.pathId('orderId', 'a/b?c')).toBe('a/b?c');
    expect(check.pathId('orderId', 42)).toBe('42');
    expect(check.pathId('orderId', 1560897343230267394n)).toBe('1560897343230267394');
  });
});

describe('InputCheck with a redactor', () => {
  it('masks a secret the caller pasted into a field, in the message and the field path', () => {
    const secret = 'tok_live_abcdefgh';
    const masked = new InputCheck({ provider: 'p', operation: 'o' }, new Redactor([secret]));
    const inValue = rejection(() => masked.positiveInteger('quantity', secret));
    expect(inValue.message).not.toContain(secret);
    const inKey = rejection(() => masked.knownKeys('', { [secret]: 1 }, ['a']));
    expect(`${inKey.message} ${inKey.field} ${JSON.stringify(inKey)}`).not.toContain(secret);
  });
});
