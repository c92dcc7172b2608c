/** The smallest "round" number (1, 2, 2.5 or 5 times a power of ten) at or above `value`, for an axis's top. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

/** A coordinate for an SVG attribute: two decimals are finer than a pixel. */
export function coord(value: number): string {
  return String(Math.round(value * 100) / 100);
}
