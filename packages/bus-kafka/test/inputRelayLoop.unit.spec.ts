import { expect, it } from 'vitest';
import { silentLogger } from '@dealerflow/runtime';
import { createInputRelayLoop } from '../src';

async function until(what: () => boolean): Promise<void> {
  for (let waited = 0; !what(); waited += 5) {
    if (waited > 5_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

it('relays while the log has more, and promises the latest instant only once the log has been quiet for idleMarkMs', async () => {
  let clock = 0;
  const sends = [3, 2];
  let batches = 0;
  let marks = 0;
  const loop = createInputRelayLoop({
    relay: {
      relayBatch: async () => {
        batches += 1;
        return sends.shift() ?? 0;
      },
      markIdle: async () => void (marks += 1),
    },
    logger: silentLogger,
    idlePollMs: 1,
    idleMarkMs: 1_000,
    now: () => clock,
  });
  loop.start();
  await until(() => batches >= 6);
  expect(marks).toBe(0);
  clock = 999;
  await until(() => batches >= 10);
  expect(marks).toBe(0);
  clock = 1_000;
  await until(() => marks > 0);
  await loop.stop();
});
