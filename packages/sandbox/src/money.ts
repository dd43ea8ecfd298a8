/**
 * Exact money for the sandbox: amounts are `bigint` minor units, decimals come from
 * `Intl.NumberFormat`. Written here rather than imported from `@refundkit/http` on purpose:
 * the sandbox judges the clients, so it must not share their code.
 */

/** Minor-unit exponent of an ISO 4217 currency (JPY 0, USD 2, KWD 3). */
export function currencyDecimals(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** `"81.5"` in USD → `8150n`; `undefined` when not a decimal or too precise for the currency. */
export function parseAmount(value: string, currency: string): bigint | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
  const decimals = currencyDecimals(currency);
  if (!match || (match[2] ?? '').length > decimals) return undefined;
  return BigInt(match[1]! + (match[2] ?? '').padEnd(decimals, '0'));
}

/** `8150n` in USD → `"81.50"`. */
export function formatAmount(minor: bigint, currency: string): string {
  const decimals = currencyDecimals(currency);
  const digits = minor.toString().padStart(decimals + 1, '0');
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}
