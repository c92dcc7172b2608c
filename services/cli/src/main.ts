import { runReplay } from './commands/replay';
import { runStart } from './commands/start';
import { runSimulate } from './commands/simulate';
import { UsageError } from './usage';

const USAGE = `dealerflow <command> [options]

  replay   --input F --output F [--policy F]   run every worker over an NDJSON file of input events
  start    [--demo]                            run the product (today: replays the bundled demo story)
  simulate --output F [--dealers N --skus N --days N --seed N --start YYYY-MM-DD]
                                               generate a realistic, seeded input stream
`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  replay: runReplay,
  start: runStart,
  simulate: runSimulate,
};

/** The `dealerflow` command line; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 1 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`dealerflow: unknown command "${command}"\n\n${USAGE}`);
    return 1;
  }
  try {
    return await run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`dealerflow ${command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
