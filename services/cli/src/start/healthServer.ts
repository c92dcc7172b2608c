import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthProbe } from '@dealerflow/runtime';

export interface HealthServerOptions {
  health: HealthProbe;
  /** Whether this process runs the tasks now (`running`) or waits to take them over (`standby`). */
  tasks: () => 'running' | 'standby';
}

/**
 * The only HTTP of a `--role runner` process: `GET /healthz` for its supervisor, from memory as the API's is
 * (docs/api.md, "Health"), with `tasks` saying whether this process runs them or stands by. Everything else is 404:
 * ingest and reads are the `ingest` processes' business.
 */
export function createHealthServer(options: HealthServerOptions) {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/healthz') {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found', message: 'a runner serves /healthz only' }));
      return;
    }
    options.health.check().then(
      (figures) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', tasks: options.tasks(), ...figures })),
      () => response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unavailable', message: 'the database cannot be reached' })),
    );
  });
  return {
    /** Listens; resolves with the URL (`http://host:port`). */
    listen(port: number, host: string): Promise<string> {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`);
        });
      });
    },
    close(): Promise<void> {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
