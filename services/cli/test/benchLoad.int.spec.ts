import { describe, expect, it } from 'vitest';
import { DEFAULT_TEST_POSTGRES_URL, probePostgres } from '@dealerflow/db/testing';
import { requireServer } from '@dealerflow/testkit/testing';
import { formatReport, parsePhaseList } from '../src/bench';
import { runCli } from './runCli';

const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const skipPostgres = requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres);

const number = String.raw`\d+(?:\.\d+)?`;

describe('dealerflow bench, load phases', () => {
  // The real server (`dealerflow start`, its own process, a fresh PGlite) under a few clients for 3 s.
  it('drives the real HTTP server with concurrent clients and prints accepted events/s, p99 and the slowest /healthz', { timeout: 360_000 }, () => {
    const result = runCli(
      ['bench', '--dealers', '3', '--skus', '10', '--days', '5', '--phases', 'pglite-load', '--load-seconds', '3', '--load-clients', '4', '--load-batch', '5'],
      { timeoutMs: 300_000 },
    );
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const header = lines.findIndex((line) => line.startsWith('phase '));
    const row = lines[header + 1] ?? '';
    expect(row).toMatch(
      new RegExp(`^pglite-load +(\\d+) +${number} +- +- +- +${number} +${number} +${number} +≥ 2000/s: (met|NOT MET); slowest /healthz < 1000 ms: (met|NOT MET)$`),
    );
    const accepted = Number(/^pglite-load +(\d+)/.exec(row)?.[1]);
    expect(accepted).toBeGreaterThan(0);
    const note = lines.find((line) => line.startsWith('pglite-load: ')) ?? '';
    const [, requests, failed, noted] = /(\d+) requests \((\d+) failed\), (\d+) events accepted/.exec(note)?.map(Number) ?? [];
    expect(failed).toBe(0);
    expect(noted).toBe(accepted);
    // Each request carried 5 events, every one of them new (a stream round repeated gets new ids).
    expect(accepted).toBe(5 * requests!);
    expect(note).toMatch(
      /^pglite-load: 4 clients × 5 events per request over HTTP for [\d.]+ s to the server as one process: .* 0 duplicates, 0 dead-lettered; .*\/healthz: \d+ probes, median [\d.]+ ms, p99 [\d.]+ ms, slowest [\d.]+ ms, \d+ without a 200 in 5 s; the runner was \d+ events behind when the load stopped; the server used [\d.]+ s of CPU \(\d+ events per CPU second\)$/,
    );
  });

  // On PostgreSQL the server is two processes, as docs/runtime.md deploys it for ingest at load: `--role ingest` and `--role runner`.
  it.skipIf(skipPostgres)(`drives an ingest process and a runner process on PostgreSQL and reports the CPU of each${skipPostgres ? ` — skipped: ${skipPostgres}` : ''}`, { timeout: 360_000 }, () => {
    const result = runCli(
      ['bench', '--dealers', '3', '--skus', '10', '--days', '5', '--phases', 'postgres-load', '--load-seconds', '3', '--load-clients', '4', '--load-batch', '5'],
      { timeoutMs: 300_000, env: { DATABASE_URL: postgres.serverUrl } },
    );
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.code).toBe(0);
    const note = result.stdout.split('\n').find((line) => line.startsWith('postgres-load: ')) ?? '';
    expect(note).toMatch(/^postgres-load: 4 clients × 5 events per request over HTTP for [\d.]+ s to the server as ingest \+ runner: \d+ requests \(0 failed\)/);
    expect(note).toMatch(/; the ingest process used [\d.]+ s of CPU \(\d+ events per CPU second\), the runner [\d.]+ s$/);
    const [, accepted] = /(\d+) events accepted/.exec(note)?.map(Number) ?? [];
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('load phase figures', () => {
  it('`load` stands for both load phases, after the others', () => {
    expect(parsePhaseList('load,replay')).toEqual(['replay', 'pglite-load', 'postgres-load']);
  });

  it('judges a load phase by accepted events/s and by the slowest /healthz', () => {
    const load = (phase: 'pglite-load' | 'postgres-load', eventsPerSecond: number, healthMaxMs: number, runner?: { runnerCpuSeconds: number }) => ({
      phase,
      result: {
        phase,
        events: eventsPerSecond * 60,
        seconds: 60,
        eventsPerSecond,
        peakRssMiB: 250,
        load: {
          clients: 32, eventsPerRequest: 10, requests: eventsPerSecond * 6, failedRequests: 0, duplicates: 0, deadLettered: 0,
          p50Ms: 40, p99Ms: 180.5, maxMs: 400, healthProbes: 600, healthMaxMs, healthP50Ms: 1.5, healthP99Ms: 3, healthFailures: 0, lagAtEnd: 1200, serverCpuSeconds: 50,
          topology: runner === undefined ? 'one process' : 'ingest + runner', ...runner,
        },
      },
    });
    const report = formatReport([load('pglite-load', 2_000, 999.9), load('postgres-load', 4_999, 1_000, { runnerCpuSeconds: 40.5 })], false);
    const lines = report.split('\n');
    expect(lines[1]).toMatch(/^pglite-load +120000 +2000 +- +- +- +250 +40\.0 +180\.5 +≥ 2000\/s: met; slowest \/healthz < 1000 ms: met$/);
    expect(lines[2]).toMatch(/^postgres-load +299940 +4999 +- +- +- +250 +40\.0 +180\.5 +≥ 5000\/s: NOT MET; slowest \/healthz < 1000 ms: NOT MET$/);
    expect(report).toMatch(
      /^pglite-load: 32 clients × 10 events per request over HTTP for 60\.0 s to the server as one process: 12000 requests \(0 failed\), 120000 events accepted, 0 duplicates, 0 dead-lettered; request max 400\.0 ms; \/healthz: 600 probes, median 1\.5 ms, p99 3\.0 ms, slowest 999\.9 ms, 0 without a 200 in 5 s; the runner was 1200 events behind when the load stopped; the server used 50\.0 s of CPU \(2400 events per CPU second\)$/m,
    );
    expect(report).toMatch(
      /^postgres-load: 32 clients × 10 events per request over HTTP for 60\.0 s to the server as ingest \+ runner: .*; the ingest process used 50\.0 s of CPU \(5999 events per CPU second\), the runner 40\.5 s$/m,
    );
  });
});
