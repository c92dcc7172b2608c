import { describe, expect, it } from 'vitest';
import type { OutputEvent } from '@dealerflow/contracts';
import type { SourceBatch } from '@dealerflow/runtime';
import { positionsForward, recordsToCopy } from '../src/outputLogMirror';

const output = (eventId: string) => ({ eventId }) as OutputEvent;

/** A batch read from positions the mirror had before: t:0 from 3, t:1 from 0. */
const batch: SourceBatch<OutputEvent> = {
  records: [
    { event: output('a3'), partition: 't:0', offset: 3n },
    { event: output('a4'), partition: 't:0', offset: 4n },
    { event: output('b0'), partition: 't:1', offset: 0n },
    { event: output('b2'), partition: 't:1', offset: 2n },
  ],
  read: 5,
  truncated: false,
  end: { 't:0': '5', 't:1': '3', 't:2': '0' },
};

describe('the output log mirror, exactly once by its stored positions', () => {
  it('copies only the records at or past the positions stored with the rows', () => {
    expect(recordsToCopy(batch, {}).map((event) => event.eventId)).toEqual(['a3', 'a4', 'b0', 'b2']);
    // Another batch (or a process before a crash) stored t:0 up to 4 and t:1 up to 3 with its rows.
    expect(recordsToCopy(batch, { 't:0': '4', 't:1': '3' }).map((event) => event.eventId)).toEqual(['a4']);
  });

  it('moves a stored position only forward', () => {
    expect(positionsForward(batch.end, { 't:0': '4', 't:1': '7' })).toEqual({ 't:0': '5' });
    expect(positionsForward(batch.end, {})).toEqual({ 't:0': '5', 't:1': '3' });
  });
});
