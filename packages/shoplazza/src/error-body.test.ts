import { describe, expect, test } from 'vitest';
import { describeShoplazzaError } from './error-body.js';

describe('describeShoplazzaError', () => {
  test.each<[unknown, ReturnType<typeof describeShoplazzaError>]>([
    [{ errors: ['Order not found'] }, { message: 'Order not found' }],
    [{ errors: ['a', 'b', 'c'] }, { message: 'a; b; c' }],
    [{ errors: ['a', 7, '', null, 'b'] }, { message: 'a; b' }],
    [{ errors: 'flat' }, { message: 'flat' }],
    [{ error: 'store is not active' }, { message: 'store is not active' }],
    [
      { code: 'InvalidParameter', message: 'Order id is required.' },
      { code: 'InvalidParameter', message: 'Order id is required.' },
    ],
    [{ code: '', message: '' }, {}],
    [{ code: 5, message: 'x' }, { message: 'x' }],
    [{}, {}],
    [[], {}],
    [null, {}],
    ['Bad Request', {}],
  ])('%j → %j', (body, expected) => {
    expect(describeShoplazzaError(body)).toEqual(expected);
  });
});
