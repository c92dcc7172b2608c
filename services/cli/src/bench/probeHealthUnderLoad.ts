/** How long a probe waits: what an orchestrator's liveness probe would (Kubernetes' default timeout is 1 s; the issue used 5 s). */
export const HEALTH_PROBE_TIMEOUT_MS = 5_000;
const PROBE_EVERY_MS = 100;

export interface HealthProbeRecord {
  /** Time to each answer, ms; a probe without a 200 within the timeout counts as the timeout. */
  durationsMs: number[];
  failures: number;
}

/**
 * Probes `GET /healthz` every 100 ms (whether or not the previous probe answered, as an orchestrator
 * does) until `stop()`, which resolves once every probe sent has answered or timed out.
 */
export function probeHealthUnderLoad(url: string): { stop(): Promise<HealthProbeRecord> } {
  const record: HealthProbeRecord = { durationsMs: [], failures: 0 };
  const inFlight = new Set<Promise<void>>();
  const probe = async () => {
    const sentAt = performance.now();
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(HEALTH_PROBE_TIMEOUT_MS) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      record.durationsMs.push(performance.now() - sentAt);
    } catch {
      record.failures += 1;
      record.durationsMs.push(HEALTH_PROBE_TIMEOUT_MS);
    }
  };
  const timer = setInterval(() => {
    const sent = probe().finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  }, PROBE_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all([...inFlight]);
      return record;
    },
  };
}
