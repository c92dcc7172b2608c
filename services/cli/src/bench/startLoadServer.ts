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
  /** How the server runs: `one process` (PGlite) or `ingest + runner` (PostgreSQL). */
  topology: string;
  /** CPU the process serving the API has used so far (user + system), seconds; undefined where /proc does not say (not Linux). */
  cpuSeconds(): Promise<number | undefined>;
  /** CPU the runner process has used so far, seconds; undefined when the API's process runs the tasks too, or /proc does not say. */
  runnerCpuSeconds(): Promise<number | undefined>;
  /** Stops the server (SIGTERM: no new requests, the batch in hand committed) and removes what it stored. */
  stop(): Promise<void>;
}

/**
 * The server as an operator deploys it, on a fresh database: on PGlite one `dealerflow start` (the runtime,
 * the notifier with e-mail off, the API: PGlite is one process's database); on PostgreSQL, where ingest and
 * the tasks can be processes of their own (docs/runtime.md), `start --role runner` and `start --role ingest`,
 * so the requests do not share a thread with the runner's batches. PGlite's folder is created and migrated
 * beforehand (preparePgliteFolder says why); PostgreSQL's is a scratch database on the server DATABASE_URL
 * names. Under `--profile`, each process writes its own CPU profiles next to the phase's (in `<phase>-server/`).
 */
export async function startLoadServer(target: RuntimeTarget, profileName: string): Promise<LoadServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dealerflow-bench-load-'));
  let scratch: ScratchDatabase | undefined;
  const started: StartedProcess[] = [];
  const stop = async () => {
    // The API first: no request reaches a process whose runner has gone.
    for (const child of [...started].reverse()) await child.stop();
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
    const env = serverEnv(scratch?.url ?? '');
    const roles = target === 'pglite' ? ['all'] : ['runner', 'ingest'];
    for (const role of roles) started.push(await startProcess(['start', '--role', role, '--port', '0', '--data-dir', dataDir], env, profileArgs(profileName)));
    const api = started.at(-1)!;
    const runner = started.length > 1 ? started[0] : undefined;
    return {
      url: api.url,
      topology: runner === undefined ? 'one process' : 'ingest + runner',
      cpuSeconds: () => processCpuSeconds(api.pid),
      runnerCpuSeconds: async () => (runner === undefined ? undefined : processCpuSeconds(runner.pid)),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function serverEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    // The embedded runtime is what a load phase measures, even in a bench run with KAFKA_BROKERS (the kafka phase's).
    KAFKA_BROKERS: '',
    DEALERFLOW_TOKENS: `${LOAD_TOKEN}=ingest@bench`,
    REDIS_URL: '',
    SMTP_URL: '',
    LOG_LEVEL: 'info',
  };
}

interface StartedProcess {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** `dealerflow <args>` in a process of its own, once it logs that it listens; its warnings pass on to stderr. */
async function startProcess(args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[]): Promise<StartedProcess> {
  const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let forwarded = 0;
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const entry = parseLogLine(line);
        if (entry?.msg === 'listening' && typeof entry.url === 'string') resolve(entry.url);
        if (entry !== undefined && (entry.level ?? 0) >= 40 && forwarded++ < MAX_FORWARDED_LOG_LINES) process.stderr.write(`bench server: ${line}\n`);
      });
      void exited.then((code) => reject(new Error(`dealerflow ${args.join(' ')} exited (${code}) before listening`)));
    });
    return { url, pid: child.pid, stop };
  } catch (error) {
    await stop();
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
