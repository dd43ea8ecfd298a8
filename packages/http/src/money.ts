/**
 * Exact money. Amounts are decimal strings (`"81.00"`) or `bigint` minor units, never a JS
 * `number` with a fraction. A currency's number of decimals comes from `Intl.NumberFormat`
 * (ISO 4217 data shipped with every Node), not from a hand-kept table: JPY 0, USD 2, KWD 3.
 */

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * The number of decimals (minor-unit exponent) of an ISO 4217 currency.
 * @returns `undefined` when the code is not a valid currency code.
 * @example currencyDecimals('KWD') // 3
 */
export function currencyDecimals(currency: string): number | undefined {
  if (!/^[A-Za-z]{3}$/.test(currency)) return undefined;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
  } catch {
    return undefined;
  }
}

/** True when `value` is a non-negative decimal string such as `"81"` or `"81.00"`. */
export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

/** Number of digits after the decimal point of a decimal string (`"81.5"` → 1). */
export function decimalPlaces(value: string): number {
  return DECIMAL.exec(value)?.[2]?.length ?? 0;
}

/**
 * Converts a decimal string to integer minor units, exactly.
 * @throws RangeError when the string is not decimal or has more decimals than `decimals`.
 * @example toMinorUnits('81.5', 2) // 8150n
 */
export function toMinorUnits(value: string, decimals: number): bigint {
  const match = DECIMAL.exec(value);
  if (!match) throw new RangeError(`not a decimal amount: ${JSON.stringify(value)}`);
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) {
    throw new RangeError(`${JSON.stringify(value)} has more than ${decimals} decimals`);
  }
  return BigInt(match[1]! + fraction.padEnd(decimals, '0'));
}

/**
 * Formats integer minor units as a decimal string with exactly `decimals` decimals.
 * @example fromMinorUnits(8150n, 2) // '81.50'
 */
export function fromMinorUnits(minor: bigint, decimals: number): string {
  const sign = minor < 0n ? '-' : '';
  const digits = (minor < 0n ? -minor : minor).toString().padStart(decimals + 1, '0');
  if (decimals === 0) return sign + digits;
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}
