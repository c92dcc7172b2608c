import { describe, expect, it } from 'vitest';
import type { InputEvent } from '@dealerflow/contracts';
import { createInputTail, type LoggedInput } from '../src/embedded/inputTail';

const row = (seq: number): LoggedInput => ({ seq: BigInt(seq), event: { eventId: `E-${seq}` } as InputEvent });
const seqs = (rows: readonly LoggedInput[]) => rows.map((taken) => Number(taken.seq));

/** A tail whose runner has asked once (before that it holds nothing). */
function askedTail(capacity?: number) {
  const tail = createInputTail(capacity);
  tail.after(0n, 1);
  return tail;
}

describe('the input tail', () => {
  it('hands out the rows after a position, at most a limit, up to an end', () => {
    const tail = askedTail();
    tail.push([row(1), row(2), row(4), row(7)]);
    expect(seqs(tail.after(0n, 10))).toEqual([1, 2, 4, 7]);
    expect(seqs(tail.after(1n, 2))).toEqual([2, 4]);
    expect(seqs(tail.after(2n, 10, 4n))).toEqual([4]);
    expect(seqs(tail.after(7n, 10))).toEqual([]);
  });

  it('forgets what the runner passed, and a position moved back finds only what is still held', () => {
    const tail = askedTail();
    tail.push([row(1), row(2), row(3)]);
    expect(seqs(tail.after(2n, 10))).toEqual([3]);
    // After a failed batch the runner resumes from its snapshot: rows 1–2 are gone, the log has them.
    expect(seqs(tail.after(0n, 10))).toEqual([3]);
  });

  it('ignores rows at or before the last it holds, and keeps no more than its capacity', () => {
    const tail = askedTail(3);
    tail.push([row(5), row(6)]);
    tail.push([row(6), row(4), row(7), row(8), row(9)]);
    expect(seqs(tail.after(0n, 10))).toEqual([5, 6, 7]);
    // Room again once the runner has passed some: later rows are kept, leaving a gap the runner reads from the log.
    expect(seqs(tail.after(6n, 10))).toEqual([7]);
    tail.push([row(10)]);
    expect(seqs(tail.after(6n, 10))).toEqual([7, 10]);
  });

  it('stays correct across the compaction of a long run', () => {
    const tail = askedTail(10_000);
    for (let seq = 1; seq <= 5_000; seq += 1) tail.push([row(seq)]);
    for (let position = 0; position < 5_000; position += 7) expect(Number(tail.after(BigInt(position), 1)[0]!.seq)).toBe(position + 1);
  });

  it('holds nothing until the runner first asks: a process whose runner does not run keeps no copy', () => {
    const tail = createInputTail();
    tail.push([row(1), row(2)]);
    expect(tail.after(0n, 10)).toEqual([]);
    tail.push([row(3)]);
    expect(seqs(tail.after(0n, 10))).toEqual([3]);
  });
});
