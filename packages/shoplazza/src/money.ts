import { checkDecimalAmount, type InputCheck } from '@refundkit/http';

/**
 * Decimals a money field may have when the order's currency is unknown: 3, the most any ISO
 * 4217 currency uses (KWD, BHD, …). Pass `currency` to the client or the call to be exact.
 */
export const SHOPLAZZA_UNKNOWN_CURRENCY_DECIMALS = 3;

/**
 * An optional money field: absent stays absent, anything given must be a decimal string with
 * at most `decimals` decimals (`null` is refused: the spec types these as strings).
 */
export function optionalAmount(
  check: InputCheck,
  field: string,
  value: unknown,
  decimals: number,
): string | undefined {
  return value === undefined ? undefined : checkDecimalAmount(check, field, value, decimals);
}
