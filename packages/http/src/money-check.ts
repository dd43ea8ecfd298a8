import { describeValue, type InputCheck } from './input-check.js';
import { currencyDecimals, decimalPlaces, isDecimalString } from './money.js';

/**
 * Input checks for money, apart from {@link InputCheck} so that only a client that takes
 * money (Shoplazza) bundles the ISO 4217 table.
 */

/**
 * A non-negative decimal string with no more decimals than the currency allows
 * (`maxDecimals`), e.g. `"81.00"`. Numbers are refused: money never travels as a float.
 * @throws LocalValidationError (`required`, `decimal_string`, `currency_decimals`).
 */
export function checkDecimalAmount(
  check: InputCheck,
  field: string,
  value: unknown,
  maxDecimals: number,
): string {
  check.required(field, value);
  if (!isDecimalString(value)) {
    check.fail(
      field,
      'decimal_string',
      `must be a decimal string such as "10.00", got ${describeValue(value)}`,
    );
  }
  if (decimalPlaces(value) > maxDecimals) {
    check.fail(field, 'currency_decimals', `has more than ${maxDecimals} decimals`);
  }
  return value;
}

/**
 * An ISO 4217 currency code with a minor unit (`USD`, `JPY`, `KWD`; `usd` is read as `USD`).
 * @returns its number of decimals.
 * @throws LocalValidationError (`currency`) for anything else, `XAU` and `XXX` included.
 */
export function checkCurrency(check: InputCheck, field: string, value: unknown): number {
  const decimals = typeof value === 'string' ? currencyDecimals(value) : undefined;
  if (decimals === undefined) {
    check.fail(field, 'currency', `must be an ISO 4217 currency code, got ${describeValue(value)}`);
  }
  return decimals;
}
