import { UsageError } from './usage';

const USAGE = `dealerflow <command> [options]

  replay   --input F --output F [--policy F]   run every worker over an NDJSON file of input events
  start    [--demo]                            run the product (today: replays the bundled demo story)
  simulate --output F [--dealers N --skus N --days N --seed N --start YYYY-MM-DD]
                                               generate a realistic, seeded input stream
  bench    [--dealers N --skus N --days N --seed N --phases list --big]
                                               measure throughput, memory and latency against the goals
`;

type Command = (args: string[]) => Promise<number>;

/** Each command is loaded when it is run, so one command's dependencies never slow another's start. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  replay: async () => (await import('./commands/replay')).runReplay,
  start: async () => (await import('./commands/start')).runStart,
  simulate: async () => (await import('./commands/simulate')).runSimulate,
  bench: async () => (await import('./commands/bench')).runBench,
};

/** The `dealerflow` command line; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 1 : 0;
  }
  const load = COMMANDS[command];
  if (!load) {
    process.stderr.write(`dealerflow: unknown command "${command}"\n\n${USAGE}`);
    return 1;
  }
  try {
    const run = await load();
    return await run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`dealerflow ${command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
