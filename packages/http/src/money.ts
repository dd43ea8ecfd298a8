import { ISO4217_CODES_BY_EXPONENT } from './iso4217.js';

/**
 * Exact money. Amounts are decimal strings (`"81.00"`) or `bigint` minor units, never a JS
 * `number` with a fraction. A currency's number of decimals is its ISO 4217 minor unit
 * (JPY 0, USD 2, HUF 2, KWD 3), from the table generated out of the `currency-codes`
 * package (`iso4217.ts`). Not `Intl.NumberFormat`: that gives CLDR display digits, 0 for
 * HUF, IDR, COP and IQD, which would put refunds off by 100× or 1000×.
 */

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * The number of decimals (minor-unit exponent) of an ISO 4217 currency, by its upper-case
 * alphabetic code (`usd` is read as `USD`).
 * @returns `undefined` for a code ISO 4217 does not list with a minor unit (`XAU`, `ABC`).
 * @example currencyDecimals('KWD') // 3
 */
export function currencyDecimals(currency: string): number | undefined {
  // ISO codes are upper case; `usd` is accepted as Stripe users write it. Anything but three
  // ASCII letters is refused before upper-casing (no Unicode case mapping surprises).
  if (!/^[A-Za-z]{3}$/.test(currency)) return undefined;
  return exponents().get(currency.toUpperCase());
}

let byCode: Map<string, number> | undefined;

/** The table as a map, built on first use (so importing the module costs nothing). */
function exponents(): Map<string, number> {
  if (byCode === undefined) {
    byCode = new Map();
    for (const [exponent, codes] of Object.entries(ISO4217_CODES_BY_EXPONENT)) {
      for (const code of codes.split(' ')) byCode.set(code, Number(exponent));
    }
  }
  return byCode;
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
  const [, units = ''] = match;
  return BigInt(units + fraction.padEnd(decimals, '0'));
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
