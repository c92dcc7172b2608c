import { createBarProgress } from './barProgress';
import { createLineProgress } from './lineProgress';
import type { Progress, ProgressOptions, ProgressStream } from './progress';

/** How often a line is written when stderr is a log, not a terminal. */
export const LOG_INTERVAL_MS = 10_000;

/** A bar on a terminal, plain periodic lines otherwise (logs, CI), on stderr unless told. */
export function createProgress(options: ProgressOptions & { stream?: ProgressStream }): Progress {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY) return createBarProgress({ ...options, stream });
  return createLineProgress({ ...options, stream, intervalMs: LOG_INTERVAL_MS });
}
