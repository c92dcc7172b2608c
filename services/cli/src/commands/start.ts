import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutputEvent } from '@dealerflow/contracts';
import { replay } from '@dealerflow/runtime';
import { demoStory } from '../demo/story';
import { describeOutput } from '../demo/describeOutput';
import { parseOptions, UsageError } from '../usage';
import { loadPolicies } from './replay';

/**
 * `dealerflow start [--demo]`. The embedded server (HTTP ingest, PostgreSQL) arrives with its own
 * issue; until then `start --demo` replays the built-in story through every worker, prints what
 * each output says, and keeps the outputs in the data directory.
 */
export async function runStart(args: string[]): Promise<number> {
  const options = parseOptions(args, {
    demo: { type: 'boolean', default: false },
    port: { type: 'string' },
    'data-dir': { type: 'string', default: '.dealerflow' },
    policy: { type: 'string' },
  });
  if (!options.demo) {
    throw new UsageError('the embedded server is not built yet; run `dealerflow start --demo` to replay the built-in story');
  }
  const policies = await loadPolicies(options.policy);
  const outputs: string[] = [];
  const stats = await replay(demoStory().map((event) => JSON.stringify(event)), (line) => {
    outputs.push(line);
  }, { policies });
  const dataDir = options['data-dir'];
  await mkdir(dataDir, { recursive: true });
  const outputFile = join(dataDir, 'demo-outputs.ndjson');
  await writeFile(outputFile, outputs.map((line) => `${line}\n`).join(''));
  process.stdout.write(`Dealerflow demo: ${stats.accepted} events from the built-in story, ${stats.outputs} outputs.\n\n`);
  for (const line of outputs) process.stdout.write(`${describeOutput(JSON.parse(line) as OutputEvent)}\n`);
  process.stdout.write(`\nEvery output, as NDJSON: ${outputFile}\n`);
  return 0;
}
