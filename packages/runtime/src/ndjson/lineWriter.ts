import type { Writable } from 'node:stream';
import { once } from 'node:events';

/**
 * Writes lines to a stream in large chunks and waits when the stream asks to (backpressure), so
 * the replay's memory stays flat however many outputs it writes.
 */
export function createLineWriter(stream: Writable, chunkBytes = 1 << 16) {
  let buffer = '';
  async function flush(): Promise<void> {
    if (buffer.length === 0) return;
    const chunk = buffer;
    buffer = '';
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  return {
    async write(line: string): Promise<void> {
      buffer += line;
      buffer += '\n';
      if (buffer.length >= chunkBytes) await flush();
    },
    flush,
    async close(): Promise<void> {
      await flush();
      stream.end();
      await once(stream, 'finish');
    },
  };
}

export type LineWriter = ReturnType<typeof createLineWriter>;
