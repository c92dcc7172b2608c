import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS } from '../src/commandSpecs';
import { runCli } from './runCli';

/** The option rows of a help text, each with its wrapped continuation lines joined. */
function optionRows(help: string): string[] {
  const rows: string[] = [];
  for (const line of help.split('\n')) {
    if (/^ {2}-/.test(line)) rows.push(line.trim());
    else if (/^ {4,}\S/.test(line) && rows.length > 0) rows[rows.length - 1] += ` ${line.trim()}`;
  }
  return rows;
}

const flagsOf = (name: string) => Object.keys(COMMAND_SPECS.find((spec) => spec.name === name)!.options).map((option) => `--${option}`);

describe('dealerflow --help and --version', () => {
  // The flags as the commands have always taken them, written out here so a flag that falls out of a
  // declaration (and so out of the parser and the help) fails this test.
  const expected: Record<string, string[]> = {
    replay: ['--input', '--output', '--policy'],
    start: ['--port', '--host', '--data-dir', '--demo', '--policy', '--role'],
    simulate: ['--output', '--dealers', '--skus', '--days', '--seed', '--start', '--warehouses'],
    bench: [
      '--dealers', '--skus', '--days', '--seed', '--phases', '--big', '--input', '--keep', '--profile',
      '--latency-seconds', '--append-size', '--notify-jobs', '--notify-concurrency', '--notify-seconds', '--load-seconds', '--load-clients',
      '--load-batch', '--phase', '--rate',
    ],
  };

  it.each(Object.keys(expected))('%s --help exits 0 and names every flag with a default or "required"', (command) => {
    expect(flagsOf(command)).toEqual(expected[command]);
    const result = runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: dealerflow ${command} `));
    const rows = optionRows(result.stdout);
    for (const flag of expected[command]!) {
      const row = rows.find((text) => text === flag || text.startsWith(`${flag} `));
      // The flag, a meaning, and its default (or "required") at the end of its row.
      expect(row, flag).toMatch(/^\S+( [A-Z-]+)? +\S.* \((required|default: .+)\)$/);
    }
    expect(result.stdout).toContain('-h, --help');
  });

  it('start --help names DEALERFLOW_POLICY as where the settings file comes from without --policy', () => {
    const row = optionRows(runCli(['start', '--help']).stdout).find((text) => text.startsWith('--policy '));
    expect(row).toMatch(/\(default: the file DEALERFLOW_POLICY names, .*\)$/);
  });

  it('takes -h anywhere among a command\'s options, even beside a mistake', () => {
    const result = runCli(['replay', '--bogus', '-h']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: dealerflow replay --input FILE --output FILE \[--policy FILE\]/);
  });

  it('lists every command with its public flags in the top-level help, with --help and with help', () => {
    for (const args of [['--help'], ['help'], ['-h']]) {
      const result = runCli(args);
      expect(result.code).toBe(0);
      for (const [command, flags] of Object.entries(expected)) {
        expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
        for (const flag of flags.filter((name) => name !== '--phase' && name !== '--rate')) expect(result.stdout).toContain(flag);
      }
      expect(result.stdout).toContain('-v, --version');
    }
  });

  it('prints the version of services/cli/package.json with --version and -v, exit 0', () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) expect(runCli([flag])).toMatchObject({ code: 0, stdout: `dealerflow ${version}\n` });
  });

  it('exits 1 with the overview on stderr for no command or an unknown one; help <command> is that command\'s help', () => {
    expect(runCli([])).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^dealerflow: no command given\n\nUsage: dealerflow <command>/) });
    expect(runCli(['replya'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/unknown command "replya"/) });
    expect(runCli(['help', 'replya'])).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/unknown command "replya"/) });
    expect(runCli(['help', 'replay'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: dealerflow replay /) });
  });
});
