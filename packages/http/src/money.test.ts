import { describe, expect, it } from 'vitest';
import {
  currencyDecimals,
  decimalPlaces,
  fromMinorUnits,
  isDecimalString,
  toMinorUnits,
} from './money.js';

describe('money', () => {
  it('reads currency exponents from Intl: JPY 0, USD 2, KWD 3', () => {
    expect([currencyDecimals('JPY'), currencyDecimals('USD'), currencyDecimals('KWD')]).toEqual([
      0, 2, 3,
    ]);
    expect(currencyDecimals('usd')).toBe(2);
    expect(currencyDecimals('US')).toBeUndefined();
    expect(currencyDecimals('1$%')).toBeUndefined();
  });

  it('converts decimal strings to minor units exactly, where float sums are wrong', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toMinorUnits('0.1', 2) + toMinorUnits('0.2', 2)).toBe(toMinorUnits('0.30', 2));
    expect(toMinorUnits('81.5', 2)).toBe(8150n);
    expect(toMinorUnits('12.345', 3)).toBe(12345n);
    expect(toMinorUnits('1500', 0)).toBe(1500n);
    expect(toMinorUnits('99999999999999999.99', 2)).toBe(9999999999999999999n);
  });

  it('refuses more decimals than the currency has, and non-decimals', () => {
    expect(() => toMinorUnits('1.5', 0)).toThrow(RangeError);
    expect(() => toMinorUnits('1e3', 2)).toThrow(RangeError);
    expect(() => toMinorUnits('-1', 2)).toThrow(RangeError);
  });

  it('formats minor units back with exactly the currency decimals', () => {
    expect(fromMinorUnits(8150n, 2)).toBe('81.50');
    expect(fromMinorUnits(5n, 3)).toBe('0.005');
    expect(fromMinorUnits(1500n, 0)).toBe('1500');
    expect(fromMinorUnits(-5n, 2)).toBe('-0.05');
  });

  it('recognises decimal strings', () => {
    expect(['10', '10.00', '0.5'].every(isDecimalString)).toBe(true);
    expect(['', '.5', '10.', '1,00', ' 1', 10, '1e2'].some(isDecimalString)).toBe(false);
    expect(decimalPlaces('1.250')).toBe(3);
    expect(decimalPlaces('7')).toBe(0);
  });
});
