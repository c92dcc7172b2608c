import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { describeIssues, type InputEvent } from '@dealerflow/contracts';
import { createLineWriter } from '@dealerflow/runtime';
import { createEventTally, generateStream, simulateOptionsSchema, type EventTally } from '@dealerflow/testkit';
import { parseCommandLine } from '../commandLine/parseCommandLine';
import { simulateCommand } from '../commandSpecs';
import { createStreamProgress, type StreamProgress } from '../simulate/streamProgress';
import { integerOption, UsageError } from '../usage';

function simulateOptionsFrom(args: string[]) {
  const options = parseCommandLine(simulateCommand, args);
  const parsed = simulateOptionsSchema.safeParse({
    dealers: integerOption(options.dealers, 'dealers', 0),
    skus: integerOption(options.skus, 'skus', 0),
    days: integerOption(options.days, 'days', 0),
    seed: integerOption(options.seed, 'seed', 0),
    start: options.start,
    warehouses: integerOption(options.warehouses, 'warehouses', 0),
  });
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error.issues).replace(/(^|; )(\w+):/g, '$1--$2:'));
  return { output: options.output, simulation: parsed.data };
}

async function writeStream(stream: Writable, events: Iterable<InputEvent>, tally: EventTally, progress: StreamProgress): Promise<void> {
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  const writer = createLineWriter(stream);
  for (const event of events) {
    if (failure) throw failure;
    await writer.write(JSON.stringify(event));
    tally.add(event);
    progress.written(event, tally.total);
  }
  if (stream === process.stdout) await writer.flush();
  else await writer.close();
  if (failure) throw failure;
}

/**
 * `dealerflow simulate --output F`: writes a seeded input stream as NDJSON (`-` for stdout);
 * progress and a one-line summary on stderr. Exit 2 when F cannot be written.
 */
export async function runSimulate(args: string[]): Promise<number> {
  const { output, simulation } = simulateOptionsFrom(args);
  let stream: Writable;
  if (output === '-') {
    stream = process.stdout;
  } else {
    try {
      stream = (await open(output, 'w')).createWriteStream();
    } catch (error) {
      process.stderr.write(`dealerflow simulate: cannot write ${output}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const tally = createEventTally();
  const progress = createStreamProgress('simulate', simulation);
  try {
    await writeStream(stream, generateStream(simulation), tally, progress);
  } catch (error) {
    // A reader that goes away (`| head`) is not a failure: it has what it wanted.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
      process.stderr.write(`dealerflow simulate: the reader closed the output after ${tally.total} events\n`);
      return 0;
    }
    process.stderr.write(`dealerflow simulate: cannot write ${output}: ${(error as Error).message}\n`);
    return 2;
  } finally {
    progress.stop();
  }
  const { dealers, skus, days, seed, start } = simulation;
  process.stderr.write(
    `simulated ${days} days from ${start} (${dealers} dealers, ${skus} SKUs, seed ${seed}): ` +
      `${tally.total} events written to ${output === '-' ? 'stdout' : output} (${tally.describe()})\n`,
  );
  return 0;
}
