import { describe, expect, it } from 'vitest';
import { formatReport, parsePhaseList, probeRedis } from '../src/bench';
import { percentile } from '../src/bench/percentile';
import { runCli } from './runCli';

const number = String.raw`\d+(?:\.\d+)?`;

describe('dealerflow bench', () => {
  // Three processes, one of them opening a fresh PGlite: minutes when the suite runs beside every other package.
  it('runs a tiny stream through ceiling, replay and PGlite, each in its own process, and prints a row per phase', { timeout: 360_000 }, () => {
    const result = runCli(['bench', '--dealers', '3', '--skus', '10', '--days', '5', '--phases', 'ceiling,replay,pglite'], { timeoutMs: 300_000 });
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('dealerflow bench --dealers 3 --skus 10 --days 5 --phases ceiling,replay,pglite');
    expect(lines[1]).toMatch(/^machine: .+, \d+ cores, .* Node v\d+/);
    const events = Number(/^stream: (\d+) events/.exec(lines[2] ?? '')?.[1]);
    expect(events).toBeGreaterThan(0);

    const header = lines.findIndex((line) => line.startsWith('phase '));
    expect(lines[header]).toMatch(/events\/s +× ceiling +× replay +state B\/event +peak RSS MiB +p50 ms +p99 ms +goal/);
    const rows = lines.slice(header + 1, header + 4);
    expect(rows[0]).toMatch(new RegExp(`^ceiling +${events} +${number} +1\\.00 +- +- +${number} +- +- +-$`));
    expect(rows[1]).toMatch(new RegExp(`^replay +${events} +${number} +${number} +- +- +${number} +- +- +≥ 0\\.5 × ceiling: (met|NOT MET)$`));
    expect(rows[2]).toMatch(
      new RegExp(`^pglite +${events} +${number} +${number} +${number} +${number} +${number} +- +- +≥ 10000/s: (met|NOT MET); ≥ 0\\.35 × replay(?: in CPU time)?: (met|NOT MET)$`),
    );
    expect(lines[header + 4]).toBe('');
    expect(result.stdout).toMatch(/^ceiling: warm, in CPU time: \d+ events in [\d.]+ s of CPU \([\d.]+ s of wall time\)$/m);
    // Not the default stream: no share of the figure measured before snapshots on it.
    expect(result.stdout).toMatch(/^pglite: state written [\d.]+ MiB in the timed part, \d+ snapshot\(s\), [\d.]+ B\/event; the snapshot at stop [\d.]+ MiB, [\d.]+ B\/event with it$/m);
  });

  it('times ingest alone on PGlite (no runner) as the floor under the pglite phase, with --phases ingest', { timeout: 360_000 }, () => {
    const result = runCli(['bench', '--dealers', '3', '--skus', '10', '--days', '5', '--phases', 'ingest,pglite'], { timeoutMs: 300_000 });
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const events = Number(/^stream: (\d+) events/.exec(lines[2] ?? '')?.[1]);
    const header = lines.findIndex((line) => line.startsWith('phase '));
    expect(lines[header + 1]).toMatch(new RegExp(`^pglite-ingest +${events} +${number} +- +- +- +${number} +- +- +-$`));
    // Run when DATABASE_URL names a server, skipped otherwise.
    expect(lines[header + 2]).toMatch(new RegExp(`^postgres-ingest +(skipped: DATABASE_URL unset|${events} +${number} +- +- +- +${number} +- +- +-)$`));
    expect(lines[header + 3]).toMatch(
      new RegExp(`^pglite +${events} +${number} +- +- +${number} +${number} +- +- +≥ 10000/s: (met|NOT MET); ≥ 0\\.35 × replay: not judged$`),
    );
    expect(result.stdout).toMatch(new RegExp(`^pglite-ingest: appends alone, no runner: \\d+/s bounds the pglite phase's rate .*; pglite reached \\d+/s, \\d+ % of it$`, 'm'));
  });

  it('times PGlite latency at half the rate of the pglite phase, warm: the stream applied once before, untimed', { timeout: 360_000 }, () => {
    const result = runCli(['bench', '--dealers', '3', '--skus', '10', '--days', '5', '--phases', 'pglite,pglite-latency'], { timeoutMs: 300_000 });
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const events = Number(/^stream: (\d+) events/.exec(lines[2] ?? '')?.[1]);
    const header = lines.findIndex((line) => line.startsWith('phase '));
    expect(lines[header + 2]).toMatch(new RegExp(`^pglite-latency +${events} +${number} +- +- +${number} +${number} +${number} +${number} +p99 ≤ 250 ms: (met|NOT MET)`));
    expect(result.stdout).toMatch(new RegExp(`^pglite-latency: ${events} events in \\d+ appends .*; measured warm \\(the stream applied once before, untimed: [\\d.]+ s\\)$`, 'm'));
  });

  it('refuses an unknown phase with exit 1 and the known names', () => {
    const result = runCli(['bench', '--phases', 'ceiling,warp']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--phases: unknown warp \(known: ceiling, replay, pglite-ingest, postgres-ingest, pglite, pglite-latency, postgres, postgres-latency, notify-bullmq, notify-inprocess, pglite-load, postgres-load, kafka, ingest, latency, notify, load\)/);
  });

  it('delivers a few webhooks through the in-process queue to a loopback receiver and prints the notify row', { timeout: 360_000 }, () => {
    const result = runCli(['bench', '--phases', 'notify-inprocess', '--notify-jobs', '300', '--notify-seconds', '1'], { timeoutMs: 300_000 });
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[2]).toBe('stream: none needed (notify phases only)');
    const header = lines.findIndex((line) => line.startsWith('phase '));
    expect(lines[header + 1]).toMatch(
      new RegExp(`^notify-inprocess +300 +${number} +- +- +- +${number} +${number} +${number} +≥ 5000/s: (met|NOT MET); p99 ≤ 1000 ms at half rate: (met|NOT MET)$`),
    );
    const note = lines.find((line) => line.startsWith('notify-inprocess: '));
    const received = Number(/(\d+) requests received, every signature valid, no id twice/.exec(note ?? '')?.[1]);
    // Each stock-out of the output → delivered run plans a dealer webhook, the dealer's inbox and the operations inbox.
    const [, outputs, notifications] = /(\d+) stock-outs committed over [\d.]+ s, (\d+) notifications/.exec(note ?? '')?.map(Number) ?? [];
    expect(outputs).toBeGreaterThan(0);
    expect(notifications).toBe(3 * outputs!);
    expect(received).toBe(300 + outputs!);
    expect(result.stdout).not.toMatch(/RSS goals/);
  });
});

