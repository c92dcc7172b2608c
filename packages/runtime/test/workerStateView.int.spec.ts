import { describe, expect, it } from 'vitest';
import type { InputEvent } from '@dealerflow/contracts';
import { WORKERS, type WorkerName } from '@dealerflow/domain';
import { generateStream } from '@dealerflow/testkit';
import { createFoldedWorkerStates, openEmbeddedRuntime, type EmbeddedRuntime, type WorkerStateView } from '../src';
import { replayPartitioned, runtimeBackends } from '../src/testing';

// The worker state view's conformance suite: for a fed stream, each adapter's state per worker and dealer equals the
// replay's (the distributed topology's partition tasks), also right after the runner applied the events, before any
// snapshot wrote a state; and a second feed is folded on top of the first.
const backends = await runtimeBackends('dealerflow-worker-states-');
const stream: InputEvent[] = [...generateStream({ dealers: 4, skus: 6, days: 20, seed: 5 })];
const half = Math.floor(stream.length / 2);
const workerNames = WORKERS.map((worker) => worker.name);
const dealerIds = [...new Set(stream.flatMap((event) => ('dealerId' in event && typeof event.dealerId === 'string' ? [event.dealerId] : [])))].sort();

/** Every worker's state per dealer after the replay, keyed `worker/dealerId`. */
async function replayedStates(events: readonly InputEvent[]): Promise<Map<string, unknown>> {
  const states = new Map<string, unknown>();
  await replayPartitioned(events, {
    partitions: 2,
    onStates: (_, store) => {
      for (const dealerId of store.knownDealers()) {
        for (const worker of workerNames) {
          const state = store.get(worker, dealerId);
          if (state !== undefined) states.set(`${worker}/${dealerId}`, state);
        }
      }
    },
  });
  return states;
}

const expectedAtHalf = await replayedStates(stream.slice(0, half));
const expectedAtEnd = await replayedStates(stream);
/** A dealer the stock worker holds state for. */
const stockDealer = [...expectedAtEnd.keys()].find((key) => key.startsWith('stock/'))!.slice('stock/'.length);
// Every worker holds state for some dealer halfway already: the comparisons compare something.
for (const worker of workerNames) expect([...expectedAtHalf.keys()].some((key) => key.startsWith(`${worker}/`))).toBe(true);

function maxInstant(events: readonly InputEvent[]): number {
  return Math.max(...events.map((event) => Date.parse(event.occurredAt)));
}

function sorted<T>(states: Map<string, T>): Map<string, T> {
  return new Map([...states].sort(([a], [b]) => a.localeCompare(b)));
}

/** The view's answers for every worker and dealer, one dealer at a time and all at once (whole, and what a select takes). */
async function expectStates(view: WorkerStateView, expected: Map<string, unknown>, watermark: number): Promise<void> {
  for (const worker of workerNames) {
    const all = await view.dealers<unknown>(worker);
    expect(all.watermark).toBe(watermark);
    const wanted = new Map([...expected].flatMap(([key, state]) => (key.startsWith(`${worker}/`) ? [[key.slice(worker.length + 1), state] as const] : [])));
    expect(sorted(all.state)).toEqual(sorted(wanted));
    expect(sorted((await view.dealers<unknown, string>(worker, (state, dealerId) => `${dealerId}:${JSON.stringify(state)}`)).state)).toEqual(
      sorted(new Map([...wanted].map(([dealerId, state]) => [dealerId, `${dealerId}:${JSON.stringify(state)}`]))),
    );
    for (const dealerId of dealerIds) {
      const one = await view.dealer<unknown>(worker, dealerId);
      expect(one.watermark).toBe(watermark);
      expect(one.state, `${worker}/${dealerId}`).toEqual(expected.get(`${worker}/${dealerId}`));
    }
  }
}

/** The fold of the log as `--role ingest` has it: up to the runner's checkpoint. */
function foldedUpToCheckpoint(runtime: EmbeddedRuntime): WorkerStateView {
  return createFoldedWorkerStates({
    prisma: runtime.prisma,
    workers: WORKERS,
    horizon: async (worker: WorkerName) => {
      const [row] = await runtime.prisma.$queryRawUnsafe<{ input_seq: bigint; watermark: Date | null }[]>(
        `SELECT input_seq, watermark FROM worker_checkpoint WHERE worker = $1`,
        worker,
      );
      return { seq: row ? BigInt(row.input_seq) : 0n, watermark: row?.watermark?.getTime() };
    },
    // Small pages and few kept dealers: the fold goes on across pages and folds again what it forgot.
    pageRows: 97,
    keptDealers: 2,
  });
}

