/** The dead-lettered lines a summary names: the first `limit` with their reasons, and how many in all. */
export interface DeadLetterLines {
  add(line: number, reason: string): void;
  readonly listed: ReadonlyArray<{ line: number; reason: string }>;
  readonly total: number;
}

/** Keeps only the first `limit`: a file of a million bad lines must not fill memory or the screen. */
export function createDeadLetterLines(limit = 20): DeadLetterLines {
  const listed: Array<{ line: number; reason: string }> = [];
  let total = 0;
  return {
    add(line, reason) {
      total += 1;
      if (listed.length < limit) listed.push({ line, reason });
    },
    listed,
    get total() {
      return total;
    },
  };
}
