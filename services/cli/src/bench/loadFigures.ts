/** What a load phase adds: concurrent clients posting to the real HTTP server, and /healthz probed meanwhile. */
export interface LoadFigures {
  /** Clients posting at once, each waiting for its answer before the next request. */
  clients: number;
  /** Events per request body (NDJSON). */
  eventsPerRequest: number;
  requests: number;
  /** Answers other than 202 (or no answer). */
  failedRequests: number;
  duplicates: number;
  deadLettered: number;
  /** A request's time from sending to the 202, ms. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** /healthz probes sent during the load (one every 100 ms, each waiting at most 5 s). */
  healthProbes: number;
  /** The slowest /healthz answer, ms (5 000 when one did not answer in time). */
  healthMaxMs: number;
  healthP50Ms: number;
  healthP99Ms: number;
  /** Probes not answered 200 within 5 s. */
  healthFailures: number;
  /** Events the server's runner had not applied yet when the load stopped (from /healthz's lag). */
  lagAtEnd: number;
  /** How the server ran (startLoadServer): `one process`, or `ingest + runner`. */
  topology: string;
  /** CPU the process serving the API used during the load, seconds (user + system); absent where it cannot be read. */
  serverCpuSeconds?: number;
  /** CPU the runner process used during the load, seconds; absent when the API's process runs the tasks, or where it cannot be read. */
  runnerCpuSeconds?: number;
}
