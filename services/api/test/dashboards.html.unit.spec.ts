import type { StockPosition } from '@dealerflow/runtime';
import { describe, expect, it } from 'vitest';
import { coverChart } from '../src/dashboards/charts/coverChart';
import { exposureChart } from '../src/dashboards/charts/exposureChart';
import { niceCeiling } from '../src/dashboards/charts/niceCeiling';
import { tierProgressBar } from '../src/dashboards/charts/tierProgressBar';
import { href, html, Html } from '../src/dashboards/html/html';
import type { DealerTexts } from '../src/dashboards/texts/DealerTexts';
import { en } from '../src/dashboards/texts/en';
import { zhCN } from '../src/dashboards/texts/zh-CN';

describe('html', () => {
  it('escapes every interpolated value, in content and in attributes', () => {
    const name = `<img src=x onerror="alert('1')"> & co`;
    expect(html`<p title="${name}">${name}</p>`.markup).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co">&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co</p>',
    );
  });

  it('keeps nested markup, joins lists, and prints nothing for false, null and undefined', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${false}${null}${undefined}${0}`.markup).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0');
  });

  it('makes markup from text only through html or a constant declared trusted', () => {
    expect(Html.trusted('<br>').markup).toBe('<br>');
    expect(html`${'<br>'}`.markup).toBe('&lt;br&gt;');
  });

  it('builds links with every query value encoded, leaving out empty ones', () => {
    expect(href('/ops', { search: 'a&b=c', tier: undefined, region: '', after: 'x y' })).toBe('/ops?search=a%26b%3Dc&after=x+y');
    expect(href('/ops')).toBe('/ops');
  });
});

describe('charts', () => {
  it('rounds an axis up to a round figure', () => {
    expect([0, 0.7, 7, 12, 21, 260, 10_500].map(niceCeiling)).toEqual([1, 1, 10, 20, 25, 500, 20_000]);
  });

  it('draws exposure as steps against a dashed limit, marking the points over it, and describes it in words', () => {
    const chart = exposureChart({
      id: 'x',
      points: [
        { at: '2026-03-01T00:00:00.000Z', exposure: 0, creditLimit: 10_000, openReceivables: 0, openOrderValue: 0, overdueAmount: 0 },
        { at: '2026-03-11T00:00:00.000Z', exposure: 12_000, creditLimit: 10_000, openReceivables: 0, openOrderValue: 12_000, overdueAmount: 0 },
      ],
      formatAmount: (amount) => `¥${amount}`,
      formatTime: (at) => at.slice(0, 10),
    }).markup;
    expect(chart).toContain('<desc id="x-desc">Exposure went from ¥0 on 2026-03-01 to ¥12000 on 2026-03-11, over the credit limit of ¥10000; 2 changes shown.</desc>');
    expect(chart.match(/class="point over"/g)).toHaveLength(1);
    expect(chart).toMatch(/class="limit-line" d="M72,[\d.]+H624V[\d.]+H624"/);
    expect(chart).toContain('>20,000</text>');
  });

  it('says so when there is no exposure yet', () => {
    expect(exposureChart({ id: 'x', points: [], formatAmount: String, formatTime: String }).markup).toContain('No exposure recorded yet.');
  });

  it('draws days of cover per SKU with the reorder point in days; short of it is "low"; no sales says so', () => {
    const position = (sku: string, onHand: number, avgDailySales: number, reorderPoint: number): StockPosition => ({
      sku,
      onHand,
      inTransit: 0,
      onOrder: 0,
      avgDailySales,
      daysOfCover: avgDailySales > 0 ? onHand / avgDailySales : null,
      reorderPoint,
      position: onHand,
      suggestedOrderQty: 0,
    });
    const chart = coverChart({
      id: 'c',
      positions: [position('A', 4, 2, 20), position('B', 60, 2, 20), position('C', 5, 0, 0)],
      texts: en.cover,
      locale: 'en',
    }).markup;
    expect(chart.match(/<rect class="bar low"/g)).toHaveLength(1);
    expect(chart.match(/<rect class="bar"/g)).toHaveLength(1);
    expect(chart).toContain('<title>A: 2 days (Reorder point 10 days)</title>');
    expect(chart).toContain('C: no sales in the window');
    expect(chart).toContain('Days of cover of 3 SKUs');
  });

  it('keeps the chart short with many SKUs, and says how many are shown', () => {
    const positions = Array.from({ length: 30 }, (_, index): StockPosition => ({
      sku: `S-${index}`,
      onHand: index,
      inTransit: 0,
      onOrder: 0,
      avgDailySales: 1,
      daysOfCover: index,
      reorderPoint: 10,
      position: index,
      suggestedOrderQty: 0,
    }));
    const chart = coverChart({ id: 'c', positions, texts: zhCN.cover, locale: 'zh-CN' }).markup;
    expect(chart.match(/<g><title>/g)).toHaveLength(25);
    expect(chart).toContain('共 30 个物料，显示可售天数最少的 25 个。');
  });

  it('shows the gap to the next tier, and a full bar at the top tier', () => {
    const progress = tierProgressBar({ id: 'r', title: 't', volume: 3_500, threshold: 5_000, caption: '1,500 to go' }).markup;
    expect(progress).toMatch(/<rect class="fill" x="0" y="0" width="448"/);
    expect(progress).toMatch(/<rect class="gap" x="448" y="0" width="192"/);
    const top = tierProgressBar({ id: 'r', title: 't', volume: 9_000, threshold: null, caption: 'top' }).markup;
    expect(top).toContain('class="fill done"');
    expect(top).not.toContain('class="gap"');
  });
});

describe('the dealer portal texts', () => {
  /** Every leaf of a texts object, by its path. */
  function leaves(texts: unknown, path = ''): Map<string, string> {
    const found = new Map<string, string>();
    for (const [key, value] of Object.entries(texts as Record<string, unknown>)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (typeof value === 'string') found.set(at, value);
      else for (const [leaf, text] of leaves(value, at)) found.set(leaf, text);
    }
    return found;
  }

  it('has every label in both locales, the Chinese ones in Chinese', () => {
    const english = leaves(en satisfies DealerTexts);
    const chinese = leaves(zhCN satisfies DealerTexts);
    expect([...chinese.keys()]).toEqual([...english.keys()]);
    const untranslated = [...chinese].filter(([, text]) => !/[\u4e00-\u9fff]/.test(text)).map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it('keeps the same placeholders in both locales', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    const chinese = leaves(zhCN);
    for (const [key, text] of leaves(en)) expect({ key, names: placeholders(chinese.get(key)!) }).toEqual({ key, names: placeholders(text) });
  });
});
