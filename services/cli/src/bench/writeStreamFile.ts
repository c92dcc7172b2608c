import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createLineWriter } from '@dealerflow/runtime';
import type { InputEvent } from '@dealerflow/contracts';
import { generateStream, type SimulateOptionsInput } from '@dealerflow/testkit';

export interface StreamFile {
  path: string;
  events: number;
  bytes: number;
  seconds: number;
}

/** Generates the seeded stream once into an NDJSON file that every phase then reads. */
export async function writeStreamFile(
  path: string,
  size: SimulateOptionsInput,
  onWritten?: (event: InputEvent, count: number) => void,
): Promise<StreamFile> {
  const started = performance.now();
  const writer = createLineWriter(createWriteStream(path));
  let events = 0;
  for (const event of generateStream(size)) {
    await writer.write(JSON.stringify(event));
    events += 1;
    onWritten?.(event, events);
  }
  await writer.close();
  const seconds = (performance.now() - started) / 1000;
  return { path, events, bytes: (await stat(path)).size, seconds };
}
