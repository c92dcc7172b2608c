import { parseCommandLine } from '../commandLine/parseCommandLine';
import { startCommand } from '../commandSpecs';
import { loadPolicyFile } from '../settings/loadSettings';
import { policyFileOf } from '../settings/policyFileOf';
import { brokersOf } from '@dealerflow/bus-kafka';
import { startEmbedded } from '../start/startEmbedded';
import { startOnKafka } from '../start/startOnKafka';
import { isStartRole, START_ROLES, type StartRole } from '../start/startRole';
import { UsageError } from '../usage';

/** `dealerflow start`: the embedded runtime, or with KAFKA_BROKERS the API beside the worker services (API.md, docs/kafka.md). Runs until SIGTERM or SIGINT. */
export async function runStart(args: string[]): Promise<number> {
  const options = parseCommandLine(startCommand, args);
  const port = Number(options.port);
  if (options.port.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port must be a port number, got "${options.port}"`);
  }
  const brokers = brokersOf(process.env);
  const role = roleOf(options.role, brokers.length > 0, options.demo);
  // The same file the Kafka worker services read from DEALERFLOW_POLICY, unless --policy names another.
  const policyFile = policyFileOf(options.policy, process.env);
  const startOptions = {
    role,
    port,
    host: options.host,
    dataDir: options['data-dir'],
    demo: options.demo,
    ...(await loadPolicyFile(policyFile)),
    policyFile,
    env: process.env,
  };
  await (brokers.length > 0 ? startOnKafka(startOptions, brokers) : startEmbedded(startOptions));
  // Keeps running: the server and the runner hold the event loop until a signal stops them.
  return new Promise<number>(() => {});
}

/** `--role`: one of START_ROLES; `ingest` and `runner` are processes of one PostgreSQL database, for the embedded runtime. */
function roleOf(value: string, onKafka: boolean, demo: boolean): StartRole {
  if (!isStartRole(value)) throw new UsageError(`--role must be one of ${START_ROLES.join(', ')}, got "${value}"`);
  if (value === 'all') return value;
  if (onKafka) throw new UsageError(`--role ${value} is for processes on one database; with KAFKA_BROKERS the workers are services of their own (docs/kafka.md)`);
  if (!process.env.DATABASE_URL?.trim()) throw new UsageError(`--role ${value} needs DATABASE_URL: the embedded PGlite is one process's database`);
  if (demo && value === 'runner') throw new UsageError('--demo feeds the story through the API: give it to the process that serves it (--role all or ingest)');
  return value;
}
