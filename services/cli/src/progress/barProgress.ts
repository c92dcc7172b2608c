import { MultiBar, Presets } from 'cli-progress';
import { percentOf, type Progress, type ProgressOptions, type ProgressStream } from './progress';

/** Progress on a terminal: one bar, redrawn in place (cli-progress), lines logged above it. */
export function createBarProgress(options: ProgressOptions & { stream: ProgressStream }): Progress {
  const bars = new MultiBar(
    {
      stream: options.stream,
      format: `${options.label} [{bar}] {percent}% | {amount}{detail} | {duration_formatted}${options.eta ? ' (about {eta_formatted} left)' : ''}`,
      barsize: 30,
      clearOnComplete: true,
      hideCursor: false,
      // true: the bar is cut at the terminal's width (a wrapped bar leaves a copy on every redraw),
      // and the terminal's own wrapping is left alone, so a Ctrl-C mid-run cannot leave it turned off.
      linewrap: true,
    },
    Presets.shades_classic,
  );
  const payloadOf = (done: number, detail: string | undefined) => ({
    percent: percentOf(done, options.total),
    amount: options.describe(done, options.total),
    detail: detail === undefined ? '' : ` | ${detail}`,
  });
  let detail: string | undefined;
  const bar = bars.create(Math.max(options.total, 1), 0, payloadOf(0, undefined));
  return {
    update(done, text) {
      if (text !== undefined) detail = text;
      bar.update(Math.min(done, options.total), payloadOf(done, detail));
    },
    log(line) {
      bars.log(`${line}\n`);
    },
    stop() {
      // Redraw once so lines logged since the last redraw are written before the bar is cleared.
      bars.update();
      bars.stop();
    },
  };
}
