import {
  checkCurrency,
  checkDecimalAmount,
  currencyDecimals,
  fromMinorUnits,
  toMinorUnits,
  type InputCheck,
} from '@refundkit/http';

/**
 * Money, the one representation refund-core uses everywhere: an ISO 4217 code and an exact
 * decimal string in that currency's major unit. Never a JS `number`.
 *
 * `amount` may have fewer decimals than the currency's exponent (`'81'` is `'81.00'` USD)
 * but never more (`'1.001'` USD is refused, `'1.5'` JPY is refused). Results always carry the
 * full exponent (`'81.00'`, `'7.000'` KWD).
 *
 * @example { currency: 'USD', amount: '81.00' }
 */
export interface Money {
  /** ISO 4217 alphabetic code with a minor unit (`USD`, `JPY`, `KWD`); upper case. */
  readonly currency: string;
  /** Non-negative decimal string, at most the currency's decimals (`'81.00'`). */
  readonly amount: string;
}

/** Money checked and normalised: upper-case currency, minor units, the exponent. */
export interface ExactMoney {
  readonly currency: string;
  readonly minor: bigint;
  readonly decimals: number;
}

/**
 * Checks a {@link Money} value.
 * @throws LocalValidationError naming `field.currency` or `field.amount`.
 */
export function checkMoney(check: InputCheck, field: string, value: unknown): ExactMoney {
  const money = check.knownKeys(field, value, ['currency', 'amount']);
  const decimals = checkCurrency(check, `${field}.currency`, money['currency']);
  const amount = checkDecimalAmount(check, `${field}.amount`, money['amount'], decimals);
  return {
    currency: (money['currency'] as string).toUpperCase(),
    minor: toMinorUnits(amount, decimals),
    decimals,
  };
}

/** The {@link Money} of exact money, with every decimal of its currency (`'81.00'`). */
export function formatMoney(money: ExactMoney): Money {
  return { currency: money.currency, amount: fromMinorUnits(money.minor, money.decimals) };
}

/**
 * The exact form of money that {@link checkMoney} already accepted (a normalised request).
 * @throws RangeError for a currency without an ISO 4217 minor unit (never, after the check).
 */
export function exact(money: Money): ExactMoney {
  const decimals = currencyDecimals(money.currency);
  if (decimals === undefined) throw new RangeError(`not an ISO 4217 currency: ${money.currency}`);
  return { currency: money.currency, minor: toMinorUnits(money.amount, decimals), decimals };
}
