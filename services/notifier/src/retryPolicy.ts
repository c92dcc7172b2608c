import { z } from 'zod';
import type { DeliveryError } from './deliveryErrors';

export const retryPolicySchema = z.object({
  /** Ceiling of the first retry's delay (DEALERFLOW_NOTIFY_BACKOFF_MS); it doubles for each later one. */
  firstDelayMs: z.number().int().positive().default(2_000),
  /** Attempts in all, the first included (DEALERFLOW_NOTIFY_MAX_ATTEMPTS). */
  maxAttempts: z.number().int().min(1).default(8),
  /** The doubling stops here, so a long outage is probed every few minutes rather than hourly. */
  maxDelayMs: z.number().int().positive().default(300_000),
  /** A Retry-After beyond this is cut to it: a receiver cannot park a message for days. */
  maxRetryAfterMs: z.number().int().positive().default(3_600_000),
});

export type RetryPolicy = z.infer<typeof retryPolicySchema>;
export const defaultRetryPolicy: RetryPolicy = retryPolicySchema.parse({});

export type NextStep = { kind: 'retry'; delayMs: number } | { kind: 'fail' };

/**
 * What follows a failed attempt (1-based): a permanent error or the last attempt fails the notification,
 * anything else is retried after `retryDelayMs`.
 */
export function nextStep(policy: RetryPolicy, attempt: number, error: DeliveryError, random: () => number): NextStep {
  if (!error.retriable || attempt >= policy.maxAttempts) return { kind: 'fail' };
  return { kind: 'retry', delayMs: retryDelayMs(policy, attempt, error.retryAfterMs, random) };
}

/**
 * Exponential backoff with full jitter (a uniform delay between 0 and the exponential ceiling) so that the
 * retries of a burst that failed together do not hit the receiver together again; never sooner than the
 * receiver's Retry-After.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  failedAttempts: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  const jittered = Math.floor(random() * (ceiling + 1));
  const floor = retryAfterMs === undefined ? 0 : Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  return Math.max(jittered, floor);
}
