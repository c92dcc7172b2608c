import type { RuntimeLogger } from '@dealerflow/runtime';

/** Runs `stop` once on the first SIGTERM or SIGINT, then exits 0 (1 when stopping failed). */
export function stopOnSignals(stop: (signal: string) => Promise<void>, logger: RuntimeLogger): void {
  let stopping: Promise<void> | undefined;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stopping ??= stop(signal);
      void stopping.then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
    });
  }
}
