/**
 * `createRefunds` refuses a bad configuration at creation, with a LocalValidationError naming
 * the field, instead of misbehaving at the first refund.
 */
import { LocalValidationError } from '@refundkit/http';
import type { KakacloClient } from '@refundkit/kakaclo';
import { describe, expect, it } from 'vitest';
import { kakacloAdapter } from './adapters/kakaclo/kakaclo-adapter.js';
import { createRefunds, type RefundsOptions } from './refunds.js';

const kakaclo = kakacloAdapter({} as KakacloClient);

function refusal(options: unknown): LocalValidationError {
  try {
    createRefunds(options as RefundsOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(LocalValidationError);
    return error as LocalValidationError;
  }
  throw new Error('createRefunds accepted the options');
}

describe('createRefunds options', () => {
  it('accepts a minimal configuration', () => {
    expect(createRefunds({ providers: { kakaclo } }).capabilities('kakaclo').wholeOrder).toBe(true);
  });

  it.each([
    ['an unknown option', { providers: { kakaclo }, leaseMS: 1000 }, 'leaseMS'],
    ['an unknown provider', { providers: { kakaclo, stripe: kakaclo } }, 'providers.stripe'],
    ['no providers', { providers: {} }, 'providers'],
    ['providers left out', {}, 'providers'],
    ['an adapter under the wrong name', { providers: { keeta: kakaclo } }, 'providers.keeta'],
    ['leaseMs 0', { providers: { kakaclo }, leaseMs: 0 }, 'leaseMs'],
    ['leaseMs negative', { providers: { kakaclo }, leaseMs: -5 }, 'leaseMs'],
    ['leaseMs fractional', { providers: { kakaclo }, leaseMs: 1.5 }, 'leaseMs'],
    ['leaseMs as text', { providers: { kakaclo }, leaseMs: '60000' }, 'leaseMs'],
    [
      'orderLockTimeoutMs NaN',
      { providers: { kakaclo }, orderLockTimeoutMs: NaN },
      'orderLockTimeoutMs',
    ],
    ['inFlightWaitMs negative', { providers: { kakaclo }, inFlightWaitMs: -1 }, 'inFlightWaitMs'],
    ['retentionMs 0', { providers: { kakaclo }, retentionMs: 0 }, 'retentionMs'],
    [
      'lateApplyWindowMs negative',
      { providers: { kakaclo }, lateApplyWindowMs: -1 },
      'lateApplyWindowMs',
    ],
    [
      'reconcileWaitMs as text',
      { providers: { kakaclo }, reconcileWaitMs: '5s' },
      'reconcileWaitMs',
    ],
    [
      'onProvenNotApplied unknown',
      { providers: { kakaclo }, onProvenNotApplied: 'retry' },
      'onProvenNotApplied',
    ],
    [
      'an unknown rate-limited provider',
      { providers: { kakaclo }, rateLimits: { stripe: false } },
      'rateLimits.stripe',
    ],
    [
      'a rate of 0',
      { providers: { kakaclo }, rateLimits: { kakaclo: { ratePerSecond: 0, burst: 1 } } },
      'rateLimits.kakaclo.ratePerSecond',
    ],
    [
      'a fractional burst',
      { providers: { kakaclo }, rateLimits: { kakaclo: { ratePerSecond: 1, burst: 1.5 } } },
      'rateLimits.kakaclo.burst',
    ],
    [
      'an unknown rate key',
      { providers: { kakaclo }, rateLimits: { kakaclo: { ratePerSecond: 1, burst: 1, per: 's' } } },
      'rateLimits.kakaclo.per',
    ],
  ])('refuses %s, naming the field', (_name, options, field) => {
    expect(refusal(options).field).toBe(field);
  });
});
