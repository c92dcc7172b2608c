import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PermanentDeliveryError, RetriableDeliveryError } from './deliveryErrors';
import { defaultRetryPolicy, nextStep, retryDelayMs, retryPolicySchema } from './retryPolicy';

const top = () => 0.999_999_999;

describe('retryDelayMs', () => {
  it('doubles the ceiling from the first delay and stops at maxDelayMs', () => {
    const ceilings = [1, 2, 3, 4, 8, 9, 20].map((attempt) => retryDelayMs(defaultRetryPolicy, attempt, undefined, top));
    expect(ceilings).toEqual([2_000, 4_000, 8_000, 16_000, 256_000, 300_000, 300_000]);
  });

  it('draws a full jitter: zero at the bottom, half the ceiling in the middle', () => {
    expect(retryDelayMs(defaultRetryPolicy, 3, undefined, () => 0)).toBe(0);
    expect(retryDelayMs(defaultRetryPolicy, 3, undefined, () => 0.5)).toBe(4_000);
  });

  it('waits at least the Retry-After, cut to maxRetryAfterMs', () => {
    expect(retryDelayMs(defaultRetryPolicy, 1, 30_000, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(defaultRetryPolicy, 1, 500, () => 0.5)).toBe(1_000);
    expect(retryDelayMs(defaultRetryPolicy, 1, 86_400_000, () => 0)).toBe(3_600_000);
  });

  it('stays within [Retry-After, max(ceiling, Retry-After)] for any attempt and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: undefined }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 100_000 }),
        (attempt, retryAfterMs, draw, firstDelayMs) => {
          const policy = retryPolicySchema.parse({ firstDelayMs });
          const delay = retryDelayMs(policy, attempt, retryAfterMs, () => draw);
          const ceiling = Math.min(policy.maxDelayMs, firstDelayMs * 2 ** (attempt - 1));
          const floor = Math.min(retryAfterMs ?? 0, policy.maxRetryAfterMs);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(floor);
          expect(delay).toBeLessThanOrEqual(Math.max(ceiling, floor));
        },
      ),
    );
  });
});

describe('nextStep', () => {
  const policy = retryPolicySchema.parse({ firstDelayMs: 100, maxAttempts: 3 });

  it('retries a retriable error until the last attempt, then fails', () => {
    const error = new RetriableDeliveryError('HTTP 503');
    expect(nextStep(policy, 1, error, () => 0.5)).toEqual({ kind: 'retry', delayMs: 50 });
    expect(nextStep(policy, 2, error, () => 0.5)).toEqual({ kind: 'retry', delayMs: 100 });
    expect(nextStep(policy, 3, error, () => 0.5)).toEqual({ kind: 'fail' });
  });

  it('fails a permanent error at the first attempt', () => {
    expect(nextStep(policy, 1, new PermanentDeliveryError('HTTP 400'), () => 0.5)).toEqual({ kind: 'fail' });
  });
});

describe('the retry policy settings', () => {
  it('default to a 2 s first delay and 8 attempts', () => {
    expect(retryPolicySchema.parse({})).toEqual({
      firstDelayMs: 2_000,
      maxAttempts: 8,
      maxDelayMs: 300_000,
      maxRetryAfterMs: 3_600_000,
    });
  });
});
