import { createReadStream } from 'node:fs';
import { readLines } from '@dealerflow/runtime';

/** The non-blank lines of an NDJSON file, streamed (memory stays flat with file size). */
export async function* readInputLines(path: string): AsyncGenerator<string> {
  for await (const line of readLines(createReadStream(path, { highWaterMark: 1 << 20 }))) {
    if (line.length > 0) yield line;
  }
}

/** Groups a stream of lines into arrays of `size` (the last one may be shorter). */
export async function* inChunks(lines: AsyncIterable<string>, size: number): AsyncGenerator<string[]> {
  let chunk: string[] = [];
  for await (const line of lines) {
    chunk.push(line);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
