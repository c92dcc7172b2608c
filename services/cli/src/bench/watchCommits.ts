import type { BatchCommitted, PipelineRunner } from '@dealerflow/runtime';

/**
 * Follows the runner's commits: `until(seq)` resolves with the time (performance.now) of the
 * commit of the first batch whose last event is at or past `seq`, at once when that is already
 * committed (with the time it was).
 */
export function watchCommits(runner: Pick<PipelineRunner, 'onCommitted'>) {
  let committedSeq = 0n;
  let committedAt = 0;
  let outputs = 0;
  let waiters: { seq: bigint; resolve: (at: number) => void }[] = [];
  const stop = runner.onCommitted((batch: BatchCommitted) => {
    committedAt = performance.now();
    committedSeq = batch.lastSeq;
    outputs += batch.outputs;
    const ready = waiters.filter((waiter) => waiter.seq <= committedSeq);
    waiters = waiters.filter((waiter) => waiter.seq > committedSeq);
    for (const waiter of ready) waiter.resolve(committedAt);
  });
  return {
    until(seq: bigint): Promise<number> {
      if (seq <= committedSeq) return Promise.resolve(committedAt);
      return new Promise((resolve) => waiters.push({ seq, resolve }));
    },
    outputs: () => outputs,
    stop,
  };
}
