#!/usr/bin/env node
// Issue 21, rebates: what the Q-close statements paid to dealers on credit hold, and how they were settled.
// Usage: node docs/reports/rebate-settlement.mjs <replay output .ndjson> [periodEnd, default 2026-03-31]
// The output file comes from `dealerflow replay --input <stream> --output <file>` (outputs in emission order).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const [file, periodEnd = '2026-03-31'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node docs/reports/rebate-settlement.mjs <replay output .ndjson> [periodEnd]');
  process.exit(2);
}

const onHold = new Set();
const statements = [];
let adjustments = 0;
for await (const line of createInterface({ input: createReadStream(file) })) {
  if (!line.trim()) continue;
  const output = JSON.parse(line);
  if (output.type === 'credit.hold.placed') onHold.add(output.dealerId);
  else if (output.type === 'credit.hold.released') onHold.delete(output.dealerId);
  else if (output.type === 'rebate.adjustment.issued') adjustments += 1;
  else if (output.type === 'rebate.statement.issued' && output.data.periodEnd === periodEnd) {
    statements.push({ dealerId: output.dealerId, held: onHold.has(output.dealerId), data: output.data });
  }
}

const cents = (amount) => Math.round(amount * 100);
const money = (c) => (c / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
function figures(list) {
  const sum = (pick) => list.reduce((total, s) => total + cents(pick(s.data) ?? 0), 0);
  return {
    statements: list.length,
    dealers: new Set(list.map((s) => s.dealerId)).size,
    rebate: money(sum((d) => d.rebateAmount)),
    statusPayable: money(sum((d) => (d.status === 'payable' ? d.rebateAmount : 0))),
    paid: money(sum((d) => (d.settlement ? d.settlement.payableAmount : d.status === 'payable' ? d.rebateAmount : 0))),
    offset: money(sum((d) => d.settlement?.offsetAmount)),
    withheld: money(sum((d) => (d.settlement ? d.settlement.withheldAmount : d.status === 'withheld' ? d.rebateAmount : 0))),
  };
}
console.log(`statements for the period ending ${periodEnd}:`, figures(statements));
console.log('  to dealers on credit hold when stated:', figures(statements.filter((s) => s.held)));
console.log('rebate.adjustment.issued in the file:', adjustments);
