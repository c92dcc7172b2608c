import { beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedRuntime, type EmbeddedRuntime } from '../src';
import { conformanceStream, replayOutputs, splitOutputs, type SplitOutputs } from '../src/testing';
import { runtimeBackends } from './backends';

// One behavioural suite for both backends. PostgreSQL: DATABASE_URL when set, else the local server;
// when no server answers, the file fails under CI and the PostgreSQL half is skipped elsewhere, with the reason.
const backends = await runtimeBackends('dealerflow-pglite-');

const lines = conformanceStream();
let expected: SplitOutputs;
beforeAll(async () => {
  expected = await replayOutputs(lines);
});

async function ingestInChunks(runtime: EmbeddedRuntime, items: readonly string[], size: number) {
  const totals = { accepted: 0, duplicates: 0, deadLettered: 0 };
  for (let start = 0; start < items.length; start += size) {
    const result = await runtime.eventLog.append(items.slice(start, start + size).map((text) => ({ text })));
    totals.accepted += result.accepted;
    totals.duplicates += result.duplicates;
    totals.deadLettered += result.deadLettered;
  }
  return totals;
}

async function allOutputs(runtime: EmbeddedRuntime): Promise<string[]> {
  const lines: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await runtime.outputs.read({ after, limit: 5000 });
    if (page.nextCursor === null) return lines;
    lines.push(...page.lines);
    after = page.nextCursor;
  }
}

describe.each(backends)('the embedded runtime on $name', (backend) => {
  it.skipIf(backend.skip)(`gives the replay's outputs, in the replay's order${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, async () => {
    const runtime = await openEmbeddedRuntime({ ...(await backend.options()) });
    try {
      const totals = await ingestInChunks(runtime, lines, 700);
      await runtime.runner.drain();
      const actual = splitOutputs(await allOutputs(runtime));
      expect(totals.deadLettered).toBe(expected.deadLetters.length);
      expect(totals.duplicates).toBeGreaterThan(0);
      expect(actual.deadLetters).toEqual(expected.deadLetters);
      expect(actual.outputs.length).toBe(expected.outputs.length);
      expect(actual.outputs).toEqual(expected.outputs);
      const health = await runtime.health.check();
      expect(health.lag).toEqual({ credit: 0, stock: 0, delivery: 0, rebates: 0 });
    } finally {
      await runtime.close();
    }
  });

  it.skipIf(backend.skip)('gives the same outputs with a tiny state cache, small batches and a restart in the middle', async () => {
    const target = await backend.options();
    const tight = { batchSize: 97, cacheBytes: 1, dealerChunk: 2 };
    const half = Math.floor(lines.length / 2);
    const first = await openEmbeddedRuntime({ ...target, runner: tight });
    await ingestInChunks(first, lines.slice(0, half), 300);
    await first.runner.drain();
    await first.close();
    const second = await openEmbeddedRuntime({ ...target, runner: tight });
    try {
      await ingestInChunks(second, lines.slice(half - 50), 300);
      await second.runner.drain();
      expect(splitOutputs(await allOutputs(second)).outputs).toEqual(expected.outputs);
    } finally {
      await second.close();
    }
  });
});
