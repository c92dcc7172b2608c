import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createLineWriter, readLines } from '../ndjson';
import { replay, type ReplayOptions, type ReplayStats } from './replay';

/** The replay's files cannot be used: the input cannot be read or the output cannot be written. */
export class ReplayFileError extends Error {
  override readonly name = 'ReplayFileError';
}

/** Replays an NDJSON file into an NDJSON file, streaming both (memory stays flat with file size). */
export async function replayFile(inputPath: string, outputPath: string, options: ReplayOptions = {}): Promise<ReplayStats> {
  try {
    const handle = await open(inputPath, 'r');
    const info = await handle.stat();
    await handle.close();
    if (info.isDirectory()) throw new Error('it is a directory');
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
  const stats = await replay(readLines(createReadStream(inputPath, { highWaterMark: 1 << 20 })), (line) => writer.write(line), options);
  await writer.close();
  return stats;
}
