/**
 * A year of data through the replay: generates a seeded stream with `dealerflow simulate` into a
 * temporary folder, replays it with `dealerflow replay` as a child process, and prints what it
 * measured. It asserts nothing; see docs/simulate.md.
 *
 *   npx tsx scripts/stock-year.ts [--dealers 200 --skus 500 --days 365 --seed 1 --keep]
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    dealers: { type: 'string', default: '200' },
    skus: { type: 'string', default: '500' },
    days: { type: 'string', default: '365' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
});

const GNU_TIME = '/usr/bin/time';

interface Measured {
  seconds: number;
  /** Peak resident set size of the child (and what it spawned), in KiB; undefined if not measurable. */
  peakRssKiB: number | undefined;
  stderr: string;
}

/**
 * Runs a command and measures its wall time and peak RSS: through GNU time when it is installed,
 * otherwise through a preloaded script that records `process.resourceUsage().maxRSS` of every
 * Node process in the tree on exit.
 */
async function measure(dir: string, command: string, args: string[]): Promise<Measured> {
  const rssFile = join(dir, `rss-${Date.now()}.txt`);
  const useTime = existsSync(GNU_TIME);
  const env = { ...process.env };
  if (!useTime) {
    const hook = join(dir, 'record-rss.cjs');
    await writeFile(hook, `process.on('exit', () => require('node:fs').appendFileSync(${JSON.stringify(rssFile)}, process.resourceUsage().maxRSS + '\\n'));\n`);
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${hook}`.trim();
  }
  const [file, fileArgs] = useTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, fileArgs, { env, stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr}`);
  const readings = existsSync(rssFile) ? (await readFile(rssFile, 'utf8')).split('\n').map(Number).filter((n) => n > 0) : [];
  return { seconds, peakRssKiB: readings.length > 0 ? Math.max(...readings) : undefined, stderr: stderr.trim() };
}

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
  }
  return lines;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const rss = (kib: number | undefined) => (kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

const dir = await mkdtemp(join(tmpdir(), 'dealerflow-year-'));
const input = join(dir, 'input.ndjson');
const output = join(dir, 'output.ndjson');
const sizes = ['--dealers', values.dealers, '--skus', values.skus, '--days', values.days, '--seed', values.seed];
try {
  process.stdout.write(`stock-year: ${values.dealers} dealers × ${values.skus} SKUs × ${values.days} days, seed ${values.seed} (in ${dir})\n`);
  const generation = await measure(dir, 'npx', ['--no-install', 'dealerflow', 'simulate', '--output', input, ...sizes]);
  const events = await countLines(input);
  const inputBytes = (await stat(input)).size;
  const replay = await measure(dir, 'npx', ['--no-install', 'dealerflow', 'replay', '--input', input, '--output', output]);
  const outputs = await countLines(output);
  const outputBytes = (await stat(output)).size;
  const rows: [string, string][] = [
    ['events', int(events)],
    ['input file', mb(inputBytes)],
    ['generation time', `${generation.seconds.toFixed(1)} s (peak RSS ${rss(generation.peakRssKiB)})`],
    ['replay wall time', `${replay.seconds.toFixed(1)} s`],
    ['replay rate', `${int(events / replay.seconds)} events/s`],
    ['replay peak RSS', rss(replay.peakRssKiB)],
    ['outputs', `${int(outputs)} lines, ${mb(outputBytes)}`],
  ];
  for (const [name, value] of rows) process.stdout.write(`  ${name.padEnd(18)}${value}\n`);
  process.stdout.write(`  replay said: ${replay.stderr.split('\n').at(-1) ?? ''}\n`);
} finally {
  if (values.keep) process.stdout.write(`kept ${dir}\n`);
  else await rm(dir, { recursive: true, force: true });
}
