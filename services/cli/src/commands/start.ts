import { parseOptions, UsageError } from '../usage';
import { startEmbedded } from '../start/startEmbedded';
import { loadSettings } from './replay';

/**
 * `dealerflow start [--port 8080] [--host 127.0.0.1] [--data-dir ./.dealerflow] [--demo] [--policy F]`:
 * the embedded runtime (API.md). Runs until SIGTERM or SIGINT.
 */
export async function runStart(args: string[]): Promise<number> {
  const options = parseOptions(args, {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: '.dealerflow' },
    demo: { type: 'boolean', default: false },
    policy: { type: 'string' },
  });
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a port number, got "${options.port}"`);
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
