import { createPollingLoop, type RuntimeLogger } from '@dealerflow/runtime';
import type { InputRelay } from './inputRelay';

export interface InputRelayLoopOptions {
  relay: Pick<InputRelay, 'relayBatch' | 'markIdle'>;
  logger: RuntimeLogger;
  /** How long it sleeps when the log is caught up and no append woke it (default 250 ms). */
  idlePollMs?: number;
  /** How long the log must stay quiet before the relay promises its latest instant complete (default 1 s). */
  idleMarkMs?: number;
  now?: () => number;
}

/**
 * The ingest relay's loop beside the API: it publishes batches while the input log has more, sleeps
 * when caught up (an append wakes it), and after `idleMarkMs` without new events sends the idle
 * progress marker, so the tasks apply the last instant instead of waiting for a later event. A
 * failed send is retried with backoff from the recorded position.
 */
export function createInputRelayLoop(options: InputRelayLoopOptions) {
  const logger = options.logger.child({ component: 'input-relay' });
  const now = options.now ?? Date.now;
  const idleMarkMs = options.idleMarkMs ?? 1_000;
  let lastSentAt = now();

  async function step(): Promise<number> {
    const sent = await options.relay.relayBatch();
    if (sent > 0) lastSentAt = now();
    else if (now() - lastSentAt >= idleMarkMs) await options.relay.markIdle();
    return sent;
  }

  const loop = createPollingLoop({
    step,
    idlePollMs: options.idlePollMs ?? 250,
    onFailure: (error, failures) => logger.error({ err: error, failures, retriable: true }, 'input relay failed; trying again from the recorded position'),
  });
  return { start: loop.start, wake: loop.wake, stop: loop.stop };
}

export type InputRelayLoop = ReturnType<typeof createInputRelayLoop>;
