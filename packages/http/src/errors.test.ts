import { describe, expect, it } from 'vitest';
import {
  ApiError,
  LocalValidationError,
  OutcomeUnknownError,
  RateLimitError,
  RefundkitError,
  TimeoutError,
} from './errors.js';

const origin = { provider: 'kakaclo', operation: 'refundOrder' };

describe('errors', () => {
  it('all extend RefundkitError and Error, and carry provider and operation', () => {
    const errors = [
      new ApiError({ ...origin, status: 400 }),
      new RateLimitError({ ...origin, status: 429, retryAfterMs: 10 }),
      new TimeoutError(origin, 5),
      new LocalValidationError(origin, 'items', 'min_items', 'must not be empty'),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(RefundkitError);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject(origin);
    }
  });

  it('ApiError message names provider, operation, status, code, message and request id', () => {
    const error = new ApiError({
      ...origin,
      status: 200,
      code: 10001n,
      providerMessage: 'bad',
      requestId: 'r1',
    });
    expect(error.message).toBe(
      'kakaclo refundOrder failed with HTTP 200, code 10001: bad (request id r1)',
    );
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'ApiError',
      code: '10001',
      status: 200,
    });
  });

  it('OutcomeUnknownError keeps its cause out of JSON but in the message', () => {
    const cause = new TimeoutError(origin, 30_000);
    const error = new OutcomeUnknownError(origin, cause);
    expect(error.cause).toBe(cause);
    expect(error.message).toContain('may have been applied');
    expect(error.message).toContain('no answer within 30000 ms');
    expect(Object.keys(JSON.parse(JSON.stringify(error)) as object)).not.toContain('cause');
  });
});

describe('errors serialise', () => {
  it('JSON.stringify works when the body holds bigint ids at any depth', () => {
    const error = new ApiError({
      ...origin,
      status: 404,
      body: { data: { list: [{ refundNo: 2n ** 62n }] } },
    });
    expect((JSON.parse(JSON.stringify(error)) as { body: unknown }).body).toEqual({
      data: { list: [{ refundNo: String(2n ** 62n) }] },
    });
  });
});
