import { describe, expect, it } from 'vitest';
import { quietUntil } from './quietHours';

const night = { start: '21:00', end: '08:00' };

describe('quietUntil', () => {
  it('holds an evening message in Shanghai (UTC+8) until 08:00 local the next morning', () => {
    expect(quietUntil('2026-04-01T14:00:00Z', 'Asia/Shanghai', night)).toBe('2026-04-02T00:00:00Z'); // 22:00 local
    expect(quietUntil('2026-04-01T13:00:00Z', 'Asia/Shanghai', night)).toBe('2026-04-02T00:00:00Z'); // 21:00 local, window starts
  });

  it('holds an early-morning message until 08:00 the same local day', () => {
    expect(quietUntil('2026-04-01T23:30:00Z', 'Asia/Shanghai', night)).toBe('2026-04-02T00:00:00Z'); // 07:30 local
  });

  it('sends at once outside the window', () => {
    expect(quietUntil('2026-04-02T00:00:00Z', 'Asia/Shanghai', night)).toBeNull(); // 08:00 local, window over
    expect(quietUntil('2026-04-01T12:59:00Z', 'Asia/Shanghai', night)).toBeNull(); // 20:59 local
  });

  it('releases at 08:00 local time across a daylight saving change', () => {
    // New York springs forward on 8 March 2026: 22:00 EST (UTC-5) the evening before, 08:00 EDT (UTC-4) after.
    expect(quietUntil('2026-03-08T03:00:00Z', 'America/New_York', night)).toBe('2026-03-08T12:00:00Z');
    // Berlin falls back on 25 October 2026: 22:00 CEST (UTC+2) the evening before, 08:00 CET (UTC+1) after.
    expect(quietUntil('2026-10-24T20:00:00Z', 'Europe/Berlin', night)).toBe('2026-10-25T07:00:00Z');
  });

  it('resolves a release time skipped by a spring-forward gap to just after the gap', () => {
    // 02:30 does not exist in New York on 8 March 2026; 01:00 EST is 06:00Z, 03:30 EDT is 07:30Z.
    expect(quietUntil('2026-03-08T06:00:00Z', 'America/New_York', { start: '01:00', end: '02:30' })).toBe('2026-03-08T07:30:00Z');
  });

  it('handles a window within one day and no window at all', () => {
    expect(quietUntil('2026-04-01T12:30:00Z', 'UTC', { start: '12:00', end: '13:00' })).toBe('2026-04-01T13:00:00Z');
    expect(quietUntil('2026-04-01T23:00:00Z', 'UTC', { start: '08:00', end: '08:00' })).toBeNull();
  });
});
