import { parseCommandLine } from '../commandLine/parseCommandLine';
import { startCommand } from '../commandSpecs';
import { loadSettings } from '../settings/loadSettings';
import { startEmbedded } from '../start/startEmbedded';
import { UsageError } from '../usage';

/** `dealerflow start`: the embedded runtime (API.md). Runs until SIGTERM or SIGINT. */
export async function runStart(args: string[]): Promise<number> {
  const options = parseCommandLine(startCommand, args);
  const port = Number(options.port);
  if (options.port.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port must be a port number, got "${options.port}"`);
  }
  await startEmbedded({
    port,
    host: options.host,
    dataDir: options['data-dir'],
    demo: options.demo,
    ...(await loadSettings(options.policy)),
    env: process.env,
  });
  // Keeps running: the server and the runner hold the event loop until a signal stops them.
  return new Promise<number>(() => {});
}
