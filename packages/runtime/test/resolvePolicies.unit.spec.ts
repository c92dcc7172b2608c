import { describe, expect, it } from 'vitest';
import { WORKERS } from '@dealerflow/domain';
import { PolicyError, resolvePolicies, resolveSettings } from '../src';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return (error as Error).message;
  }
  throw new Error('expected the settings to be refused');
}

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

  it('refuses a misspelt setting with its path, the likely key and the keys of its section', () => {
    expect(refusal(() => resolvePolicies(WORKERS, { stock: { saftyDays: 5 } }))).toBe(
      'unknown setting "stock.saftyDays" (did you mean "safetyDays"?); ' +
        'the settings of "stock" are: salesWindowDays, safetyDays, reviewDays, overstockDays, slowMoverDailySales, slowMoverWaitDays, salesReportGraceDays, openingSummary, dailyDigest, tiers',
    );
  });

  it('refuses an unknown key at any depth, next to valid ones', () => {
    const tierTypo = refusal(() => resolvePolicies(WORKERS, { stock: { safetyDays: 4, tiers: { A: { reviewDays: 2, overstokDays: 60 } } } }));
    expect(tierTypo).toMatch(/^unknown setting "stock\.tiers\.A\.overstokDays" \(did you mean "overstockDays"\?\); the settings of "stock\.tiers\.A" are: salesWindowDays, safetyDays, reviewDays, overstockDays, slowMoverDailySales$/);
    expect(refusal(() => resolvePolicies(WORKERS, { stock: { tiers: { E: {} } } }))).toMatch(/"stock\.tiers\.E"; the settings of "stock\.tiers" are: A, B, C, D$/);
    expect(refusal(() => resolvePolicies(WORKERS, { rebates: { eligibility: { maxDaysOverdue: 30 } } }))).toMatch(/"rebates\.eligibility\.maxDaysOverdue"/);
    expect(refusal(() => resolvePolicies(WORKERS, { credit: { holdAfterDays: 30 } }))).toMatch(/^unknown setting "credit\.holdAfterDays"; the settings of "credit" are: pastDueHoldDays, /);
  });
});

describe('resolveSettings', () => {
  it('resolves the worker sections and the notify section together, with defaults', () => {
    const settings = resolveSettings(WORKERS, { stock: { safetyDays: 5 }, notify: { quietHours: { start: '22:00' } } });
    expect((settings.policies.stock as { safetyDays: number }).safetyDays).toBe(5);
    expect(settings.notify.quietHours).toEqual({ start: '22:00', end: '08:00' });
  });

  it('resolves the ingest section: 15 minutes of future skew by default, refused misspelt or negative', () => {
    expect(resolveSettings(WORKERS, {}).ingest).toEqual({ maxFutureSkewMinutes: 15 });
    expect(resolveSettings(WORKERS, { ingest: { maxFutureSkewMinutes: 60 } }).ingest).toEqual({ maxFutureSkewMinutes: 60 });
    expect(refusal(() => resolveSettings(WORKERS, { ingest: { maxFutureSkewMinute: 5 } }))).toMatch(
      /^unknown setting "ingest\.maxFutureSkewMinute" \(did you mean "maxFutureSkewMinutes"\?\)/,
    );
    expect(refusal(() => resolveSettings(WORKERS, { ingest: { maxFutureSkewMinutes: -1 } }))).toMatch(/^policy "ingest": maxFutureSkewMinutes:/);
  });

  it('resolves the calendar section into policies.calendar: UTC by default, a real IANA zone when set', () => {
    expect(resolveSettings(WORKERS, {}).policies.calendar).toEqual({ timeZone: 'UTC' });
    expect(resolveSettings(WORKERS, { calendar: { timeZone: 'Asia/Shanghai' } }).policies.calendar).toEqual({ timeZone: 'Asia/Shanghai' });
    expect(refusal(() => resolveSettings(WORKERS, { calendar: { timezone: 'Asia/Shanghai' } }))).toMatch(/^unknown setting "calendar\.timezone" \(did you mean "timeZone"\?\)/);
    expect(refusal(() => resolveSettings(WORKERS, { calendar: { timeZone: 'Mars/Olympus' } }))).toMatch(/^policy "calendar": timeZone: expected an IANA time zone/);
  });

  it('refuses a misspelt notify setting, at any depth', () => {
    expect(refusal(() => resolveSettings(WORKERS, { notify: { quietHours: { stat: '22:00' } } }))).toMatch(
      /^unknown setting "notify\.quietHours\.stat" \(did you mean "start"\?\); the settings of "notify\.quietHours" are: start, end$/,
    );
    expect(refusal(() => resolveSettings(WORKERS, { notify: { audiences: { dealers: {} } } }))).toMatch(/"notify\.audiences\.dealers" \(did you mean "dealer"\?\)/);
  });

  it('names notify among the sections when a section is unknown, and refuses what is not an object', () => {
    expect(refusal(() => resolveSettings(WORKERS, { notifications: {} }))).toBe(
      'unknown policy section "notifications" (expected one of: credit, stock, delivery, rebates, notify, ingest, calendar)',
    );
    expect(refusal(() => resolveSettings(WORKERS, [1]))).toMatch(/must be a JSON object/);
    expect(refusal(() => resolveSettings(WORKERS, { notify: { digest: { maxListed: 0 } } }))).toMatch(/^policy "notify": digest\.maxListed:/);
  });
});
