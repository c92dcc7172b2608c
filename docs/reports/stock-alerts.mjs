#!/usr/bin/env node
// Issue 21's report: stock alerts a dealer acts on, and final delivery notices that blame a hold.
//
//   node docs/reports/stock-alerts.mjs                    simulate + replay with this checkout, then report
//   node docs/reports/stock-alerts.mjs --cli DIR/services/cli/bin/dealerflow.js   … with another checkout
//   node docs/reports/stock-alerts.mjs --input IN.ndjson --output OUT.ndjson      report on a replay already made
//   (--keep DIR keeps the simulated input and the replay's output there; the harness is ./lib.mjs)
//
// The stream is `dealerflow simulate --dealers 30 --skus 100 --days 120 --seed 1`; the figures and what each
// counts are explained in docs/stock.md ("Issue 21: the report").
import { DAY_MS, readReplay } from './lib.mjs';

const percentile = (sorted, p) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]);
const fixed = (value) => value.toFixed(2);

/** Alerts as opened: each raise, and each alert an opening summary lists (it is raised there). */
function openedAlerts(outputs) {
  const opened = [];
  for (const output of outputs) {
    if (output.type === 'stock.alert.raised') opened.push({ at: output.occurredAt, dealerId: output.dealerId, causedBy: output.data.causedBy, data: output.data });
    if (output.type === 'stock.alerts.summarised' && output.data.reason === 'opening') {
      for (const data of output.data.alerts) opened.push({ at: output.occurredAt, dealerId: output.dealerId, causedBy: output.data.causedBy, data });
    }
  }
  return opened;
}

function alertFigures(inputs, outputs) {
  const dealers = new Set(inputs.filter((event) => event.type === 'dealer.upserted').map((event) => event.dealerId));
  const times = inputs.map((event) => Date.parse(event.occurredAt));
  const days = Math.round((Math.max(...times) - Math.min(...times)) / DAY_MS) || 1;
  const dealerDays = dealers.size * days;
  const raised = outputs.filter((output) => output.type === 'stock.alert.raised');
  const summaries = outputs.filter((output) => output.type === 'stock.alerts.summarised');
  const opened = openedAlerts(outputs);

  // Alerts raised per dealer-day (one by one or in an opening summary; a daily digest raises nothing).
  const perDealerDay = new Map();
  for (const alert of opened) {
    const key = `${alert.dealerId} ${alert.at.slice(0, 10)}`;
    perDealerDay.set(key, (perDealerDay.get(key) ?? 0) + 1);
  }
  const counts = [...perDealerDay.values(), ...Array(Math.max(0, dealerDays - perDealerDay.size)).fill(0)].sort((a, b) => a - b);

  // What reaches a dealer by default: critical raises (high too before issue 21), one message per input
  // event (the notifier's grouping), and each summary.
  const hasSummaries = summaries.length > 0;
  const told = new Set();
  for (const output of raised) {
    const severity = output.data.severity;
    if (severity === 'critical' || (!hasSummaries && severity === 'high')) told.add(`${output.dealerId} ${output.data.causedBy}`);
  }
  const messages = told.size + summaries.length;

  // Stock-outs: what they say, and whether a low-stock alert came first.
  const stockouts = opened.filter((alert) => alert.data.kind === 'stockout');
  const orderNothingSilently = stockouts.filter((alert) => alert.data.suggestedOrderQty === 0 && !(alert.data.arrivals?.length > 0));
  const orderNothing = stockouts.filter((alert) => alert.data.suggestedOrderQty === 0);

  // Merge inputs and alert outputs in time to follow each SKU: its low-stock alerts and its counts.
  const timeline = [
    ...inputs.filter((event) => event.type === 'dealer.stock.reported').map((event) => ({ at: Date.parse(event.occurredAt), order: 0, event })),
    ...outputs
      .filter((output) => output.type === 'stock.alert.resolved')
      .map((output) => ({ at: Date.parse(output.occurredAt), order: 1, resolved: output })),
    ...opened.map((alert) => ({ at: Date.parse(alert.at), order: 2, opened: alert })),
  ].sort((a, b) => a.at - b.at || a.order - b.order);
  const counted = new Map(); // dealer/sku → { last, previous } on hand
  const lowSince = new Map(); // dealer/sku → a low-stock alert opened since the last stock-out ended
  const lastResolved = new Map(); // dealer/sku/kind → { at, data }
  let notPreceded = 0;
  let sudden = 0;
  let flapping = 0;
  let reRaisedWithinDay = 0;
  let lowStockRaised = 0;
  for (const entry of timeline) {
    if (entry.event) {
      for (const item of entry.event.data.items) {
        const key = `${entry.event.dealerId}/${item.sku}`;
        const held = counted.get(key);
        counted.set(key, { previous: held?.last, last: item.onHand, at: entry.event.eventId });
      }
      continue;
    }
    if (entry.resolved) {
      const { dealerId, data } = entry.resolved;
      lastResolved.set(`${dealerId}/${data.sku}/${data.kind}`, { at: entry.at, data });
      if (data.kind === 'stockout') lowSince.delete(`${dealerId}/${data.sku}`);
      continue;
    }
    const { dealerId, data, causedBy } = entry.opened;
    const key = `${dealerId}/${data.sku}`;
    const before = lastResolved.get(`${key}/${data.kind}`);
    if (before && entry.at - before.at < DAY_MS) {
      reRaisedWithinDay += 1;
      const same = ['onHand', 'inTransit', 'onOrder'].every((field) => before.data[field] === data[field]);
      if (same) flapping += 1;
    }
    if (data.kind === 'low_stock') {
      lowStockRaised += 1;
      lowSince.set(key, entry.at);
    }
    if (data.kind === 'stockout') {
      const low = lowSince.get(key);
      if (low === undefined || low >= entry.at) {
        // Sudden demand: the count before the one that found the shelf empty was at or above the reorder point.
        const held = counted.get(key);
        const previous = held?.at === causedBy ? held?.previous : held?.last;
        if (previous !== undefined && previous + data.inTransit + data.onOrder >= data.reorderPoint) sudden += 1;
        else notPreceded += 1;
      }
    }
  }

  return {
    dealers: dealers.size,
    days,
    raised: raised.length,
    summaries: summaries.length,
    opened: opened.length,
    raisedPerDealerDay: opened.length / dealerDays,
    p90: percentile(counts, 0.9),
    max: counts.at(-1) ?? 0,
    messagesPerDealerDay: messages / dealerDays,
    byKind: Object.fromEntries(['stockout', 'low_stock', 'overstock'].map((kind) => [kind, opened.filter((a) => a.data.kind === kind).length])),
    stockouts: stockouts.length,
    criticalStockouts: stockouts.filter((alert) => alert.data.severity === 'critical').length,
    notPreceded,
    sudden,
    orderNothing: orderNothing.length,
    orderNothingSilently: orderNothingSilently.length,
    flapping,
    reRaisedWithinDay,
    lowStockRaised,
  };
}

