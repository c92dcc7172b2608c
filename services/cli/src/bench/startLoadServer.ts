import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createScratchDatabase, type ScratchDatabase } from '@dealerflow/db/testing';
import type { RuntimeTarget } from './phases';
import { dropScratch } from './openBenchRuntime';
import { preparePgliteFolder } from './preparePgliteFolder';
import { processCpuSeconds } from './processCpuSeconds';

const BIN = join(import.meta.dirname, '../../bin/dealerflow.js');
/** The ingest token the load's clients send (a role that may only send events). */
export const LOAD_TOKEN = 'dealerflow-bench-load-token';
/** Server log lines at warn or above passed on to stderr, at most: a failing server says why, a busy one does not flood. */
const MAX_FORWARDED_LOG_LINES = 20;

export interface LoadServer {
  url: string;
  /** CPU the server's process has used so far (user + system), seconds; undefined where /proc does not say (not Linux). */
  cpuSeconds(): Promise<number | undefined>;
  /** Stops the server (SIGTERM: no new requests, the batch in hand committed) and removes what it stored. */
  stop(): Promise<void>;
}

/**
 * `dealerflow start` in a process of its own, as an operator runs it: the runtime, the notifier (in process,
 * email off) and the HTTP API, on a fresh PGlite folder (created and migrated beforehand, as
 * preparePgliteFolder says why) or a scratch database on the server DATABASE_URL names. Under
 * `--profile`, the server writes its own CPU profiles next to the phase's (in `<phase>-server/`).
 */
export async function startLoadServer(target: RuntimeTarget, profileName: string): Promise<LoadServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dealerflow-bench-load-'));
  let scratch: ScratchDatabase | undefined;
  const cleanup = async () => {
    await rm(dataDir, { recursive: true, force: true });
    if (scratch !== undefined) await dropScratch(scratch);
  };
  try {
    if (target === 'pglite') await preparePgliteFolder(join(dataDir, 'pglite'));
    else {
      const serverUrl = process.env.DATABASE_URL;
      if (!serverUrl) throw new Error('DATABASE_URL is unset');
      scratch = await createScratchDatabase(serverUrl);
    }
    const child = spawn(process.execPath, [...profileArgs(profileName), BIN, 'start', '--port', '0', '--data-dir', dataDir], {
      env: {
        ...process.env,
        DATABASE_URL: scratch?.url ?? '',
        // The embedded runtime is what a load phase measures, even in a bench run with KAFKA_BROKERS (the kafka phase's).
        KAFKA_BROKERS: '',
        DEALERFLOW_TOKENS: `${LOAD_TOKEN}=ingest@bench`,
        REDIS_URL: '',
        SMTP_URL: '',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let forwarded = 0;
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const entry = parseLogLine(line);
        if (entry?.msg === 'listening' && typeof entry.url === 'string') resolve(entry.url);
        if (entry !== undefined && (entry.level ?? 0) >= 40 && forwarded++ < MAX_FORWARDED_LOG_LINES) process.stderr.write(`bench server: ${line}\n`);
      });
      void exited.then((code) => reject(new Error(`dealerflow start exited (${code}) before listening`)));
    });
    return {
      url,
      cpuSeconds: () => processCpuSeconds(child.pid),
      async stop() {
        child.kill('SIGTERM');
        await exited;
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

function parseLogLine(line: string): { msg?: string; url?: unknown; level?: number } | undefined {
  try {
    return JSON.parse(line) as { msg?: string; url?: unknown; level?: number };
  } catch {
    return undefined;
  }
}

/**
 * The phase runs under `node --cpu-prof --cpu-prof-dir D` when bench has `--profile D`: the server then
 * profiles into `D/<name>/`, under Node's own file names, one per thread (with one name for all, tsx's
 * loader thread would overwrite the main thread's profile).
 */
function profileArgs(profileName: string): string[] {
  const at = process.execArgv.indexOf('--cpu-prof-dir');
  if (at === -1) return [];
  return ['--cpu-prof', '--cpu-prof-dir', join(process.execArgv[at + 1]!, profileName)];
}
