/**
 * Exact money for the sandbox: amounts are `bigint` minor units, exponents are ISO 4217's
 * minor units (`iso4217.ts`, generated from the `currency-codes` package), never `Intl`'s
 * display digits (CLDR shows HUF, IDR, COP and IQD with 0 decimals; ISO says 2, 2, 2 and 3). Written here rather than imported from `@refundkit/http` on purpose: the sandbox
 * judges the clients, so it must not share their code.
 */
import { ISO4217_CODES_BY_EXPONENT } from './iso4217.js';

let exponents: Map<string, number> | undefined;

/** The code → exponent map, built on first use. */
function exponentTable(): Map<string, number> {
  if (!exponents) {
    exponents = new Map();
    for (const [exponent, codes] of Object.entries(ISO4217_CODES_BY_EXPONENT)) {
      for (const code of codes.split(' ')) exponents.set(code, Number(exponent));
    }
  }
  return exponents;
}

/**
 * Minor-unit exponent of an ISO 4217 currency (JPY 0, USD 2, KWD 3, CLF 4).
 * @throws TypeError for a code ISO 4217 does not list with a minor unit: never a guess.
 */
export function currencyDecimals(currency: string): number {
  const exponent = exponentTable().get(currency);
  if (exponent === undefined) {
    throw new TypeError(`unknown currency "${currency}": not an ISO 4217 code with a minor unit`);
  }
  return exponent;
}

/** `"81.5"` in USD → `8150n`; `undefined` when not a decimal or too precise for the currency. */
export function parseAmount(value: string, currency: string): bigint | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
  const decimals = currencyDecimals(currency);
  if (!match) return undefined;
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > decimals) return undefined;
  return BigInt(whole + fraction.padEnd(decimals, '0'));
}

/**
 * {@link parseAmount} of an amount checked before (a stored order's price, say).
 * @throws TypeError when it is not one: a sandbox bug, never a client's.
 */
export function toMinor(value: string, currency: string): bigint {
  const minor = parseAmount(value, currency);
  if (minor === undefined) throw new TypeError(`"${value}" is not an amount in ${currency}`);
  return minor;
}

/** `8150n` in USD → `"81.50"`. */
export function formatAmount(minor: bigint, currency: string): string {
  const decimals = currencyDecimals(currency);
  const digits = minor.toString().padStart(decimals + 1, '0');
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}
