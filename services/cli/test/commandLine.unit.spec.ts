import { simulateOptionsSchema } from '@dealerflow/testkit';
import { describe, expect, it } from 'vitest';
import { defineCommand } from '../src/commandLine/commandSpec';
import { formatCommandHelp, formatOverview } from '../src/commandLine/formatHelp';
import { parseCommandLine } from '../src/commandLine/parseCommandLine';
import { COMMAND_SPECS, simulateCommand } from '../src/commandSpecs';
import { UsageError } from '../src/usage';

const copy = defineCommand({
  name: 'copy',
  summary: 'copy a file',
  options: {
    from: { type: 'string', placeholder: 'FILE', required: true, description: 'the file to copy' },
    times: { type: 'string', placeholder: 'N', default: '1', description: 'how many copies' },
    note: { type: 'string', placeholder: 'TEXT', defaultText: 'none', description: 'a note' },
    force: { type: 'boolean', short: 'f', description: 'overwrite' },
    child: { type: 'boolean', internal: true, description: 'used by copy itself' },
  },
});

describe('parseCommandLine', () => {
  it('gives the declared defaults, a boolean for each flag, and undefined for an option without a default', () => {
    expect(parseCommandLine(copy, ['--from', 'a'])).toEqual({ from: 'a', times: '1', force: false, child: false });
    expect(parseCommandLine(copy, ['--from', 'a', '-f', '--times', '3', '--note', 'x'])).toEqual({ from: 'a', times: '3', note: 'x', force: true, child: false });
  });

  it('refuses a missing required option, an unknown option and a stray argument, naming the public options', () => {
    expect(() => parseCommandLine(copy, [])).toThrow(new UsageError('--from is required'));
    expect(() => parseCommandLine(copy, ['--from', 'a', '--tims', '2'])).toThrow(
      'unknown option "--tims"; the options of copy are: --from, --times, --note, --force (dealerflow copy --help)',
    );
    expect(() => parseCommandLine(copy, ['--from', 'a', 'b'])).toThrow(/^unexpected argument "b"; the options of copy are/);
  });
});

describe('help', () => {
  it('shows every option of a command with its default, internal ones apart', () => {
    const help = formatCommandHelp(copy);
    expect(help).toMatch(/^Usage: dealerflow copy --from FILE \[--times N\] \[--note TEXT\] \[-f, --force\]\n\ncopy a file\n/);
    expect(help).toMatch(/^ {2}--from FILE +the file to copy \(required\)$/m);
    expect(help).toMatch(/^ {2}--times N +how many copies \(default: 1\)$/m);
    expect(help).toMatch(/^ {2}--note TEXT +a note \(default: none\)$/m);
    expect(help).toMatch(/^ {2}-f, --force +overwrite \(default: off\)$/m);
    expect(help).toMatch(/\nInternal .*\n {2}--child +used by copy itself \(default: off\)\n$/);
  });

  it('keeps every line of every help within 100 columns', () => {
    const texts = [formatOverview(COMMAND_SPECS), ...COMMAND_SPECS.map((spec) => formatCommandHelp(spec))];
    for (const line of texts.join('\n').split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it("declares simulate's defaults as the generator's own", () => {
    const generator = simulateOptionsSchema.parse({});
    const declared = simulateCommand.options;
    expect({
      dealers: Number(declared.dealers.default),
      skus: Number(declared.skus.default),
      days: Number(declared.days.default),
      seed: Number(declared.seed.default),
      start: declared.start.default,
      warehouses: Number(declared.warehouses.default),
    }).toEqual(generator);
  });
});