const dayOf = (ms) => Math.floor(ms / DAY_MS);
const dayOfDate = (date) => dayOf(Date.parse(`${date.slice(0, 10)}T00:00:00Z`));

/** Per warehouse/SKU, the lowest availability of each UTC day: the reading in effect at 00:00 and every reading of the day. */
function lowestAvailable(readings, day) {
  let low;
  for (const reading of readings) {
    if (reading.at <= day * DAY_MS) low = reading.available;
    else if (reading.at < (day + 1) * DAY_MS) low = low === undefined ? reading.available : Math.min(low, reading.available);
    else break;
  }
  return low;
}

/**
 * Final delivery notices (status delivered or remainder_cancelled) that blame a credit hold that blocked
 * nothing, judged by the delivery rule's own evidence (docs/delivery.md, "credit_hold"): a hold blocked the
 * order on a day of its span inside the order's window (placement day up to the day the last shipment
 * needed left) when nothing of the order was dispatched while it was on, and the warehouse had what the
 * order still needed that day (the backorder test: for no SKU was the day's lowest availability below
 * ordered − dispatched by the end of the day). A notice blames a hold that blocked nothing when none of the
 * holds it names blocked a day. From the notice's dates only (the rule uses the hold's instants), a dispatch
 * on the day a hold began counts as during it: this errs towards counting more.
 */
