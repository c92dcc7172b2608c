/** What a long command tells while it works. Everything it writes goes to stderr, never into data. */
export interface Progress {
  /** How far: `done` of the total, and optionally what is being done now (a phase's name). */
  update(done: number, detail?: string): void;
  /** A line that stays (above the bar on a terminal). */
  log(line: string): void;
  /** Ends the progress; on a terminal the bar is cleared, so the summary that follows stands alone. */
  stop(): void;
}

export interface ProgressOptions {
  /** The command, first on each line: `replay`. */
  label: string;
  total: number;
  /** `12.3 of 45.6 MiB`, `day 12 of 90`: how far, in the unit of the work. */
  describe: (done: number, total: number) => string;
  /** Show an estimate of the time left (only where the work is even, e.g. bytes of a file). */
  eta?: boolean;
}

export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean };

export function percentOf(done: number, total: number): number {
  return total <= 0 ? 100 : Math.min(100, Math.floor((done / total) * 100));
}
