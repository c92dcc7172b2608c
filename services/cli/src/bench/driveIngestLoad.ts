import { percentile } from './percentile';

export interface IngestLoadOptions {
  url: string;
  token: string;
  clients: number;
  eventsPerRequest: number;
  seconds: number;
  /** The next `count` NDJSON lines to send. */
  next(count: number): string[];
}

export interface IngestLoadResult {
  seconds: number;
  requests: number;
  failedRequests: number;
  accepted: number;
  duplicates: number;
  deadLettered: number;
  /** Sending to the 202, ms, every answered request. */
  latenciesMs: number[];
  /** The first failure, to name in the report. */
  firstFailure: string | undefined;
}

/**
 * Closed-loop load on `POST /v1/events`: `clients` loops, each sending a body of `eventsPerRequest` NDJSON
 * lines and the next one as soon as its answer came, until `seconds` have passed. What a fleet of source
 * systems does when the server is the bottleneck: the rate measured is what the server takes.
 */
export async function driveIngestLoad(options: IngestLoadOptions): Promise<IngestLoadResult> {
  const result: IngestLoadResult = { seconds: 0, requests: 0, failedRequests: 0, accepted: 0, duplicates: 0, deadLettered: 0, latenciesMs: [], firstFailure: undefined };
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/x-ndjson' };

  async function client(): Promise<void> {
    while (performance.now() < deadline) {
      const body = options.next(options.eventsPerRequest).join('\n');
      const sentAt = performance.now();
      try {
        const response = await fetch(`${options.url}/v1/events`, { method: 'POST', headers, body });
        const text = await response.text();
        result.requests += 1;
        if (response.status !== 202) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
        result.latenciesMs.push(performance.now() - sentAt);
        const answer = JSON.parse(text) as { accepted: number; duplicates: number; deadLettered: number };
        result.accepted += answer.accepted;
        result.duplicates += answer.duplicates;
        result.deadLettered += answer.deadLettered;
      } catch (error) {
        result.failedRequests += 1;
        result.firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    }
  }

  await Promise.all(Array.from({ length: options.clients }, client));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

export function latencySummary(samples: readonly number[]) {
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { p50Ms: round(percentile(samples, 50)), p99Ms: round(percentile(samples, 99)), maxMs: round(percentile(samples, 100)) };
}
