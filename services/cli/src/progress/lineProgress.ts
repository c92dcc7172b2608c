import { percentOf, type Progress, type ProgressOptions, type ProgressStream } from './progress';

export interface LineProgressOptions extends ProgressOptions {
  stream: ProgressStream;
  /** At most one line per this many milliseconds. */
  intervalMs: number;
  now?: () => number;
}

/**
 * Progress for logs and CI, where stderr is not a terminal: a plain line (no control characters)
 * at most every `intervalMs`, whether the work reports often or, like a bench phase running in
 * another process, not at all for a while.
 */
export function createLineProgress(options: LineProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  let lastLine = started;
  let done = 0;
  let detail: string | undefined;

  const printIfDue = () => {
    const at = now();
    if (at - lastLine < options.intervalMs) return;
    lastLine = at;
    const elapsed = Math.round((at - started) / 1000);
    const what = options.describe(done, options.total) + (detail === undefined ? '' : `, ${detail}`);
    options.stream.write(`${options.label}: ${percentOf(done, options.total)}% (${what}) after ${elapsed} s\n`);
  };
  // unref: a forgotten stop() must not keep the process alive.
  const timer = setInterval(printIfDue, options.intervalMs).unref();

  return {
    update(value, text) {
      done = value;
      if (text !== undefined) detail = text;
      printIfDue();
    },
    log(line) {
      options.stream.write(`${line}\n`);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
