import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../bin/dealerflow.js');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Everything the process wrote to stdout (its JSON log lines) so far. */
  stdout(): string;
  /** Sends the signal and resolves with the exit code (null when killed by the signal). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `dealerflow start` as its own process on a free port and waits until it listens (embedded, unless `env` names KAFKA_BROKERS). */
export async function startServer(args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', DATABASE_URL: '', KAFKA_BROKERS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'listening' && entry.url) resolve(entry.url);
      } catch {
        // not a log line
      }
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    stop(signal) {
      child.kill(signal);
      return exited;
    },
  };
}

export async function waitUntilCaughtUp(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${url}/healthz`)).json()) as { lag: Record<string, number> };
    if (Object.values(health.lag).every((lag) => lag === 0)) return;
    if (Date.now() > deadline) throw new Error(`not caught up: ${JSON.stringify(health)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every output line, following the cursor. */
export async function readAllOutputs(url: string, token: string): Promise<string[]> {
  const lines: string[] = [];
  let after = '';
  for (;;) {
    const response = await fetch(`${url}/v1/outputs?limit=5000${after ? `&after=${after}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`GET /v1/outputs: ${response.status} ${await response.text()}`);
    const body = await response.text();
    const cursor = response.headers.get('next-cursor');
    if (!cursor) return lines;
    lines.push(...body.split('\n').filter(Boolean));
    after = cursor;
  }
}

export function postNdjson(url: string, token: string, lines: readonly string[]): Promise<Response> {
  return fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: lines.join('\n'),
  });
}

/**
 * A policy file (its path) for stories of a few stock-outs told one by one: no opening summary, no daily digest,
 * no slow-mover rule (issue 21's defaults summarise a dealer's first review and keep what is not critical for the
 * digest). For tests about delivery — secrets, shared Redis — not about the stock rules.
 */
export function alertsOneByOnePolicyFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'dealerflow-policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify({ stock: { openingSummary: false, dailyDigest: false, slowMoverDailySales: 0, slowMoverWaitDays: 0 } }));
  return file;
}
