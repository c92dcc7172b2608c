#!/usr/bin/env node
// Issue 21, rebates: what the Q-close statements paid to dealers on credit hold, and how they were settled.
//
//   node docs/reports/rebate-settlement.mjs                    simulate + replay with this checkout, then report
//   node docs/reports/rebate-settlement.mjs --cli DIR/services/cli/bin/dealerflow.js   … with another checkout
//   node docs/reports/rebate-settlement.mjs --output OUT.ndjson    report on a replay already made (outputs only)
//   node docs/reports/rebate-settlement.mjs OUT.ndjson [periodEnd]  the same, figures only (the form docs/rebates.md quotes)
//   (--period-end DATE picks the statements, default 2026-03-31; --keep DIR keeps the simulated input and the
//   replay's output there; the harness is ./lib.mjs)
//
// The stream is `dealerflow simulate --dealers 30 --skus 100 --days 120 --seed 1`; a replay already made comes from
// `dealerflow replay --input <stream> --output <file>` (outputs in emission order). docs/rebates.md, "Figures on the simulated stream".
import { money, option, readLines, replayFiles } from './lib.mjs';

/** The replay's output file, the period, and the stream line to print (none for the positional form). */
function whatToRead() {
  const [first, second] = process.argv.slice(2);
  if (first !== undefined && !first.startsWith('-')) return { file: first, periodEnd: second ?? '2026-03-31' };
  const { output, how } = replayFiles('rebate', { needsInput: false });
  return { file: output, periodEnd: option('--period-end') ?? '2026-03-31', how };
}

/** The period's statements, each marked with whether its dealer was on credit hold when it was stated. */
function statementsOf(outputs, periodEnd) {
  const onHold = new Set();
  const statements = [];
  let adjustments = 0;
  for (const output of outputs) {
    if (output.type === 'credit.hold.placed') onHold.add(output.dealerId);
    else if (output.type === 'credit.hold.released') onHold.delete(output.dealerId);
    else if (output.type === 'rebate.adjustment.issued') adjustments += 1;
    else if (output.type === 'rebate.statement.issued' && output.data.periodEnd === periodEnd) {
      statements.push({ dealerId: output.dealerId, held: onHold.has(output.dealerId), data: output.data });
    }
  }
  return { statements, adjustments };
}

const cents = (amount) => Math.round(amount * 100);
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

const { file, periodEnd, how } = whatToRead();
const { statements, adjustments } = statementsOf(readLines(file), periodEnd);
if (how) console.log(`stream: ${how}`);
console.log(`statements for the period ending ${periodEnd}:`, figures(statements));
console.log('  to dealers on credit hold when stated:', figures(statements.filter((s) => s.held)));
console.log('rebate.adjustment.issued in the file:', adjustments);
