import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { conformanceStream, replayOutputs, splitOutputs } from '@dealerflow/runtime/testing';
import { postNdjson, readAllOutputs, startServer, waitUntilCaughtUp } from '../src/testing/serverProcess';

const TOKENS = { DEALERFLOW_TOKENS: 'ingest-token=ingest,admin-token=admin' };

it('loses nothing and repeats nothing when killed with SIGKILL mid-stream and restarted', async () => {
  const lines = conformanceStream();
  const expected = await replayOutputs(lines);
  const dataDir = mkdtempSync(join(tmpdir(), 'dealerflow-crash-'));
  const half = Math.floor(lines.length / 2);

  const first = await startServer(['--data-dir', dataDir], TOKENS);
  for (let start = 0; start < half; start += 400) {
    const response = await postNdjson(first.url, 'ingest-token', lines.slice(start, Math.min(start + 400, half)));
    expect(response.status).toBe(202);
  }
  // Killed while the runner is still applying what was acknowledged.
  expect(await first.stop('SIGKILL')).toBe(null);

  const second = await startServer(['--data-dir', dataDir], TOKENS);
  try {
    // The rest, starting 300 lines early: those are sent twice.
    const rest = lines.slice(half - 300);
    let duplicates = 0;
    for (let start = 0; start < rest.length; start += 400) {
      const response = await postNdjson(second.url, 'ingest-token', rest.slice(start, start + 400));
      expect(response.status).toBe(202);
      duplicates += ((await response.json()) as { duplicates: number }).duplicates;
    }
    expect(duplicates).toBeGreaterThan(250);
    await waitUntilCaughtUp(second.url);
    const actual = splitOutputs(await readAllOutputs(second.url, 'admin-token'));
    expect(actual.outputs.length).toBe(expected.outputs.length);
    expect(actual.outputs).toEqual(expected.outputs);
    // A bad line sent twice is rejected twice; every bad line of the stream is on the dead-letter topic.
    expect([...new Set(actual.deadLetters)].sort()).toEqual([...new Set(expected.deadLetters)].sort());
    // The notifier planned each fact once across the crash: no notification is requested twice.
    const requested = actual.notifications.map((line) => JSON.parse(line)).filter((output) => output.type === 'notification.requested');
    expect(requested.length).toBeGreaterThan(0);
    expect(new Set(requested.map((output) => output.data.notificationId)).size).toBe(requested.length);
  } finally {
    expect(await second.stop('SIGTERM')).toBe(0);
  }
});
