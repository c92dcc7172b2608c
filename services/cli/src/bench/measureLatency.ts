import { setTimeout as sleep } from 'node:timers/promises';
import { openBenchRuntime } from './openBenchRuntime';
import type { PhaseName, PhaseResult, RuntimeTarget } from './phases';
import { peakRssMiB } from './peakRssMiB';
import { percentile } from './percentile';
import { readInputLines } from './readInputLines';
import { stateWritesBetween } from './stateWrites';
import { warmUpRuntime } from './warmUpRuntime';
import { watchCommits } from './watchCommits';

export interface LatencyOptions {
  /** Events/s to feed (half the sustained rate). */
  rate: number;
  /** How long to feed, at most (the file may end first). */
  seconds: number;
  /** Time between appends (default 20 ms). */
  intervalMs?: number;
}

/**
 * Ingest → output latency under a steady load: small appends paced to `rate` from the start of
 * the file, the runner applying in the background. Per append, latency runs from the append
 * resolving (the events are durable, the producer has its 202) to the commit of the batch that
 * applied its last event, the moment its outputs are readable. An append that falls behind the
 * schedule (the log's write lock is held by a batch) is followed by a larger one, so the rate holds.
 * Measured warm: the stream is applied once before, untimed, on a throwaway runtime (warmUpRuntime.ts).
 */
export async function measureLatency(input: string, target: RuntimeTarget, options: LatencyOptions): Promise<PhaseResult> {
  const intervalMs = options.intervalMs ?? 20;
  const warmUpSeconds = await warmUpRuntime(input, target);
  const { runtime, dispose } = await openBenchRuntime(target);
  let result: PhaseResult;
  const before = runtime.runner.writes();
  let atEnd = before;
  try {
    const commits = watchCommits(runtime.runner);
    runtime.start();
    const lines = readInputLines(input)[Symbol.asyncIterator]();
    const latencies: number[] = [];
    const acks: number[] = [];
    const settled: Promise<void>[] = [];
    const started = performance.now();
    let sent = 0;
    let exhausted = false;
    for (let tick = 1; !exhausted; tick += 1) {
      const elapsed = performance.now() - started;
      if (elapsed >= options.seconds * 1000) break;
      const due = Math.floor((options.rate * elapsed) / 1000) - sent;
      const chunk: string[] = [];
      while (chunk.length < due) {
        const next = await lines.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        chunk.push(next.value);
      }
      if (chunk.length > 0) {
        const asked = performance.now();
        const result = await runtime.eventLog.append(chunk.map((text) => ({ text })));
        const ackedAt = performance.now();
        acks.push(ackedAt - asked);
        sent += chunk.length;
        if (result.lastSeq !== null) {
          settled.push(commits.until(result.lastSeq).then((committedAt) => void latencies.push(Math.max(0, committedAt - ackedAt))));
        }
      }
      const wait = started + tick * intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const feedSeconds = (performance.now() - started) / 1000;
    await lines.return(undefined);
    await Promise.all(settled);
    atEnd = runtime.runner.writes();
    commits.stop();
    const phase: PhaseName = target === 'pglite' ? 'pglite-latency' : 'postgres-latency';
    const round = (ms: number) => Math.round(ms * 10) / 10;
    result = {
      phase,
      events: sent,
      seconds: feedSeconds,
      eventsPerSecond: sent / feedSeconds,
      peakRssMiB: peakRssMiB(),
      outputs: commits.outputs(),
      latency: {
        targetRate: options.rate,
        appends: latencies.length,
        p50Ms: round(percentile(latencies, 50)),
        p99Ms: round(percentile(latencies, 99)),
        maxMs: round(percentile(latencies, 100)),
        ackP99Ms: round(percentile(acks, 99)),
        warmUpSeconds: round(warmUpSeconds),
      },
    };
  } finally {
    await dispose();
  }
  return { ...result, state: stateWritesBetween(before, atEnd, runtime.runner.writes(), result.events) };
}
