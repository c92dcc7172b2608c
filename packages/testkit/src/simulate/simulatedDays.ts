/**
 * The simulator counts days as integers from the epoch and turns them into `YYYY-MM-DD` once per
 * day. The domain's calendar module does the same, but the test kit depends only on the contract
 * (see docs/simulate.md), so these two conversions live here.
 */
const MS_PER_DAY = 86_400_000;

export function epochDayOf(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
}

export function dateOfEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
