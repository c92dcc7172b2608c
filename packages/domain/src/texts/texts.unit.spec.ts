import { describe, expect, it } from 'vitest';
import { fillCountTemplate, fillTemplate, formatDate, formatList } from './index';

describe('fillTemplate', () => {
  it('fills named placeholders, as often as they appear', () => {
    expect(fillTemplate('{a} and {b}, then {a} again', { a: 'x', b: 2 })).toBe('x and 2, then x again');
  });

  it('refuses to send a text with a missing figure', () => {
    expect(() => fillTemplate('due on {date}', {})).toThrow('template placeholder {date} has no value');
  });

  it('picks the singular or plural form', () => {
    const days = { one: '{count} day', other: '{count} days' };
    expect(fillCountTemplate(days, 1)).toBe('1 day');
    expect(fillCountTemplate(days, 0)).toBe('0 days');
    expect(fillCountTemplate(days, 12)).toBe('12 days');
  });
});

describe('formatDate', () => {
  it('writes dates the way each locale reads them', () => {
    expect(formatDate('2026-04-09', 'en')).toBe('9 April 2026');
    expect(formatDate('2026-12-31', 'en')).toBe('31 December 2026');
    expect(formatDate('2026-04-09', 'zh-CN')).toBe('2026年4月9日');
    expect(formatDate('2027-01-01', 'zh-CN')).toBe('2027年1月1日');
  });
});

describe('formatList', () => {
  it('joins items with the local conjunction', () => {
    expect(formatList(['a'], 'en')).toBe('a');
    expect(formatList(['a', 'b'], 'en')).toBe('a and b');
    expect(formatList(['a', 'b', 'c'], 'en')).toBe('a, b and c');
    expect(formatList(['甲', '乙', '丙'], 'zh-CN')).toBe('甲、乙和丙');
    expect(formatList([], 'en')).toBe('');
  });

  it('separates Chinese clauses with a full-width semicolon', () => {
    expect(formatList(['甲', '乙', '丙'], 'zh-CN', 'clauses')).toBe('甲；乙；丙');
    expect(formatList(['a', 'b'], 'en', 'clauses')).toBe('a and b');
  });
});
