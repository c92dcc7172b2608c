import { describe, expect, it } from 'vitest';
import { createRandom } from './random';

const draws = (seed: number, n: number) => {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => random.next());
};

describe('createRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    expect(draws(7, 50)).toEqual(draws(7, 50));
    expect(draws(7, 50)).not.toEqual(draws(8, 50));
    expect(draws(0, 50)).not.toEqual(draws(1, 50));
  });

  it('draws floats in [0, 1) with a mean near one half', () => {
    const values = draws(3, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
  });

  it('draws integers covering [min, max] inclusive and nothing outside', () => {
    const random = createRandom(11);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) seen.add(random.int(3, 8));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('draws Poisson counts whose mean is the rate', () => {
    const random = createRandom(5);
    for (const rate of [0.05, 0.3, 2.5]) {
      let sum = 0;
      for (let i = 0; i < 40_000; i++) sum += random.poisson(Math.exp(-rate));
      expect(sum / 40_000).toBeCloseTo(rate, 1);
    }
  });

  it('refuses to pick from an empty list', () => {
    expect(() => createRandom(1).pick([])).toThrow('empty list');
  });
});
