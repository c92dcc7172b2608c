// The harness the reports in this folder share: which stream they read (a fresh simulate + replay, or files
// given), reading it, and how money is printed. Each report keeps only its own measures.
//
// Options every report takes:
//   --cli DIR/services/cli/bin/dealerflow.js   simulate and replay with another checkout's command line
//   --input IN.ndjson --output OUT.ndjson      read a replay already made instead
//   --keep DIR                                 keep the simulated input and the replay's output in DIR
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The one stream every report is measured on, so figures of different reports and checkouts compare. */
export const SIMULATION = ['--dealers', '30', '--skus', '100', '--days', '120', '--seed', '1'];
export const DAY_MS = 86_400_000;

const THIS_CHECKOUTS_CLI = join(dirname(fileURLToPath(import.meta.url)), '../../services/cli/bin/dealerflow.js');

/** The value after `name` on the command line, or undefined. */
export function option(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** Runs the command line quietly: its summary lines go to stderr, so stdout is the report alone. */
function dealerflow(cli, args) {
  execFileSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * The input and output files of a replay, and `how` they came about (the report's first line). The files given
 * with --input and --output, else `dealerflow simulate` (SIMULATION) and `dealerflow replay` run into a new
 * temporary folder named `<name>-report-…` (or --keep DIR). A report that reads the outputs alone passes
 * `{ needsInput: false }`: --output by itself is then enough, and `input` may be undefined.
 */
export function replayFiles(name, { needsInput = true } = {}) {
  const input = option('--input');
  const output = option('--output');
  if (output && (input || !needsInput)) return { input, output, how: `files given: ${[input, output].filter(Boolean).join(', ')}` };
  const cli = resolve(option('--cli') ?? THIS_CHECKOUTS_CLI);
  const dir = option('--keep') ?? mkdtempSync(join(tmpdir(), `${name}-report-`));
  mkdirSync(dir, { recursive: true });
  const files = { input: join(dir, 'input.ndjson'), output: join(dir, 'output.ndjson') };
  dealerflow(cli, ['simulate', ...SIMULATION, '--output', files.input]);
  dealerflow(cli, ['replay', '--input', files.input, '--output', files.output]);
  return { ...files, how: `dealerflow simulate ${SIMULATION.join(' ')} && dealerflow replay (${cli})` };
}

/** The envelopes of an NDJSON file, in file order (a replay writes outputs in emission order). */
export function readLines(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** The replay's inputs and outputs, parsed, with `how` they came about. */
export function readReplay(name) {
  const { input, output, how } = replayFiles(name);
  return { how, inputs: readLines(input), outputs: readLines(output) };
}

/** Cents as an amount with two decimals and thousands separators: 140860870 → "1,408,608.70". */
export const money = (cents) => (cents / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
