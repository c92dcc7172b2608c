import { defineCommand } from '../commandLine/commandSpec';

export const startCommand = defineCommand({
  name: 'start',
  summary: 'run the product: every worker, the notifier, the API and the dashboards in one process',
  description:
    'Runs every worker, the notifier, the HTTP API and the dashboards in one process, on an embedded PostgreSQL (PGlite, in the data directory) or on the PostgreSQL server DATABASE_URL names. With KAFKA_BROKERS (and DATABASE_URL) the workers are services of their own on Kafka: this process runs the API, ingest and its relay to the input topics, the notifier and the dashboards (docs/kafka.md). Stops on Ctrl-C or SIGTERM.',
  options: {
    port: { type: 'string', placeholder: 'N', default: '8080', description: 'port the HTTP API and dashboards listen on; 0 takes any free port' },
    host: { type: 'string', placeholder: 'ADDRESS', default: '127.0.0.1', description: 'address to listen on; 0.0.0.0 for every interface' },
    'data-dir': {
      type: 'string',
      placeholder: 'DIR',
      default: '.dealerflow',
      description: 'folder of the embedded database, the admin token and the webhook secret',
    },
    demo: { type: 'boolean', description: 'feed the built-in story and print a sign-in token for each of its people' },
    policy: {
      type: 'string',
      placeholder: 'FILE',
      defaultText: 'the file DEALERFLOW_POLICY names, as for the Kafka worker services; without it, every setting at its default',
      description: "operators' settings: a JSON object with one section per worker and notify, see docs/policy.md",
    },
    role: {
      type: 'string',
      placeholder: 'ROLE',
      default: 'all',
      description:
        'all: everything in this process; ingest: the HTTP API (ingest and reads) without running the workers; runner: the workers, the dashboards and the notifier, with /healthz as its only HTTP (a second runner stands by and takes over when the first dies). ingest and runner need DATABASE_URL (docs/runtime.md)',
    },
  },
});
