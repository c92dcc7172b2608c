import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { REPO_ROOT } from './kafkaTestBed';

export interface StartProcess {
  child: ChildProcess;
  url: string;
  /** What it wrote to stderr so far (its log lines go to stdout). */
  stderr(): string;
}

/** `dealerflow start` as its own process (the CLI by path, as the services are spawned), once it listens. */
export async function spawnStart(args: readonly string[], env: NodeJS.ProcessEnv): Promise<StartProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'services/cli/bin/dealerflow.js'), 'start', '--port', '0', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.includes('"listening')) return;
      const entry = JSON.parse(line) as { url?: string };
      if (entry.url) resolve(entry.url);
    });
    child.once('exit', (code) => reject(new Error(`dealerflow start exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}
