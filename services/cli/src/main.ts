import { asksForHelp } from './commandLine/parseCommandLine';
import { formatCommandHelp, formatOverview } from './commandLine/formatHelp';
import { COMMAND_SPECS } from './commandSpecs';
import { UsageError } from './usage';
import { cliVersion } from './version';

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
  if (command === '--version' || command === '-v') {
    process.stdout.write(`dealerflow ${cliVersion()}\n`);
    return 0;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = args[0];
    const spec = COMMAND_SPECS.find((candidate) => candidate.name === topic);
    if (topic !== undefined && !spec) {
      process.stderr.write(`dealerflow: unknown command "${topic}"\n\n${formatOverview(COMMAND_SPECS)}`);
      return 1;
    }
    process.stdout.write(spec ? formatCommandHelp(spec) : formatOverview(COMMAND_SPECS));
    return 0;
  }
  const spec = COMMAND_SPECS.find((candidate) => candidate.name === command);
  const load = command === undefined ? undefined : COMMANDS[command];
  if (!spec || !load) {
    const complaint = command === undefined ? 'no command given' : `unknown command "${command}"`;
    process.stderr.write(`dealerflow: ${complaint}\n\n${formatOverview(COMMAND_SPECS)}`);
    return 1;
  }
  if (asksForHelp(args)) {
    process.stdout.write(formatCommandHelp(spec));
    return 0;
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
