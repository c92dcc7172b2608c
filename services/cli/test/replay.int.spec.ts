import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli';

const dir = mkdtempSync(join(tmpdir(), 'dealerflow-cli-'));

const dealer = JSON.stringify({
  eventId: 'd-1', type: 'dealer.upserted', schemaVersion: 1, occurredAt: '2026-03-01T08:00:00Z', dealerId: 'D-9',
  data: { name: 'Small Dealer', tier: 'C', region: 'West', locale: 'en', currency: 'CNY', creditLimit: 1000, paymentTerms: { netDays: 30 } },
});
const bigOrder = JSON.stringify({
  eventId: 'o-1', type: 'order.placed', schemaVersion: 1, occurredAt: '2026-03-02T08:00:00Z', dealerId: 'D-9',
  data: { orderId: 'SO-1', warehouseId: 'WH', lines: [{ sku: 'S', qty: 10, unitPrice: 150 }], promisedDeliveryDate: '2026-03-09' },
});
const badLines = ['not json at all', JSON.stringify({ eventId: 'z', type: 'nope', schemaVersion: 1, occurredAt: '2026-03-02T08:00:00Z', data: {} })];

describe('dealerflow replay', () => {
  it('writes outputs and one dead letter per bad line, exit 0, same bytes every time', () => {
    const input = join(dir, 'in.ndjson');
    writeFileSync(input, [dealer, badLines[0], bigOrder, badLines[1]].join('\n') + '\n');
    const first = runCli(['replay', '--input', input, '--output', join(dir, 'a.ndjson')]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^replayed 4 lines of .*in\.ndjson: 2 events applied, 0 duplicates ignored, 2 dead-lettered\n/);
    expect(first.stderr).toMatch(/\n {2}dealer\.credit\.v1 +\d+\n/);
    expect(first.stderr).toMatch(/\n {2}dealer\.dead-letter\.v1 +2\n/);
    // The dead-lettered lines by number, in input order, each with its reason.
    expect(first.stderr).toMatch(/\n {2}line 2: invalid JSON: .*\n {2}line 4: type: unknown event type "nope"\n$/);
    // stderr is a pipe here, not a terminal: progress, if any, is plain text.
    expect(first.stderr).not.toMatch(/\u001b|\r/);
    expect(first.stdout).toBe('');
    const outputs = readFileSync(join(dir, 'a.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(outputs.filter((output) => output.topic === 'dealer.dead-letter.v1').map((output) => output.data.raw)).toEqual([
      'not json at all',
      JSON.parse(badLines[1]!),
    ]);
    expect(outputs.some((output) => output.type === 'credit.hold.placed' && output.dealerId === 'D-9')).toBe(true);
    expect(runCli(['replay', '--input', input, '--output', join(dir, 'b.ndjson')]).code).toBe(0);
    expect(readFileSync(join(dir, 'b.ndjson')).equals(readFileSync(join(dir, 'a.ndjson')))).toBe(true);
  });

  it('exits 2 with a message when the input cannot be read', () => {
    const result = runCli(['replay', '--input', join(dir, 'missing.ndjson'), '--output', join(dir, 'x.ndjson')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read input .*missing\.ndjson/);
  });

  it('exits 1 and says what is missing on a bad command line', () => {
    const result = runCli(['replay', '--input', join(dir, 'in.ndjson')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--output is required/);
  });

  it('refuses a misspelt setting in a policy file, naming its path and the keys of its section, exit 1', () => {
    const policy = join(dir, 'typo.json');
    writeFileSync(policy, JSON.stringify({ stock: { saftyDays: 5 } }));
    const result = runCli(['replay', '--input', join(dir, 'in.ndjson'), '--output', join(dir, 'typo-out.ndjson'), '--policy', policy]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `dealerflow replay: policy file ${policy}: unknown setting "stock.saftyDays" (did you mean "safetyDays"?); ` +
        'the settings of "stock" are: salesWindowDays, safetyDays, reviewDays, overstockDays, slowMoverDailySales, slowMoverWaitDays, salesReportGraceDays, openingSummary, dailyDigest, tiers\n',
    );
    writeFileSync(policy, JSON.stringify({ notify: { quietHours: { begin: '22:00' } } }));
    const nested = runCli(['replay', '--input', join(dir, 'in.ndjson'), '--output', join(dir, 'typo-out.ndjson'), '--policy', policy]);
    expect(nested.code).toBe(1);
    expect(nested.stderr).toMatch(/unknown setting "notify\.quietHours\.begin"; the settings of "notify\.quietHours" are: start, end/);
  });

  it('rejects a policy file with an unknown setting section', () => {
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ billing: {} }));
    const result = runCli(['replay', '--input', join(dir, 'in.ndjson'), '--output', join(dir, 'y.ndjson'), '--policy', policy]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown policy section "billing"/);
  });
});
