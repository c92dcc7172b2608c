import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { UsageError } from '../usage';
import type { CommandSpec, OptionSpecs, OptionValues } from './commandSpec';

function parseArgsConfig(options: OptionSpecs): ParseArgsOptionsConfig {
  const config: ParseArgsOptionsConfig = {};
  for (const [name, option] of Object.entries(options)) {
    config[name] = {
      type: option.type,
      ...(option.short === undefined ? {} : { short: option.short }),
      ...(option.type === 'boolean' ? { default: false } : 'default' in option ? { default: option.default } : {}),
    };
  }
  return config;
}

/** parseArgs' words, except for an unknown option: its advice about positionals does not apply here. */
function describeParseError(spec: CommandSpec, error: NodeJS.ErrnoException): string {
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && error.code !== 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return error.message;
  const given = /'([^']*)'/.exec(error.message)?.[1];
  const known = Object.entries(spec.options).filter(([, option]) => !option.internal).map(([name]) => `--${name}`);
  const what = error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `unknown option "${given}"` : `unexpected argument "${given}"`;
  return `${what}; the options of ${spec.name} are: ${known.join(', ')} (dealerflow ${spec.name} --help)`;
}

/** The command's arguments as typed values; a mistake (unknown option, missing value, required option absent) is a UsageError. */
export function parseCommandLine<T extends OptionSpecs>(spec: CommandSpec<T>, args: string[]): OptionValues<T> {
  let values: Record<string, string | boolean | undefined>;
  try {
    // No option is `multiple`, so every value is a string or a boolean.
    values = parseArgs({ args, options: parseArgsConfig(spec.options), allowPositionals: false, strict: true }).values as typeof values;
  } catch (error) {
    throw new UsageError(describeParseError(spec, error as NodeJS.ErrnoException));
  }
  for (const [name, option] of Object.entries(spec.options)) {
    if ('required' in option && (values[name] === undefined || values[name] === '')) throw new UsageError(`--${name} is required`);
  }
  return values as OptionValues<T>;
}

/** `--help` or `-h` anywhere among the arguments: the user wants the help, whatever else is there. */
export function asksForHelp(args: readonly string[]): boolean {
  return args.some((arg) => arg === '--help' || arg === '-h');
}