async function storedStates(runtime: EmbeddedRuntime): Promise<number> {
  const [row] = await runtime.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM worker_state`);
  return row!.n;
}

const caches = [
  { cache: 'the default state cache', cacheBytes: undefined },
  { cache: 'a 1-byte state cache (states evicted and read from their rows)', cacheBytes: 1 },
];

describe.each(backends)('the worker state view on $name', (backend) => {
  it.skipIf(backend.skip).each(caches)(`equals the replay per dealer, live and folded, before any snapshot and after more input — $cache${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, async ({ cacheBytes }) => {
    const runtime = await openEmbeddedRuntime({ ...(await backend.options()), runner: { cacheBytes } });
    try {
      const folded = foldedUpToCheckpoint(runtime);
      expect(runtime.tasks.running()).toBe(true);
      await runtime.eventLog.append(stream.slice(0, half).map((value) => ({ value })));
      await runtime.runner.drain({ snapshot: false });
      // No snapshot yet: rows, if any, are only what a full cache wrote during a day change.
      if (cacheBytes === undefined) expect(await storedStates(runtime)).toBe(0);
      await expectStates(runtime.workerStates, expectedAtHalf, maxInstant(stream.slice(0, half)));
      await expectStates(folded, expectedAtHalf, maxInstant(stream.slice(0, half)));

      await runtime.eventLog.append(stream.slice(half).map((value) => ({ value })));
      await runtime.runner.drain({ snapshot: false });
      await expectStates(runtime.workerStates, expectedAtEnd, maxInstant(stream));
      await expectStates(folded, expectedAtEnd, maxInstant(stream));
    } finally {
      await runtime.close();
    }
  });

  it.skipIf(backend.skip)(`never shows a state half-way through a batch: a read while one applies waits for its end${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, async () => {
    const runtime = await openEmbeddedRuntime(await backend.options());
    try {
      // A batch long enough to yield to the event loop (every 10 ms) while it applies: reads land in the middle of it.
      const longer = [...generateStream({ dealers: 8, skus: 40, days: 40, seed: 11 })];
      const cut = Math.floor(longer.length / 4);
      await runtime.eventLog.append(longer.slice(0, cut).map((value) => ({ value })));
      await runtime.runner.drain({ snapshot: false });
      const stockNow = async () => JSON.stringify([...(await runtime.workerStates.dealers<unknown>('stock')).state].sort(([a], [b]) => a.localeCompare(b)));
      const before = await stockNow();
      await runtime.eventLog.append(longer.slice(cut).map((value) => ({ value })));
      let drained = false;
      const draining = runtime.runner.drain({ snapshot: false }).then(() => (drained = true));
      const seen: string[] = [];
      while (!drained) {
        seen.push(await stockNow());
        await new Promise((resolve) => setImmediate(resolve));
      }
      await draining;
      const after = await stockNow();
      expect(after).not.toBe(before);
      expect(seen.length).toBeGreaterThan(0);
      for (const states of seen) expect([before, after]).toContain(states);
    } finally {
      await runtime.close();
    }
  });

  // PGlite's folder is one process's: the split topology is PostgreSQL's.
  const split = backend.skip || (backend.name.startsWith('PGlite') && 'PGlite is one process');
  it.skipIf(split)(`in a process that runs no tasks (--role ingest), the workers' fold up to the runner's checkpoint${split ? ` — skipped: ${split}` : ''}`, async () => {
    const options = await backend.options();
    const runner = await openEmbeddedRuntime(options);
    const ingest = await openEmbeddedRuntime({ ...options, runTasks: false });
    try {
      expect(ingest.tasks.running()).toBe(false);
      await ingest.eventLog.append(stream.slice(0, half).map((value) => ({ value })));
      await runner.runner.drain({ snapshot: false });
      // Appended after the runner's last batch: not handed to the workers yet, so not folded.
      await ingest.eventLog.append(stream.slice(half).map((value) => ({ value })));
      await expectStates(ingest.workerStates, expectedAtHalf, maxInstant(stream.slice(0, half)));
      await runner.runner.drain({ snapshot: false });
      await expectStates(ingest.workerStates, expectedAtEnd, maxInstant(stream));
      const positions = await runner.board.stockPositions(stockDealer);
      expect(positions.length).toBeGreaterThan(0);
      expect(await ingest.board.stockPositions(stockDealer)).toEqual(positions);
    } finally {
      await ingest.close();
      await runner.close();
    }
  });

  it.skipIf(backend.skip)(`hands out copies: a reader that changes a state changes nothing for the next${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, async () => {
    const runtime = await openEmbeddedRuntime(await backend.options());
    try {
      await runtime.eventLog.append(stream.map((value) => ({ value })));
      await runtime.runner.drain({ snapshot: false });
      const dealerId = stockDealer;
      for (const view of [runtime.workerStates, foldedUpToCheckpoint(runtime)]) {
        const first = await view.dealer<{ skus: unknown[] }>('stock', dealerId);
        first.state!.skus.length = 0;
        (await view.dealers<{ skus: unknown[] }>('stock')).state.get(dealerId)!.skus.length = 0;
        expect((await view.dealer('stock', dealerId)).state).toEqual(expectedAtEnd.get(`stock/${dealerId}`));
      }
    } finally {
      await runtime.close();
    }
  });

  it.skipIf(backend.skip).each(caches)(`hands out copies of what a select takes from every dealer's state, leaving out the dealers it returns undefined for — $cache${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, async ({ cacheBytes }) => {
    const runtime = await openEmbeddedRuntime({ ...(await backend.options()), runner: { cacheBytes } });
    try {
      await runtime.eventLog.append(stream.map((value) => ({ value })));
      await runtime.runner.drain({ snapshot: false });
      type Stock = { skus: { sku: string }[] };
      const wanted = new Map([...expectedAtEnd].flatMap(([key, state]) => (key.startsWith('stock/') ? [[key.slice('stock/'.length), state as Stock] as const] : [])));
      const left = [...wanted.keys()].sort().slice(1);
      expect(left.length).toBeGreaterThan(0);
      // Parts of the state itself, for all but the first dealer: a reader that changes them changes nothing held.
      const skusOfAllButFirst = (state: Stock, dealerId: string) => (left.includes(dealerId) ? state.skus : undefined);
      for (const view of [runtime.workerStates, foldedUpToCheckpoint(runtime)]) {
        const taken = await view.dealers<Stock, Stock['skus']>('stock', skusOfAllButFirst);
        expect(taken.watermark).toBe(maxInstant(stream));
        expect(sorted(taken.state)).toEqual(new Map(left.map((dealerId) => [dealerId, wanted.get(dealerId)!.skus])));
        for (const skus of taken.state.values()) skus.length = 0;
        expect(sorted((await view.dealers<Stock>('stock')).state)).toEqual(sorted(wanted));
      }
    } finally {
      await runtime.close();
    }
  });
});
