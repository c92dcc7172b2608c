import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLineProgress, createProgress } from '../src/progress';

/** A stream that keeps what is written, a terminal or not. */
function capture(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    }),
    { isTTY, columns: 120, rows: 40, cursorTo: () => true, moveCursor: () => true, clearLine: () => true, clearScreenDown: () => true },
  );
  return { stream, text: () => text };
}

const ESCAPE = /\u001b|\r/;
const describeBytes = (done: number, total: number) => `${done} of ${total} bytes`;

afterEach(() => vi.useRealTimers());

describe('progress when stderr is not a terminal', () => {
  it('writes a plain line at most once per interval, without control characters', () => {
    const out = capture(false);
    let now = 0;
    const progress = createLineProgress({ label: 'replay', total: 200, describe: describeBytes, stream: out.stream, intervalMs: 10_000, now: () => now });
    progress.update(10);
    now = 9_999;
    progress.update(50);
    expect(out.text()).toBe('');
    now = 10_000;
    progress.update(100, '3 dead letters');
    now = 15_000;
    progress.update(150);
    now = 21_000;
    progress.update(200);
    progress.log('bench: replay 12000 events/s');
    progress.stop();
    expect(out.text()).toBe(
      'replay: 50% (100 of 200 bytes, 3 dead letters) after 10 s\n' +
        'replay: 100% (200 of 200 bytes, 3 dead letters) after 21 s\n' +
        'bench: replay 12000 events/s\n',
    );
    expect(out.text()).not.toMatch(ESCAPE);
  });

  it('still writes a line while the work tells nothing (a bench phase running in another process)', () => {
    vi.useFakeTimers({ now: 0 });
    const out = capture(false);
    const progress = createLineProgress({ label: 'bench', total: 4, describe: (done, total) => `${done} of ${total} phases done`, stream: out.stream, intervalMs: 10_000 });
    progress.update(1, 'running pglite');
    vi.advanceTimersByTime(25_000);
    progress.stop();
    vi.advanceTimersByTime(60_000);
    expect(out.text()).toBe(
      'bench: 25% (1 of 4 phases done, running pglite) after 10 s\n' + 'bench: 25% (1 of 4 phases done, running pglite) after 20 s\n',
    );
  });

  it('is what createProgress picks for a stream that is not a terminal', () => {
    vi.useFakeTimers({ now: 0 });
    const out = capture(false);
    const progress = createProgress({ label: 'simulate', total: 30, describe: (day, days) => `day ${day} of ${days}`, stream: out.stream });
    progress.update(15);
    vi.advanceTimersByTime(10_000);
    progress.stop();
    expect(out.text()).toBe('simulate: 50% (day 15 of 30) after 10 s\n');
  });
});

describe('progress on a terminal', () => {
  it('draws a bar in place and clears it when stopped, keeping logged lines', () => {
    vi.useFakeTimers({ now: 0 });
    const out = capture(true);
    const progress = createProgress({ label: 'replay', total: 200, describe: describeBytes, stream: out.stream });
    progress.update(100);
    vi.advanceTimersByTime(500);
    progress.log('a line that stays');
    progress.stop();
    expect(out.text()).toMatch(/replay \[[█░]+\] 50% \| 100 of 200 bytes/);
    expect(out.text()).toContain('a line that stays\n');
    expect(out.text()).toMatch(ESCAPE);
  });
});
