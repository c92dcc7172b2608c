import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInputLine } from '@dealerflow/contracts';
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli';

const dir = mkdtempSync(join(tmpdir(), 'dealerflow-simulate-'));

describe('dealerflow simulate', () => {
  it('writes a valid, seeded NDJSON stream and a one-line summary, the same bytes every time', () => {
    const args = ['--dealers', '3', '--skus', '10', '--days', '5', '--seed', '7', '--start', '2026-04-01'];
    const first = runCli(['simulate', '--output', join(dir, 'a.ndjson'), ...args]);
    expect(first.code).toBe(0);
    const lines = readFileSync(join(dir, 'a.ndjson'), 'utf8').trimEnd().split('\n');
    expect(first.stderr).toMatch(new RegExp(`^simulated 5 days from 2026-04-01 \\(3 dealers, 10 SKUs, seed 7\\): ${lines.length} events written to .*a\\.ndjson \\(product\\.upserted 10, `));
    expect(first.stderr.trimEnd().split('\n')).toHaveLength(1);
    for (const line of lines) expect(parseInputLine(line).ok).toBe(true);
    expect(JSON.parse(lines[0]!)).toMatchObject({ eventId: 'sim-7-000000001', occurredAt: '2026-04-01T00:00:00Z' });

    expect(runCli(['simulate', '--output', join(dir, 'b.ndjson'), ...args]).code).toBe(0);
    expect(readFileSync(join(dir, 'b.ndjson')).equals(readFileSync(join(dir, 'a.ndjson')))).toBe(true);
  });

  it('writes to stdout with --output -', () => {
    const result = runCli(['simulate', '--output', '-', '--dealers', '2', '--skus', '4', '--days', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/"type":"clock\.tick"/);
    expect(result.stderr).toMatch(/written to stdout/);
  });

  it('rejects bad options with exit 1 and an unwritable output with exit 2', () => {
    expect(runCli(['simulate', '--dealers', '2'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/--output is required/) });
    expect(runCli(['simulate', '--output', join(dir, 'x'), '--start', '2026-02-30'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--start: expected a calendar date/),
    });
    expect(runCli(['simulate', '--output', join(dir, 'x'), '--days', '0'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/--days/) });
    expect(runCli(['simulate', '--output', join(dir, 'missing', 'x.ndjson')])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot write .*missing/),
    });
  });
});
