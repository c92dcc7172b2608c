import { describe, expect, it } from 'vitest';
import { WORKERS } from '@dealerflow/domain';
import { PolicyError, resolvePolicies } from '../src';

describe('resolvePolicies', () => {
  it('gives every worker the defaults of RULES.md when nothing is set', () => {
    const policies = resolvePolicies(WORKERS) as Record<string, any>;
    expect(policies.credit).toMatchObject({ pastDueHoldDays: 30, warningUtilization: 0.9 });
    expect(policies.stock).toMatchObject({ salesWindowDays: 28, safetyDays: 3, reviewDays: 7, overstockDays: 90 });
    expect(policies.rebates.eligibility.maxDaysPastDue).toBe(60);
  });

  it('gives the delivery worker exactly the credit settings, so lateness blames the holds finance placed', () => {
    const policies = resolvePolicies(WORKERS, { credit: { pastDueHoldDays: 45 } }) as Record<string, any>;
    expect(policies.credit.pastDueHoldDays).toBe(45);
    expect(policies.delivery.credit).toEqual(policies.credit);
  });

  it('refuses a separate copy of the credit settings, an unknown section and a bad value, saying where', () => {
    expect(() => resolvePolicies(WORKERS, { delivery: { credit: { pastDueHoldDays: 10 } } })).toThrow(/belong in the "credit" section/);
    expect(() => resolvePolicies(WORKERS, { billing: {} })).toThrow(PolicyError);
    expect(() => resolvePolicies(WORKERS, { stock: { safetyDays: -1 } })).toThrow(/policy "stock": safetyDays:/);
  });
});
