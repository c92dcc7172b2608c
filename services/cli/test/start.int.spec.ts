import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from './runCli';

it('start --demo tells the built-in story: a stock-out at a key dealer, a late delivery, a credit hold, a rebate tier, a discount', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dealerflow-demo-'));
  const result = runCli(['start', '--demo', '--data-dir', dataDir]);
  expect(result.code).toBe(0);
  const outputs = readFileSync(join(dataDir, 'demo-outputs.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const has = (type: string, dealerId: string, match: (data: any) => boolean = () => true) =>
    outputs.some((output) => output.type === type && output.dealerId === dealerId && match(output.data));
  expect(has('stock.alert.raised', 'D-1001', (data) => data.kind === 'stockout' && data.severity === 'critical')).toBe(true);
  expect(has('delivery.late', 'D-2002', (data) => data.status === 'delivered' && data.daysLate === 3 && data.causes[0].code === 'carrier_delay')).toBe(true);
  expect(has('credit.hold.placed', 'D-3003')).toBe(true);
  expect(has('credit.review.requested', 'D-3003')).toBe(true);
  expect(has('rebate.tier.reached', 'D-2002', (data) => data.threshold === 200)).toBe(true);
  expect(has('cash.discount.earned', 'D-1001', (data) => data.amount === 874)).toBe(true);
  expect(has('rebate.statement.issued', 'D-2002', (data) => data.status === 'payable')).toBe(true);
  expect(outputs.some((output) => output.topic === 'dealer.dead-letter.v1')).toBe(false);
  expect(result.stdout).toMatch(/D-3003 +credit\.hold\.placed/);
});
