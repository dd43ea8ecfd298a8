import codes from 'currency-codes';
import { describe, expect, it } from 'vitest';
import { ISO4217_CODES_BY_EXPONENT } from './iso4217.js';
import { currencyDecimals, formatAmount, parseAmount } from './money.js';
import { startSandbox } from './start.js';

/** The codes ISO 4217 gives no minor unit ("N.A."): funds, metals, test and "no currency". */
const WITHOUT_MINOR_UNIT = 13;

describe('currency exponents come from ISO 4217 (currency-codes), not Intl', () => {
  it('every table entry equals the package digits, and only the N.A. codes are left out', () => {
    const table = Object.entries(ISO4217_CODES_BY_EXPONENT).flatMap(([exponent, list]) =>
      list.split(' ').map((code) => [code, Number(exponent)] as const),
    );
    for (const [code, exponent] of table) {
      expect([code, codes.code(code)?.digits]).toEqual([code, exponent]);
      expect(currencyDecimals(code)).toBe(exponent);
    }
    expect(table).toHaveLength(codes.codes().length - WITHOUT_MINOR_UNIT);
  });

  it('HUF, IDR and COP have 2 decimals (Intl says 0), IQD has 3', () => {
    expect(parseAmount('1500.50', 'HUF')).toBe(150050n);
    expect(formatAmount(150050n, 'HUF')).toBe('1500.50');
    expect(currencyDecimals('IDR')).toBe(2);
    expect(currencyDecimals('COP')).toBe(2);
    expect(currencyDecimals('IQD')).toBe(3);
    expect(parseAmount('1.250', 'IQD')).toBe(1250n);
    expect(parseAmount('1.2500', 'IQD')).toBeUndefined();
  });

  it('an unknown code is refused, never given 2 decimals', () => {
    expect(() => currencyDecimals('XYZ')).toThrow(
      'unknown currency "XYZ": not an ISO 4217 code with a minor unit',
    );
    expect(() => currencyDecimals('XAU')).toThrow('unknown currency "XAU"');
    expect(() => currencyDecimals('usd')).toThrow('unknown currency "usd"');
  });

  it('an HUF order priced "1500.50" is served and refunded exactly', async () => {
    const sandbox = await startSandbox({
      seed: {
        kakaclo: {
          orders: [
            {
              id: '1',
              currency: 'HUF',
              shipped: false,
              items: [
                { itemId: 'a', skuCode: 'S', countryCode: 'CN', quantity: 1, unitPrice: '1500.50' },
              ],
            },
          ],
        },
      },
    });
    try {
      const response = await fetch(`${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/1/refund`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sandbox.credentials.kakaclo.accessToken}` },
      });
      expect(((await response.json()) as { code: number }).code).toBe(10000);
      expect(sandbox.ledger()).toMatchObject([{ amount: '1500.50', amountMinor: '150050' }]);
    } finally {
      await sandbox.close();
    }
  });

  it('a seed with an unknown currency fails at start, naming the field', async () => {
    await expect(
      startSandbox({
        seed: {
          kakaclo: {
            orders: [
              {
                id: '1',
                currency: 'ABC',
                shipped: false,
                items: [
                  { itemId: 'a', skuCode: 'S', countryCode: 'CN', quantity: 1, unitPrice: '1.00' },
                ],
              },
            ],
          },
        },
      }),
    ).rejects.toThrow(
      'kakaclo.orders[0].currency: must be an ISO 4217 code with a minor unit, such as "USD"; got "ABC"',
    );
  });
});
