import { parseCommandLine } from '../commandLine/parseCommandLine';
import { startCommand } from '../commandSpecs';
import { loadSettings } from '../settings/loadSettings';
import { brokersOf } from '@dealerflow/bus-kafka';
import { startEmbedded } from '../start/startEmbedded';
import { startOnKafka } from '../start/startOnKafka';
import { UsageError } from '../usage';

/** `dealerflow start`: the embedded runtime, or with KAFKA_BROKERS the API beside the worker services (API.md, docs/kafka.md). Runs until SIGTERM or SIGINT. */
export async function runStart(args: string[]): Promise<number> {
  const options = parseCommandLine(startCommand, args);
  const port = Number(options.port);
  if (options.port.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port must be a port number, got "${options.port}"`);
  }
  const startOptions = {
    port,
    host: options.host,
    dataDir: options['data-dir'],
    demo: options.demo,
    ...(await loadSettings(options.policy)),
    env: process.env,
  };
  const brokers = brokersOf(process.env);
  await (brokers.length > 0 ? startOnKafka(startOptions, brokers) : startEmbedded(startOptions));
  // Keeps running: the server and the runner hold the event loop until a signal stops them.
  return new Promise<number>(() => {});
}
