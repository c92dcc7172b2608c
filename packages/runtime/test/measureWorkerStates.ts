/**
 * What reading every dealer's credit state costs the runner (docs/performance.md, "Reading every dealer's state").
 * Not a test (tests never time): run by hand, on a quiet machine, from packages/runtime:
 *
 *   npx tsx test/measureWorkerStates.ts [dealers=1000] [days=60]          # PGlite in a temporary folder
 *   DATABASE_URL=postgresql://… npx tsx test/measureWorkerStates.ts …     # a scratch database on that server
 *
 * Feeds `generateStream` (dealers × 20 SKUs × days), drains the runner without a snapshot (every state in its memory),
 * then times, five times each: the whole copy (`dealers('credit')`), the finance page's ageing (`board.ageing()`), and
 * for each the milliseconds spent inside `runner.readHeld`, while the runner (and on PGlite ingest and /healthz) waits.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { generateStream } from '@dealerflow/testkit';
import { createScratchDatabase } from '@dealerflow/db/testing';
import { createDealerBoard, createLiveWorkerStates, openEmbeddedRuntime, type EmbeddedRuntime, type HeldStates } from '../src';

const dealers = Number(process.argv[2] ?? 1000);
const days = Number(process.argv[3] ?? 60);
const RUNS = 5;
const silent = { info: () => {}, warn: () => {}, error: console.error, child: () => silent };

async function open(): Promise<{ runtime: EmbeddedRuntime; dispose(): Promise<void> }> {
  const ingest = { maxFutureSkewMinutes: Number.MAX_SAFE_INTEGER };
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL);
    const runtime = await openEmbeddedRuntime({ databaseUrl: scratch.url, logger: silent, ingest });
    return { runtime, dispose: async () => (await runtime.close(), await scratch.drop()) };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'dealerflow-measure-states-'));
  const runtime = await openEmbeddedRuntime({ dataDir, logger: silent, ingest });
  return { runtime, dispose: async () => (await runtime.close(), await rm(dataDir, { recursive: true, force: true })) };
}

/** Milliseconds of `run`, and of the parts of it spent inside the runner's `readHeld`. */
async function timed(insideHeld: { ms: number }, run: () => Promise<unknown>): Promise<{ wall: number; held: number }> {
  insideHeld.ms = 0;
  const started = performance.now();
  await run();
  return { wall: performance.now() - started, held: insideHeld.ms };
}

function summary(label: string, runs: { wall: number; held: number }[]): string {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const fmt = (values: number[]) => `median ${median(values).toFixed(1)} ms (${values.map((v) => v.toFixed(1)).join(', ')})`;
  return `${label}\n  wall:        ${fmt(runs.map((r) => r.wall))}\n  in readHeld: ${fmt(runs.map((r) => r.held))}`;
}

const { runtime, dispose } = await open();
try {
  const stream = [...generateStream({ dealers, skus: 20, days, seed: 7 })];
  const fedAt = performance.now();
  for (let at = 0; at < stream.length; at += 5_000) await runtime.eventLog.append(stream.slice(at, at + 5_000).map((value) => ({ value })));
  await runtime.runner.drain({ snapshot: false });
  console.log(`${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}: ${dealers} dealers × 20 SKUs × ${days} days = ${stream.length} events, applied in ${((performance.now() - fedAt) / 1000).toFixed(0)} s`);

  // The runtime's own view and board, with the runner's readHeld timed.
  const insideHeld = { ms: 0 };
  const runner = {
    readHeld<T>(read: (held: HeldStates) => T): Promise<T> {
      return runtime.runner.readHeld((held) => {
        const started = performance.now();
        try {
          return read(held);
        } finally {
          insideHeld.ms += performance.now() - started;
        }
      });
    },
  };
  const view = createLiveWorkerStates({ runner, prisma: runtime.prisma });
  const board = createDealerBoard(runtime.prisma, { workerStates: view });

  const all = await view.dealers<{ ledger: { invoices: unknown[] } }>('credit');
  const states = [...all.state.values()];
  const invoices = states.reduce((sum, state) => sum + state.ledger.invoices.length, 0);
  const jsonBytes = states.reduce((sum, state) => sum + JSON.stringify(state).length, 0);
  console.log(`credit states: ${states.length}, ${invoices} invoices in ledgers, ${(jsonBytes / 1e6).toFixed(1)} MB as JSON, ${(serialize(all.state).length / 1e6).toFixed(1)} MB structured`);
  const held = await runtime.runner.readHeld((h) => [...h.held('credit')].length);
  console.log(`held in the runner's memory: ${held} credit states`);

  const copies = [];
  for (let run = 0; run < RUNS; run++) copies.push(await timed(insideHeld, () => view.dealers('credit')));
  console.log(summary(`dealers('credit') (every state copied)`, copies));
  const ageings = [];
  for (let run = 0; run < RUNS; run++) ageings.push(await timed(insideHeld, () => board.ageing()));
  console.log(summary('board.ageing() (the finance page)', ageings));
  const ageing = await board.ageing();
  console.log(`ageing: ${ageing.dealers.length} dealers owing, total ${ageing.total.total}, ${(JSON.stringify(ageing).length / 1e3).toFixed(0)} kB as JSON`);
} finally {
  await dispose();
}
