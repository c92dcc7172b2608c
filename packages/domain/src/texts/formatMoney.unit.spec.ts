import { describe, expect, it } from 'vitest';
import { escapeHtml, formatMoney, formatNumber, formatPercent } from './index';

describe('formatNumber and formatPercent', () => {
  it('groups thousands and drops trailing zeros', () => {
    expect(formatNumber(1234567.5, 'en')).toBe('1,234,567.5');
    expect(formatNumber(3.567, 'zh-CN', 1)).toBe('3.6');
    expect(formatNumber(40, 'en')).toBe('40');
    expect(formatNumber(-1200.005, 'en')).toBe('-1,200.01');
    expect(formatPercent(0.025, 'en')).toBe('2.5%');
    expect(formatPercent(0.9, 'zh-CN')).toBe('90%');
  });
});

describe('formatMoney', () => {
  it('writes amounts the way each locale reads them, always with cents', () => {
    expect(formatMoney(12345.6, 'CNY', 'en')).toBe('CNY 12,345.60');
    expect(formatMoney(12345.6, 'CNY', 'zh-CN')).toBe('12,345.60元');
    expect(formatMoney(0.5, 'USD', 'zh-CN')).toBe('0.50 USD');
    expect(formatMoney(1000, undefined, 'en')).toBe('1,000.00');
  });
});

describe('escapeHtml', () => {
  it('escapes markup characters', () => {
    expect(escapeHtml(`<b>"Tom" & 'Jerry'</b>`)).toBe('&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;');
  });
});
