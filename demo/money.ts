import { currencyDecimals, fromMinorUnits, toMinorUnits } from '@refundkit/http';

/**
 * Exact money for the story's own arithmetic (sums, unit price × quantity): bigint minor
 * units with the ISO 4217 exponent of the currency, decimal strings in and out. Never a float.
 */
function decimalsOf(currency: string): number {
  const decimals = currencyDecimals(currency);
  if (decimals === undefined) throw new RangeError(`not an ISO 4217 currency: ${currency}`);
  return decimals;
}

/** `amount` in minor units (`'12.99'` USD → 1299n). */
export function minor(amount: string, currency: string): bigint {
  return toMinorUnits(amount, decimalsOf(currency));
}

/** Minor units as a decimal string with every decimal of the currency (1299n → `'12.99'`). */
export function decimal(units: bigint, currency: string): string {
  return fromMinorUnits(units, decimalsOf(currency));
}

/** The exact sum of decimal amounts in one currency. */
export function sum(amounts: readonly string[], currency: string): string {
  return decimal(
    amounts.reduce((total, amount) => total + minor(amount, currency), 0n),
    currency,
  );
}

/** Unit price × quantity, exactly. */
export function times(unitPrice: string, quantity: number, currency: string): string {
  return decimal(minor(unitPrice, currency) * BigInt(quantity), currency);
}
