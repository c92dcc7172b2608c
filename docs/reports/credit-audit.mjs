#!/usr/bin/env node
// Issue 20's report: holds placed, holds placed again within 10 days of a release, releases while money was
// still overdue, and what was dispatched to dealers on hold.
//
//   node docs/reports/credit-audit.mjs                    simulate + replay with this checkout, then report
//   node docs/reports/credit-audit.mjs --cli DIR/services/cli/bin/dealerflow.js   … with another checkout
//   node docs/reports/credit-audit.mjs --input IN.ndjson --output OUT.ndjson      report on a replay already made
//   (--keep DIR keeps the simulated input and the replay's output there; the harness is ./lib.mjs)
//
// The stream is `dealerflow simulate --dealers 30 --skus 100 --days 120 --seed 1`. The overdue amount at each
// release is measured with this checkout's credit ledger (`@dealerflow/domain`), fed the dealer's inputs up to the
// event that caused the release: one yardstick for the replays of every checkout. docs/credit.md, "Report".
import { register } from 'tsx/esm/api';
import { DAY_MS, money, readReplay } from './lib.mjs';

register();
const { applyLedgerEvent, createLedger, isLedgerEvent, instantOf, localDateOf, overdueCents } = await import('@dealerflow/domain');

const REPLACED_WITHIN_DAYS = 10;

/** Each dealer's holds as spans (placed → released or the end), in output order. */
function holdSpans(outputs) {
  const spans = [];
  const open = new Map();
  for (const output of outputs) {
    if (output.type === 'credit.hold.placed') {
      const span = { dealerId: output.dealerId, holdId: output.data.holdId, from: Date.parse(output.occurredAt), to: Infinity, release: undefined };
      spans.push(span);
      open.set(output.dealerId, span);
    } else if (output.type === 'credit.hold.released') {
      const span = open.get(output.dealerId);
      if (span) {
        span.to = Date.parse(output.occurredAt);
        span.release = output;
        open.delete(output.dealerId);
      }
    }
  }
  return spans;
}

/** Overdue (cents) at each release, keyed by the release's position in `releases`, from this checkout's ledger. */
function overdueAtReleases(inputs, releases) {
  const byCause = new Map();
  releases.forEach((release) => {
    const list = byCause.get(release.data.causedBy) ?? [];
    list.push(release);
    byCause.set(release.data.causedBy, list);
  });
  const ledgers = new Map();
  const dealers = new Map();
  const overdue = new Map();
  for (const event of inputs) {
    if (event.type === 'dealer.upserted') dealers.set(event.dealerId, event.data);
    if (isLedgerEvent(event)) {
      let ledger = ledgers.get(event.dealerId);
      if (!ledger) ledgers.set(event.dealerId, (ledger = createLedger()));
      const profile = dealers.get(event.dealerId);
      applyLedgerEvent(ledger, event, { timeZone: profile?.timezone ?? 'UTC', currency: profile?.currency });
    }
    for (const release of byCause.get(event.eventId) ?? []) {
      const ledger = ledgers.get(release.dealerId) ?? createLedger();
      const zone = dealers.get(release.dealerId)?.timezone ?? 'UTC';
      overdue.set(release, overdueCents(ledger, localDateOf(instantOf(release.occurredAt), zone)));
    }
  }
  return overdue;
}

function figures(inputs, outputs) {
  const spans = holdSpans(outputs);
  const releases = spans.map((span) => span.release).filter(Boolean);
  const overdue = overdueAtReleases(inputs, releases);
  const releasedOverdue = releases.filter((release) => overdue.get(release) > 0);

  // A hold placed within 10 days after the same dealer's previous hold was released.
  let replaced = 0;
  const gaps = [];
  const previous = new Map();
  for (const span of spans) {
    const before = previous.get(span.dealerId);
    if (before && before.to !== Infinity) {
      const days = (span.from - before.to) / DAY_MS;
      if (days < REPLACED_WITHIN_DAYS) {
        replaced += 1;
        gaps.push(days);
      }
    }
    previous.set(span.dealerId, span);
  }

  // Dispatches while the dealer was on hold, with the invoices issued for them.
  const onHoldAt = (dealerId, at) => spans.some((span) => span.dealerId === dealerId && span.from <= at && at < span.to);
  const heldOrders = new Set();
  let heldDispatches = 0;
  for (const event of inputs) {
    if (event.type !== 'shipment.dispatched' || !onHoldAt(event.dealerId, Date.parse(event.occurredAt))) continue;
    heldDispatches += 1;
    heldOrders.add(`${event.dealerId} ${event.data.orderId} ${event.occurredAt}`);
  }
  let heldInvoiceCents = 0;
  for (const event of inputs) {
    if (event.type === 'invoice.issued' && heldOrders.has(`${event.dealerId} ${event.data.orderId} ${event.occurredAt}`)) heldInvoiceCents += Math.round(event.data.amount * 100);
  }

  const byDealer = new Map();
  for (const span of spans) byDealer.set(span.dealerId, (byDealer.get(span.dealerId) ?? 0) + 1);
  return {
    events: inputs.length,
    holdsPlaced: spans.length,
    dealersHeld: byDealer.size,
    mostHoldsOneDealer: Math.max(0, ...byDealer.values()),
    releasesAuto: releases.filter((release) => release.data.releasedBy === 'auto').length,
    releasesFinance: releases.filter((release) => release.data.releasedBy === 'finance').length,
    stillOnHoldAtEnd: spans.filter((span) => span.to === Infinity).length,
    placedAgainWithin10DaysOfRelease: replaced,
    daysFromReleaseToNewHold: gaps.map((days) => Number(days.toFixed(1))),
    releasesWhileOverdueUnpaid: releasedOverdue.length,
    overdueLeftAtThoseReleases: money(releasedOverdue.reduce((sum, release) => sum + overdue.get(release), 0)),
    largestOverdueLeftAtARelease: money(Math.max(0, ...releasedOverdue.map((release) => overdue.get(release)))),
    dispatchesWhileOnHold: heldDispatches,
    invoicedForThem: money(heldInvoiceCents),
  };
}

const { how, inputs, outputs } = readReplay('credit');
console.log(`stream: ${how}`);
console.log(JSON.stringify(figures(inputs, outputs), null, 2));
