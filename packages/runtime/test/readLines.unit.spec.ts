import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLines } from '../src';

async function collect(chunks: (string | Buffer)[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLines(Readable.from(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk))))) lines.push(line);
  return lines;
}

describe('readLines', () => {
  it('splits on \\n and \\r\\n across chunk boundaries, keeping a last line without newline', async () => {
    expect(await collect(['a\r', '\nb', 'c\n\nd'])).toEqual(['a', 'bc', '', 'd']);
  });

  it('keeps a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('订单\n');
    expect(await collect([bytes.subarray(0, 2), bytes.subarray(2)])).toEqual(['订单']);
  });
});
