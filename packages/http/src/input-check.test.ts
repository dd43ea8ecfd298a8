import { describe, expect, it } from 'vitest';
import { LocalValidationError } from './errors.js';
import { InputCheck } from './input-check.js';

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
    expect(check.decimalAmount('amount', '10.50', 2)).toBe('10.50');
    expect(rejection(() => check.decimalAmount('amount', 10.5, 2)).rule).toBe('decimal_string');
    expect(rejection(() => check.decimalAmount('amount', '10.505', 2)).rule).toBe(
      'currency_decimals',
    );
    expect(check.decimalAmount('amount', '1', 0)).toBe('1');
    expect(rejection(() => check.decimalAmount('amount', '1.0', 0)).rule).toBe('currency_decimals');
  });

  it('checks strings, arrays, objects, currencies and enums', () => {
    expect(rejection(() => check.nonEmptyString('reason', '  ')).rule).toBe('non_empty_string');
    expect(rejection(() => check.array('items', [], 1)).rule).toBe('min_items');
    expect(rejection(() => check.array('items', {})).rule).toBe('array');
    expect(rejection(() => check.object('body', [])).rule).toBe('object');
    expect(check.currency('currency', 'KWD')).toBe(3);
    expect(rejection(() => check.currency('currency', 'XX')).rule).toBe('currency');
    expect(rejection(() => check.oneOf('type', 5, [1, 2])).message).toContain(
      'must be one of 1, 2',
    );
  });
});

describe('InputCheck: presence and scalars', () => {
  it('required, boolean, nonNegativeInteger, optionalString', () => {
    expect(rejection(() => check.required('line_item_id', undefined)).rule).toBe('required');
    expect(rejection(() => check.decimalAmount('refund_price', undefined, 2)).rule).toBe(
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
    expect(check.knownKeys('body', { orderItems: [] }, ['orderItems'])).toBeUndefined();
    const error = rejection(() => check.knownKeys('body', { items: [] }, ['orderItems']));
    expect(error).toMatchObject({ field: 'body.items', rule: 'unknown_field' });
    expect(rejection(() => check.knownKeys('', { x: 1 }, ['y'])).field).toBe('x');
  });
});