function holdFigures(inputs, outputs) {
  const orders = new Map();
  const shipments = new Map(); // shipmentId → { orderId, day }
  const readings = new Map(); // warehouse/sku → [{ at, available }] in time order
  for (const event of inputs) {
    const data = event.data;
    if (event.type === 'order.placed') orders.set(data.orderId, { placed: data, placedAt: Date.parse(event.occurredAt), lines: data.lines, dispatches: [], delivered: [] });
    if (event.type === 'order.amended' && data.lines) {
      const order = orders.get(data.orderId);
      if (order) order.lines = data.lines;
    }
    if (event.type === 'shipment.dispatched') {
      const at = Date.parse(event.occurredAt);
      orders.get(data.orderId)?.dispatches.push({ at, day: dayOf(at), lines: data.lines });
      shipments.set(data.shipmentId, { orderId: data.orderId, day: dayOf(at) });
    }
    if (event.type === 'shipment.delivered') {
      const shipment = shipments.get(data.shipmentId);
      if (shipment) orders.get(shipment.orderId)?.delivered.push({ at: Date.parse(event.occurredAt), dispatchDay: shipment.day });
    }
    if (event.type === 'warehouse.stock.reported') {
      for (const item of data.items) {
        const key = `${data.warehouseId}/${item.sku}`;
        if (!readings.has(key)) readings.set(key, []);
        readings.get(key).push({ at: Date.parse(event.occurredAt), available: item.available });
      }
    }
  }
  const finals = outputs.filter(
    (output) => output.type === 'delivery.late' && (output.data.status === 'delivered' || output.data.status === 'remainder_cancelled'),
  );
  const blaming = finals.filter((output) => output.data.causes.some((cause) => cause.code === 'credit_hold' && cause.days > 0));
  let dispatchedDuring = 0;
  let shortEveryDay = 0;
  let blockedNothing = 0;
  let looser = 0;
  for (const notice of blaming) {
    const order = orders.get(notice.data.orderId);
    const end = Date.parse(notice.data.deliveredAt ?? notice.occurredAt);
    const holds = notice.data.causes.filter((cause) => cause.code === 'credit_hold').flatMap((cause) => cause.detail.holds ?? []);
    if (!order) {
      blockedNothing += 1;
      continue;
    }
    const placedDay = dayOf(order.placedAt);
    const windowEnd = Math.max(placedDay, ...order.delivered.filter((d) => d.at <= end).map((d) => d.dispatchDay));
    const dispatchedBy = (sku, day) =>
      order.dispatches.filter((d) => d.day <= day).reduce((sum, d) => sum + d.lines.filter((l) => l.sku === sku).reduce((a, l) => a + l.qty, 0), 0);
    const shortOn = (day) =>
      order.lines.some((line) => {
        const low = lowestAvailable(readings.get(`${order.placed.warehouseId}/${line.sku}`) ?? [], day);
        return low !== undefined && low < line.qty - dispatchedBy(line.sku, day);
      });
    let anyDispatched = false;
    let anyAllShort = false;
    let anyZero = false;
    const blocked = holds.some((hold) => {
      const from = dayOfDate(hold.from);
      const to = hold.to ? dayOfDate(hold.to) : dayOf(end);
      const days = [];
      for (let day = Math.max(from, placedDay); day < Math.min(to, windowEnd); day += 1) days.push(day);
      if (order.dispatches.some((d) => d.day >= from && d.day < to)) {
        anyDispatched = true;
        return false;
      }
      const open = days.filter((day) => !shortOn(day));
      if (days.some(shortOn)) anyZero = true;
      if (open.length === 0) anyAllShort = true;
      return open.length > 0;
    });
    if (anyZero) looser += 1;
    if (blocked) continue;
    blockedNothing += 1;
    if (anyDispatched) dispatchedDuring += 1;
    if (anyAllShort) shortEveryDay += 1;
  }
  return { finals: finals.length, blaming: blaming.length, blockedNothing, dispatchedDuring, shortEveryDay, looser };
}

const { how, inputs, outputs } = readReplay('stock');
const alerts = alertFigures(inputs, outputs);
const holds = holdFigures(inputs, outputs);

console.log(`stream: ${how}`);
console.log(`dealers ${alerts.dealers}, days ${alerts.days}`);
console.log('');
console.log('stock alerts                                                        figure   goal');
console.log(`raised alerts per dealer per day                                  ${fixed(alerts.raisedPerDealerDay).padStart(6)}   ≤ 1.5`);
console.log(`  per dealer-day p90 / max                                          ${alerts.p90} / ${alerts.max}`);
console.log(`  stock.alert.raised ${alerts.raised}, stock.alerts.summarised ${alerts.summaries}; alerts opened ${alerts.opened} (stockout ${alerts.byKind.stockout}, low_stock ${alerts.byKind.low_stock}, overstock ${alerts.byKind.overstock})`);
console.log(`messages a dealer gets per day (default notify policy)            ${fixed(alerts.messagesPerDealerDay).padStart(6)}`);
console.log(`stock-outs opened (critical)                                       ${String(alerts.stockouts).padStart(6)}   (${alerts.criticalStockouts})`);
console.log(`stock-outs not preceded by a low-stock alert (not sudden demand)   ${String(alerts.notPreceded).padStart(6)}   0`);
console.log(`  … sudden demand (the count before was at or above the reorder point) ${alerts.sudden}`);
console.log(`stock-outs suggesting 0 without saying what arrives when           ${String(alerts.orderNothingSilently).padStart(6)}   0`);
console.log(`  … suggesting 0 in all (with their arrivals listed after issue 21)  ${alerts.orderNothing}`);
console.log(`flapping alerts (raised < 24 h after resolving, same stock figures) ${String(alerts.flapping).padStart(5)}   0`);
console.log(`  … raised again < 24 h after resolving, any figures               ${alerts.reRaisedWithinDay}`);
console.log('');
console.log('delivery (H7 owns the rules; judged by its own evidence, docs/delivery.md)    figure   goal');
console.log(`final notices blaming a hold that blocked nothing                  ${String(holds.blockedNothing).padStart(6)}   0`);
console.log(`  … of ${holds.blaming} final notices blaming a hold (of ${holds.finals} final notices): a hold named with a dispatch of the order during it ${holds.dispatchedDuring}, with no day of it in the order's window the warehouse could fill ${holds.shortEveryDay}`);
console.log(`  … naming a hold with a day the warehouse was short (the hold blocked its other days, so it is blamed for those) ${holds.looser}`);
