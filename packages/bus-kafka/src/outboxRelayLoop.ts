import { createPollingLoop, type RuntimeLogger, type TaskStore } from '@dealerflow/runtime';
import type { OutputRelay } from './outputRelay';

export interface OutboxRelayLoopOptions {
  relay: Pick<OutputRelay, 'relayBatch'>;
  logger: RuntimeLogger;
  /** How long it sleeps when the outbox is empty and no commit woke it (default 500 ms). */
  idlePollMs?: number;
  /** How long `stop` keeps publishing what is left (default 5 s); the next relay of the worker publishes the rest. */
  drainMs?: number;
}

/**
 * The output relay's loop inside a worker service: it publishes while rows wait, sleeps when the
 * outbox is empty, and wakes when a task commits outputs (`storeThatWakes`). A failed send is
 * retried with backoff (the rows stay unrelayed); `stop` publishes what the last commits left.
 */
export function createOutboxRelayLoop(options: OutboxRelayLoopOptions) {
  const logger = options.logger.child({ component: 'output-relay' });
  const loop = createPollingLoop({
    step: () => options.relay.relayBatch(),
    idlePollMs: options.idlePollMs ?? 500,
    onFailure: (error, failures) => logger.error({ err: error, failures, retriable: true }, 'output relay failed; the rows stay in the outbox, trying again'),
  });

  return {
    start: loop.start,
    wake: loop.wake,
    /** Wraps a task store so that each commit with outputs wakes the loop. */
    storeThatWakes(store: TaskStore): TaskStore {
      return {
        load: (taskId) => store.load(taskId),
        async commit(taskId, unit) {
          await store.commit(taskId, unit);
          if (unit.outputs.length > 0) loop.wake();
        },
      };
    },
    /** Ends the loop, then publishes what is left for at most `drainMs`. */
    async stop(): Promise<void> {
      await loop.stop();
      const deadline = Date.now() + (options.drainMs ?? 5_000);
      try {
        while (Date.now() < deadline && (await options.relay.relayBatch()) > 0) {
          // until the outbox is empty (or another relay of the worker holds the lock)
        }
      } catch (error) {
        logger.warn({ err: error, retriable: true }, 'outbox not drained at stop; the next relay of this worker publishes it');
      }
    },
  };
}
