import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dateOfDayNumber, dayNumber, daysBetween, utcDateOf } from './calendar';

describe('calendar', () => {
  it('numbers days as Date.UTC does, across leap years and centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1600, 0, 1), max: Date.UTC(2400, 11, 31) }), (ms) => {
        const date = utcDateOf(ms);
        expect(dayNumber(date)).toBe(Math.floor(ms / 86_400_000));
        expect(dateOfDayNumber(dayNumber(date))).toBe(date);
      }),
    );
  });

  it('counts whole days between dates', () => {
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-03-31', '2026-03-01')).toBe(-30);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
