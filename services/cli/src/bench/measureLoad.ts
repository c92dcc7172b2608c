import { driveIngestLoad, latencySummary } from './driveIngestLoad';
import { loadEventSource } from './loadEventSource';
import type { LoadFigures } from './loadFigures';
import type { PhaseName, PhaseResult, RuntimeTarget } from './phases';
import { percentile } from './percentile';
import { peakRssMiB } from './peakRssMiB';
import { probeHealthUnderLoad } from './probeHealthUnderLoad';
import { LOAD_TOKEN, startLoadServer } from './startLoadServer';

export interface LoadOptions {
  /** How long the clients post. */
  seconds: number;
  clients: number;
  eventsPerRequest: number;
}

/**
 * Sustained ingest over HTTP: the real server (startLoadServer: one `dealerflow start` on PGlite, an ingest
 * and a runner process on PostgreSQL, on a fresh database) under `clients` concurrent posters for `seconds`,
 * /healthz probed every 100 ms meanwhile. Its rate is the events the server accepted per second of load; the
 * runner applies them meanwhile, and what it had not applied when the load stopped is reported, not waited for.
 * Peak RSS is this process's (the clients'), not the server's; the server's CPU time is reported, as on a
 * shared machine the events per CPU second say more than the events per second.
 */
export async function measureLoad(input: string, phase: PhaseName, target: RuntimeTarget, options: LoadOptions): Promise<PhaseResult> {
  const source = await loadEventSource(input);
  const server = await startLoadServer(target, `${phase}-server`);
  try {
    const cpuBefore = await server.cpuSeconds();
    const runnerCpuBefore = await server.runnerCpuSeconds();
    const health = probeHealthUnderLoad(server.url);
    const load = await driveIngestLoad({ url: server.url, token: LOAD_TOKEN, ...options, next: source.next });
    const cpuAfter = await server.cpuSeconds();
    const runnerCpuAfter = await server.runnerCpuSeconds();
    const probes = await health.stop();
    if (load.requests === 0 || load.failedRequests === load.requests) throw new Error(`no request succeeded: ${load.firstFailure}`);
    if (load.failedRequests > 0) process.stderr.write(`bench ${phase}: ${load.failedRequests} requests failed, the first: ${load.firstFailure}\n`);
    const figures: LoadFigures = {
      clients: options.clients,
      eventsPerRequest: options.eventsPerRequest,
      requests: load.requests,
      failedRequests: load.failedRequests,
      duplicates: load.duplicates,
      deadLettered: load.deadLettered,
      ...latencySummary(load.latenciesMs),
      healthProbes: probes.durationsMs.length,
      healthMaxMs: Math.round(percentile(probes.durationsMs, 100) * 10) / 10,
      healthP50Ms: Math.round(percentile(probes.durationsMs, 50) * 10) / 10,
      healthP99Ms: Math.round(percentile(probes.durationsMs, 99) * 10) / 10,
      healthFailures: probes.failures,
      lagAtEnd: await lagOf(server.url),
      topology: server.topology,
      serverCpuSeconds: secondsBetween(cpuBefore, cpuAfter),
      runnerCpuSeconds: secondsBetween(runnerCpuBefore, runnerCpuAfter),
    };
    return { phase, events: load.accepted, seconds: load.seconds, eventsPerSecond: load.accepted / load.seconds, peakRssMiB: peakRssMiB(), load: figures };
  } finally {
    await server.stop();
  }
}

function secondsBetween(before: number | undefined, after: number | undefined): number | undefined {
  return before === undefined || after === undefined ? undefined : Math.round((after - before) * 100) / 100;
}

async function lagOf(url: string): Promise<number> {
  const health = (await (await fetch(`${url}/healthz`)).json()) as { lag?: Record<string, number> };
  return Math.max(0, ...Object.values(health.lag ?? {}));
}
