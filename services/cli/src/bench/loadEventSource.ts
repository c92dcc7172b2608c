import { readInputLines } from './readInputLines';

/**
 * The stream file's lines, round after round for as long as a load phase asks: round r > 0 gives every
 * event a new id (`<eventId>~r<r>`), so each is accepted again rather than counted as a duplicate. A
 * repeated round is older than the dealers' clocks, and an event older than its dealer's clock is
 * applied as of the clock (docs/pipeline.md): the runner does its usual work.
 */
export async function loadEventSource(path: string): Promise<{ next(count: number): string[]; rounds(): number }> {
  const lines: string[] = [];
  for await (const line of readInputLines(path)) lines.push(line);
  if (lines.length === 0) throw new Error(`${path} holds no events`);
  let position = 0;
  let round = 0;
  return {
    next(count) {
      const batch: string[] = [];
      while (batch.length < count) {
        if (position === lines.length) {
          position = 0;
          round += 1;
        }
        const line = lines[position++]!;
        batch.push(round === 0 ? line : renamed(line, round));
      }
      return batch;
    },
    rounds: () => round + 1,
  };
}

const EVENT_ID = '"eventId":"';

function renamed(line: string, round: number): string {
  const start = line.indexOf(EVENT_ID);
  if (start === -1) return line;
  const end = line.indexOf('"', start + EVENT_ID.length);
  return `${line.slice(0, end)}~r${round}${line.slice(end)}`;
}
