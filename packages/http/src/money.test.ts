import { describe, expect, it } from 'vitest';
import {
  currencyDecimals,
  decimalPlaces,
  fromMinorUnits,
  isDecimalString,
  toMinorUnits,
} from './money.js';

describe('money', () => {
  it('takes ISO 4217 minor units, not CLDR display digits: HUF 2, IDR 2, COP 2, IQD 3', () => {
    // Intl.NumberFormat says 0 for all four; ISO 4217 says 2, 2, 2, 3.
    expect(['HUF', 'IDR', 'COP', 'IQD'].map(currencyDecimals)).toEqual([2, 2, 2, 3]);
    expect(toMinorUnits('1500.50', currencyDecimals('HUF')!)).toBe(150050n);
    // Funds, metals and test codes have no minor unit in ISO 4217: not money to refund.
    expect(['XAU', 'XXX', 'XTS'].map(currencyDecimals)).toEqual([undefined, undefined, undefined]);
    expect(currencyDecimals('ÜSD')).toBeUndefined();
  });

  it('matches the currency-codes package for every code in the table', async () => {
    const { createRequire } = await import('node:module');
    const codes = createRequire(import.meta.url)('currency-codes') as {
      data: { code: string; digits: number }[];
    };
    const listed = codes.data.filter((entry) => currencyDecimals(entry.code) !== undefined);
    for (const entry of listed)
      expect([entry.code, currencyDecimals(entry.code)]).toEqual([entry.code, entry.digits]);
    // Only the 13 codes ISO gives no minor unit (funds, metals, test codes) are left out.
    const missing = codes.data.filter((entry) => currencyDecimals(entry.code) === undefined);
    expect(missing.map((entry) => entry.code).sort()).toEqual(
      'XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX'.split(' '),
    );
  });

  it('reads currency exponents: JPY 0, USD 2, KWD 3', () => {
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
