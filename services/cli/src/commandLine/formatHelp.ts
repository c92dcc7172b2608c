import type { CommandSpec, OptionSpec } from './commandSpec';

const WIDTH = 100;

function flagOf(name: string, option: OptionSpec): string {
  const long = option.type === 'string' ? `--${name} ${option.placeholder}` : `--${name}`;
  return option.short === undefined ? long : `-${option.short}, ${long}`;
}

function defaultOf(option: OptionSpec): string {
  if (option.type === 'boolean') return 'default: off';
  if ('required' in option) return 'required';
  if ('default' in option) return `default: ${option.default}`;
  return `default: ${option.defaultText}`;
}

/** Rows of `flag  meaning (default)`, the meanings lined up and wrapped under themselves. */
function optionRows(rows: Array<[flag: string, text: string]>): string {
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}   ${wrap(text.split(' '), 2 + width + 3)}\n`).join('');
}

function rowsOf(options: Array<[string, OptionSpec]>): Array<[string, string]> {
  return options.map(([name, option]) => [flagOf(name, option), `${option.description} (${defaultOf(option)})`]);
}

/** `--input FILE --output FILE [--policy FILE]`: the command's public options, required ones first. */
export function synopsisOf(spec: CommandSpec): string[] {
  const options = Object.entries(spec.options).filter(([, option]) => !option.internal);
  const required = options.filter(([, option]) => 'required' in option).map(([name, option]) => flagOf(name, option));
  const optional = options.filter(([, option]) => !('required' in option)).map(([name, option]) => `[${flagOf(name, option)}]`);
  return [...required, ...optional];
}

/** Words joined by spaces into lines no wider than WIDTH, each line (the first too) taken to start at `indent`. */
function wrap(words: string[], indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && indent + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** `dealerflow <command> --help`: usage, what it does, every option with its default and meaning. */
export function formatCommandHelp(spec: CommandSpec): string {
  const options = Object.entries(spec.options);
  const internal = options.filter(([, option]) => option.internal);
  const prefix = `Usage: dealerflow ${spec.name} `;
  const about = wrap((spec.description ?? spec.summary).split(' '), 0);
  let text = `${prefix}${wrap(synopsisOf(spec), prefix.length)}\n\n${about}\n\nOptions:\n`;
  text += optionRows([...rowsOf(options.filter(([, option]) => !option.internal)), ['-h, --help', 'print this help and exit']]);
  if (internal.length > 0) text += `\nInternal (the command passes these to its own child processes):\n${optionRows(rowsOf(internal))}`;
  return text;
}

/** `dealerflow --help`: every command with its options, and the program's own options. */
export function formatOverview(specs: readonly CommandSpec[]): string {
  const width = Math.max(...specs.map((spec) => spec.name.length));
  const indent = 2 + width + 3;
  const commands = specs
    .map((spec) => `  ${spec.name.padEnd(width)}   ${spec.summary}\n${' '.repeat(indent)}${wrap(synopsisOf(spec), indent)}\n`)
    .join('');
  return (
    `Usage: dealerflow <command> [options]\n\nCommands:\n${commands}\n` +
    `Options:\n${optionRows([
      ['-h, --help', 'print this help and exit'],
      ['-v, --version', 'print the version and exit'],
    ])}\n` +
    'Each option\'s default and meaning: dealerflow <command> --help\n'
  );
}
