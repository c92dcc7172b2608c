import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createLineWriter, readLines } from '../ndjson';
import { replay, type ReplayOptions, type ReplayStats } from './replay';

/** The replay's files cannot be used: the input cannot be read or the output cannot be written. */
export class ReplayFileError extends Error {
  override readonly name = 'ReplayFileError';
}

export interface ReplayFileOptions extends ReplayOptions {
  /** Told after each chunk of the input is read: bytes read so far and the file's size. */
  onRead?: (bytesRead: number, totalBytes: number) => void;
}

async function* countingChunks(chunks: AsyncIterable<Buffer>, totalBytes: number, onRead: NonNullable<ReplayFileOptions['onRead']>) {
  let bytesRead = 0;
  for await (const chunk of chunks) {
    bytesRead += chunk.length;
    onRead(bytesRead, totalBytes);
    yield chunk;
  }
}

/** Replays an NDJSON file into an NDJSON file, streaming both (memory stays flat with file size). */
export async function replayFile(inputPath: string, outputPath: string, options: ReplayFileOptions = {}): Promise<ReplayStats> {
  let totalBytes: number;
  try {
    const handle = await open(inputPath, 'r');
    const info = await handle.stat();
    await handle.close();
    if (info.isDirectory()) throw new Error('it is a directory');
    totalBytes = info.size;
  } catch (error) {
    throw new ReplayFileError(`cannot read input ${inputPath}: ${(error as Error).message}`);
  }
  let output: FileHandle;
  try {
    output = await open(outputPath, 'w');
  } catch (error) {
    throw new ReplayFileError(`cannot write output ${outputPath}: ${(error as Error).message}`);
  }
  const writer = createLineWriter(output.createWriteStream());
  const source = createReadStream(inputPath, { highWaterMark: 1 << 20 });
  const input = options.onRead ? Readable.from(countingChunks(source, totalBytes, options.onRead)) : source;
  const stats = await replay(readLines(input), (line) => writer.write(line), options);
  await writer.close();
  return stats;
}
