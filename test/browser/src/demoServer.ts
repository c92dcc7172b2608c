import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, waitUntilCaughtUp, type ServerProcess } from '@dealerflow/cli/testing';

/** The people of the demo story, one token each (DEALERFLOW_TOKENS syntax: token=role@name). */
export const DEMO_PEOPLE = {
  ops: { token: 'ops-demo-token', role: 'ops', name: 'Li Wei (operations)' },
  finance: { token: 'finance-demo-token', role: 'finance', name: 'Mei Chen (finance)' },
  huadong: { token: 'huadong-demo-token', role: 'dealer:D-1001', name: 'Huadong Pumps' },
  northline: { token: 'northline-demo-token', role: 'dealer:D-2002', name: 'Northline Supply' },
  admin: { token: 'admin-demo-token', role: 'admin', name: 'Admin' },
} as const;

export type DemoPerson = keyof typeof DEMO_PEOPLE;

export interface DemoServer {
  url: string;
  server: ServerProcess;
  /** SIGTERM, then removes the data folder; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** `dealerflow start --demo` as its own process on PGlite in a fresh folder, once the story is applied. */
export async function startDemoServer(): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dealerflow-browser-'));
  const tokens = Object.values(DEMO_PEOPLE)
    .map((person) => `${person.token}=${person.role}@${person.name}`)
    .join(',');
  const server = await startServer(['--demo', '--data-dir', dataDir], { DEALERFLOW_TOKENS: tokens });
  await waitUntilCaughtUp(server.url);
  return {
    url: server.url,
    server,
    async stop() {
      const code = await server.stop('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
