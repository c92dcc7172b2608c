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
    expect(first.stderr).toMatch(/4 lines: 2 accepted, 0 duplicates ignored, 2 dead-lettered/);
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

  it('rejects a policy file with an unknown setting section', () => {
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ billing: {} }));
    const result = runCli(['replay', '--input', join(dir, 'in.ndjson'), '--output', join(dir, 'y.ndjson'), '--policy', policy]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown policy section "billing"/);
  });
});
