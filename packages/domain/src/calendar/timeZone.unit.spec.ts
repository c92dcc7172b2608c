import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarPolicySchema, isTimeZone, localDateOf, localDayNumberOf, utcOffsetAt } from './timeZone';

describe('local calendar days', () => {
  it('puts 07:30 in Shanghai on 11 January on the 11th, though it is still the 10th in UTC', () => {
    const at = Date.parse('2026-01-10T23:30:00Z');
    expect(localDateOf(at, 'Asia/Shanghai')).toBe('2026-01-11');
    expect(localDateOf(at, 'UTC')).toBe('2026-01-10');
    // Shanghai's day starts at 16:00 UTC the day before.
    expect(localDateOf(Date.parse('2026-01-10T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-01-10');
    expect(localDateOf(Date.parse('2026-01-10T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-01-11');
  });

  it('follows daylight saving time (New York is UTC−4 in July, UTC−5 in January)', () => {
    expect(utcOffsetAt(Date.parse('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(utcOffsetAt(Date.parse('2026-01-01T12:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000);
    // The spring-forward night: 2026-03-08 02:00 local does not exist; 06:59Z is 01:59 EST, 07:00Z is 03:00 EDT.
    expect(utcOffsetAt(Date.parse('2026-03-08T06:59:00Z'), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(utcOffsetAt(Date.parse('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(localDateOf(Date.parse('2026-03-09T03:59:00Z'), 'America/New_York')).toBe('2026-03-08');
    expect(localDateOf(Date.parse('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('2026-03-09');
  });

  it('agrees with Intl for any instant in a few zones, half-hour ones included', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Adelaide', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const expected = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
        expect(localDateOf(ms, zone)).toBe(expected);
        expect(localDayNumberOf(ms, zone)).toBe(Math.floor(Date.parse(`${expected}T00:00:00Z`) / 86_400_000));
      }),
      { numRuns: 500 },
    );
  });

  it('takes a company time zone only when it is a real zone, UTC by default', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(calendarPolicySchema.parse({})).toEqual({ timeZone: 'UTC' });
    expect(calendarPolicySchema.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
  });
});