describe('bench figures', () => {
  it('puts phases in run order, `latency` standing for both latency phases', () => {
    expect(parsePhaseList('latency,replay, ceiling')).toEqual(['ceiling', 'replay', 'pglite-latency', 'postgres-latency']);
    expect(parsePhaseList('replay,nope')).toEqual({ unknown: ['nope'] });
    expect(parsePhaseList('notify,ceiling')).toEqual(['ceiling', 'notify-bullmq', 'notify-inprocess']);
    expect(parsePhaseList('postgres,ingest,replay')).toEqual(['replay', 'pglite-ingest', 'postgres-ingest', 'postgres']);
  });

  it('shows an ingest phase with its ratio to the ceiling, no goal, and a note that it bounds its sustained phase', () => {
    const base = { events: 1000, seconds: 1 };
    const report = formatReport(
      [
        { phase: 'ceiling', result: { ...base, phase: 'ceiling', eventsPerSecond: 40_000, peakRssMiB: 100 } },
        { phase: 'postgres-ingest', result: { ...base, phase: 'postgres-ingest', eventsPerSecond: 20_000, peakRssMiB: 150 } },
        { phase: 'postgres', result: { ...base, phase: 'postgres', eventsPerSecond: 5_000, peakRssMiB: 300, outputs: 0 } },
      ],
      false,
    );
    const lines = report.split('\n');
    expect(lines[2]).toMatch(/^postgres-ingest +1000 +20000 +0\.50 +- +- +150 +- +- +-$/);
    expect(report).toMatch(/^postgres-ingest: appends alone, no runner: 20000\/s bounds the postgres phase's rate \(ingest and the runner share one process\); postgres reached 5000\/s, 25 % of it$/m);
  });

  it('judges the persistent runtime against the replay of the same run and by the state it wrote per event', () => {
    const base = { events: 10_000, seconds: 1, outputs: 0 };
    const state = (bytes: number, bytesAtStop: number) => ({ bytes, bytesPerEvent: bytes / 10_000, snapshots: 1, bytesAtStop });
    const report = formatReport(
      [
        { phase: 'ceiling', result: { ...base, phase: 'ceiling', eventsPerSecond: 60_000, wallSeconds: 0.2, peakRssMiB: 100 } },
        { phase: 'replay', result: { ...base, phase: 'replay', eventsPerSecond: 10_000, peakRssMiB: 300 } },
        { phase: 'pglite', result: { ...base, phase: 'pglite', eventsPerSecond: 3_400, peakRssMiB: 400, state: state(700_000, 2_000_000) } },
        { phase: 'postgres', result: { ...base, phase: 'postgres', eventsPerSecond: 5_000, peakRssMiB: 400, state: state(500_000, 0) } },
      ],
      false,
      true,
    );
    const lines = report.split('\n');
    expect(lines[3]).toMatch(/^pglite +10000 +3400 +0\.06 +0\.34 +70\.0 +400 +- +- +≥ 10000\/s: NOT MET; ≥ 0\.35 × replay: NOT MET; state ≤ 78 B\/event: met$/);
    expect(lines[4]).toMatch(/^postgres +10000 +5000 +0\.08 +0\.50 +50\.0 +400 +- +- +≥ 25000\/s: NOT MET; ≥ 0\.5 × replay: met; state ≤ 46 B\/event: NOT MET$/);
    expect(report).toMatch(/^pglite: state written 0\.67 MiB in the timed part, 1 snapshot\(s\), 70\.0 B\/event \(9\.0 % of the 776 B\/event before snapshots\); the snapshot at stop 1\.91 MiB, 270\.0 B\/event with it \(34\.8 % of the 776 B\/event before snapshots\)$/m);
  });

  it('judges the runtime against the replay in CPU time where both are known, PostgreSQL with its backends, else in wall time', () => {
    const base = { events: 10_000, seconds: 1, outputs: 0 };
    const report = formatReport(
      [
        { phase: 'replay', result: { ...base, phase: 'replay', eventsPerSecond: 10_000, cpuSeconds: 2, peakRssMiB: 300 } },
        { phase: 'pglite', result: { ...base, phase: 'pglite', eventsPerSecond: 2_000, cpuSeconds: 5, peakRssMiB: 400 } },
        { phase: 'postgres', result: { ...base, phase: 'postgres', eventsPerSecond: 6_000, cpuSeconds: 3, databaseCpuSeconds: 1.5, peakRssMiB: 400 } },
      ],
      false,
    );
    const lines = report.split('\n');
    // Wall time would say 0.20 and 0.60: the CPU ratios (2 / 5 = 0.40, 2 / 4.5 = 0.44) are what is judged.
    expect(lines[2]).toMatch(/^pglite +10000 +2000 +- +0\.20 +- +400 +- +- +≥ 10000\/s: NOT MET; ≥ 0\.35 × replay in CPU time: met$/);
    expect(lines[3]).toMatch(/^postgres +10000 +6000 +- +0\.60 +- +400 +- +- +≥ 25000\/s: NOT MET; ≥ 0\.5 × replay in CPU time: NOT MET$/);
    expect(report).toMatch(/^pglite: 1\.00 s of wall time, 5\.00 s of CPU in its process; in CPU time 0\.40 × the replay$/m);
    expect(report).toMatch(/^postgres: 1\.00 s of wall time, 3\.00 s of CPU in its process and 1\.50 s in PostgreSQL's backends; in CPU time 0\.44 × the replay$/m);
    expect(report).toMatch(/^replay: 1\.00 s of wall time, 2\.00 s of CPU in its process$/m);

    const unknownServer = formatReport(
      [
        { phase: 'replay', result: { ...base, phase: 'replay', eventsPerSecond: 10_000, cpuSeconds: 2, peakRssMiB: 300 } },
        { phase: 'postgres', result: { ...base, phase: 'postgres', eventsPerSecond: 6_000, cpuSeconds: 3, peakRssMiB: 400 } },
      ],
      false,
    );
    // The server's share unknown (a server elsewhere): its CPU ratio would leave the database out, so wall time is judged.
    expect(unknownServer.split('\n')[2]).toMatch(/≥ 0\.5 × replay: met$/);
  });

  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 200 }, (_, index) => 200 - index);
    expect(percentile(samples, 50)).toBe(100);
    expect(percentile(samples, 99)).toBe(198);
    expect(percentile(samples, 100)).toBe(200);
    expect(percentile([], 99)).toBe(0);
  });

  it('judges each phase against its goal, latency by p99 and RSS only for --big', () => {
    const base = { events: 1000, seconds: 1, outputs: 0 };
    const report = formatReport(
      [
        { phase: 'ceiling', result: { ...base, phase: 'ceiling', eventsPerSecond: 40_000, peakRssMiB: 100 } },
        { phase: 'replay', result: { ...base, phase: 'replay', eventsPerSecond: 18_000, peakRssMiB: 1600 } },
        {
          phase: 'pglite-latency',
          result: {
            ...base,
            phase: 'pglite-latency',
            eventsPerSecond: 990,
            peakRssMiB: 300,
            latency: { targetRate: 1000, appends: 50, p50Ms: 20, p99Ms: 250, maxMs: 260, ackP99Ms: 5, warmUpSeconds: 4.2 },
          },
        },
        { phase: 'postgres', skipped: 'DATABASE_URL unset' },
      ],
      true,
    );
    const lines = report.split('\n');
    expect(lines[1]).toMatch(/^ceiling +1000 +40000 +1\.00 +- +- +100 +- +- +-$/);
    expect(lines[2]).toMatch(/^replay +1000 +18000 +0\.45 +- +- +1600 +- +- +≥ 0\.5 × ceiling: NOT MET; RSS ≤ 1536 MiB: NOT MET$/);
    expect(lines[3]).toMatch(/^pglite-latency +1000 +990 +- +- +- +300 +20\.0 +250\.0 +p99 ≤ 250 ms: met$/);
    expect(lines[4]).toMatch(/^postgres +skipped: DATABASE_URL unset$/);
    expect(report).toMatch(/990\/s achieved for 1000\/s aimed/);
    expect(report).toMatch(/measured warm \(the stream applied once before, untimed: 4\.2 s\)/);
  });

  it('judges a notify phase by delivered/s and by p99 at half rate, and says what the paced run did', () => {
    const report = formatReport(
      [
        {
          phase: 'notify-inprocess',
          result: {
            phase: 'notify-inprocess',
            events: 20_000,
            seconds: 4,
            eventsPerSecond: 5_000,
            peakRssMiB: 200,
            latency: { targetRate: 2_500, appends: 37_000, p50Ms: 3, p99Ms: 1_000.1, maxMs: 1_200, ackP99Ms: 2 },
            notify: { concurrency: 64, enqueueSeconds: 0.5, senderCpuMicros: 180, receiverCpuMicros: 90, latencySeconds: 15, received: 32_333, latencyDatabase: 'pglite', latencyOutputs: 12_333 },
          },
        },
        { phase: 'notify-bullmq', skipped: 'Redis unreachable at redis://127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)' },
      ],
      false,
    );
    const lines = report.split('\n');
    expect(lines[1]).toMatch(/^notify-inprocess +20000 +5000 +- +- +- +200 +3\.0 +1000\.1 +≥ 5000\/s: met; p99 ≤ 1000 ms at half rate: NOT MET$/);
    expect(lines[2]).toMatch(/^notify-bullmq +skipped: Redis unreachable/);
    expect(report).toMatch(
      /20000 webhooks in 4\.0 s at concurrency 64 \(enqueueing took 0\.5 s; CPU per webhook: notifier 180 µs, receiver 90 µs\); then through the whole notifier on pglite: 12333 stock-outs committed over 15\.0 s, 37000 notifications \(2467\/s for 2500\/s aimed, half the rate\): output → delivered max 1200\.0 ms/,
    );
  });

  it('tells a Redis that does not answer from one that does', async () => {
    const closed = await probeRedis('redis://127.0.0.1:1');
    expect(closed.reachable).toBe(false);
    expect(await probeRedis('rediss://127.0.0.1:6379')).toEqual({ reachable: false, reason: 'only redis:// URLs are supported here, got rediss:' });
  });
});
