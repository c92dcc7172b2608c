import { PHASES } from '../bench/phases';
import { defineCommand } from '../commandLine/commandSpec';

export const benchCommand = defineCommand({
  name: 'bench',
  summary: 'measure throughput, memory and latency against the goals',
  description:
    'Generates a seeded stream once, runs each phase in its own process (ceiling, replay, ingest and the runtime on PGlite and PostgreSQL, latency, webhook delivery, load on the real HTTP server, the worker services on Kafka with one and two processes each) and prints one table with the goals (docs/performance.md). Progress on stderr, the report on stdout. Exit 0 when every phase ran (goals met or not), 1 for a bad option, 2 when a phase failed. PostgreSQL phases need DATABASE_URL; notify-bullmq needs Redis (REDIS_URL); kafka needs KAFKA_BROKERS and DATABASE_URL, and a broker of its own (it recreates the topics).',
  options: {
    dealers: { type: 'string', placeholder: 'N', defaultText: '50, 1000 with --big', description: 'dealers in the generated stream' },
    skus: { type: 'string', placeholder: 'N', defaultText: '200, 2000 with --big', description: 'SKUs in the generated stream' },
    days: { type: 'string', placeholder: 'N', defaultText: '30, 365 with --big', description: 'days in the generated stream' },
    seed: { type: 'string', placeholder: 'N', default: '1', description: 'seed of the generated stream' },
    phases: {
      type: 'string',
      placeholder: 'LIST',
      defaultText: 'every phase; ceiling,replay,pglite,postgres with --big',
      description: `comma list of phases to run, of ${PHASES.join(', ')}; ingest, latency, notify and load each name a pair`,
    },
    big: { type: 'boolean', description: "the issue's RSS check: 1000 dealers × 2000 SKUs × 365 days, RSS goals judged" },
    input: { type: 'string', placeholder: 'FILE', defaultText: 'a generated stream', description: 'bench this NDJSON file instead of generating one' },
    keep: { type: 'boolean', description: 'keep the temporary folder (the generated stream) and print its path' },
    profile: {
      type: 'string',
      placeholder: 'DIR',
      defaultText: 'none',
      description: 'write a CPU profile of each phase into DIR and print its hot spots',
    },
    'latency-seconds': { type: 'string', placeholder: 'N', default: '20', description: 'how long a latency phase feeds at half the sustained rate' },
    'append-size': { type: 'string', placeholder: 'N', default: '2000', description: 'events per append in the ingest and runtime phases' },
    'notify-jobs': { type: 'string', placeholder: 'N', default: '20000', description: "webhooks sent in a notify phase's throughput run" },
    'notify-concurrency': { type: 'string', placeholder: 'N', default: '64', description: 'webhooks in flight at once per channel in a notify phase' },
    'notify-seconds': { type: 'string', placeholder: 'N', default: '15', description: "how long a notify phase's latency run feeds, at half its measured rate" },
    'load-seconds': { type: 'string', placeholder: 'N', default: '60', description: 'how long a load phase posts to the real HTTP server' },
    'load-clients': { type: 'string', placeholder: 'N', default: '64', description: 'clients posting at once in a load phase, each waiting for its answer' },
    'load-batch': { type: 'string', placeholder: 'N', default: '10', description: 'events per request in a load phase' },
    phase: { type: 'string', placeholder: 'NAME', defaultText: 'none', internal: true, description: 'run this one phase and print its result as one JSON line' },
    rate: { type: 'string', placeholder: 'N', defaultText: 'none', internal: true, description: 'events per second a latency phase feeds at' },
  },
});
