import { addDays, daysBetween } from '@dealerflow/domain';

/**
 * The built-in demo: two months at three dealers, told so that a newcomer sees each capability
 * within a minute —
 * - Huadong Pumps (tier A, reads Chinese) sells six pumps a day and is not reordering: low stock,
 *   then a stock-out at a key dealer;
 * - Northline Supply (tier B) takes 240 pumps (a rebate tier reached, the next one in sight), and
 *   a valve order arrives three days late because fog held up the carrier;
 * - Lakeside Equipment (tier C) orders beyond its credit limit with an old invoice unpaid: a credit
 *   hold waits for finance;
 * - Huadong pays an invoice inside its discount window: a cash discount earned;
 * - the quarter's pump rebate closes on 31 March and its statements are issued.
 * A scheduler's `clock.tick` starts each day, as in production: it is what moves a quiet dealer's clock.
 */
export function demoStory(): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  let sequence = 0;
  const add = (type: string, occurredAt: string, data: Record<string, unknown>, dealerId?: string) => {
    sequence += 1;
    events.push({
      eventId: `demo-${String(sequence).padStart(4, '0')}`,
      type,
      schemaVersion: 1,
      occurredAt,
      ...(dealerId ? { dealerId } : {}),
      source: 'demo',
      data,
    });
  };

  add('dealer.upserted', '2026-01-05T08:00:00Z', {
    name: 'Huadong Pumps Trading', tier: 'A', region: 'East', locale: 'zh-CN', timezone: 'Asia/Shanghai', currency: 'CNY',
    creditLimit: 500000, paymentTerms: { netDays: 30, discountPct: 2, discountDays: 10 }, leadTimeDays: 5,
    contacts: { email: 'ops@huadong.example' },
  }, 'D-1001');
  add('dealer.upserted', '2026-01-05T08:00:00Z', {
    name: 'Northline Supply', tier: 'B', region: 'North', locale: 'en', timezone: 'Asia/Harbin', currency: 'CNY',
    creditLimit: 400000, paymentTerms: { netDays: 30 }, leadTimeDays: 7, contacts: { email: 'buyer@northline.example' },
  }, 'D-2002');
  add('dealer.upserted', '2026-01-05T08:00:00Z', {
    name: 'Lakeside Equipment', tier: 'C', region: 'South', locale: 'en', currency: 'CNY',
    creditLimit: 80000, paymentTerms: { netDays: 30 }, leadTimeDays: 7,
  }, 'D-3003');
  add('product.upserted', '2026-01-05T08:00:00Z', { sku: 'PMP-100', name: 'Centrifugal pump 1 kW', category: 'pumps', unitPrice: 1150, packSize: 4 });
  add('product.upserted', '2026-01-05T08:00:00Z', { sku: 'VLV-200', name: 'Gate valve DN50', category: 'valves', unitPrice: 85, packSize: 10 });
  add('rebate.program.upserted', '2026-01-05T08:00:00Z', {
    programId: '2026Q1-PUMPS', name: 'Q1 pump volume rebate', periodStart: '2026-01-01', periodEnd: '2026-03-31',
    basis: 'quantity', accumulation: 'period', method: 'all_units',
    tiers: [{ threshold: 0, rate: 0 }, { threshold: 200, rate: 0.02 }, { threshold: 300, rate: 0.035 }],
    scope: { categories: ['pumps'], dealerTiers: ['A', 'B'] }, eligibility: { maxDaysPastDue: 60 },
  }, '*');
  add('warehouse.stock.reported', '2026-01-05T08:00:00Z', { warehouseId: 'WH-SH', items: [{ sku: 'PMP-100', available: 1200 }, { sku: 'VLV-200', available: 5000 }] });

  // Lakeside's January invoice is never paid.
  add('invoice.issued', '2026-01-20T09:00:00Z', { invoiceId: 'INV-3003-01', amount: 30000, currency: 'CNY', dueDate: '2026-02-19' }, 'D-3003');

  // Huadong sells six pumps a day; from February, once a full sales window is known, it reports its
  // stock each evening. Nobody reorders: low stock mid-March, then a stock-out.
  const firstStockReport = '2026-02-01';
  for (let date = '2026-01-05'; date <= '2026-03-31'; date = addDays(date, 1)) {
    add('dealer.sales.reported', `${date}T14:00:00Z`, { date, items: [{ sku: 'PMP-100', qty: 6 }] }, 'D-1001');
    if (date >= firstStockReport) {
      const onHand = Math.max(0, 300 - 6 * (daysBetween(firstStockReport, date) + 1));
      add('dealer.stock.reported', `${date}T14:05:00Z`, { items: [{ sku: 'PMP-100', onHand }] }, 'D-1001');
    }
    switch (date) {
      case '2026-03-02':
        add('order.placed', `${date}T02:00:00Z`, { orderId: 'SO-2002-01', warehouseId: 'WH-SH', lines: [{ sku: 'PMP-100', qty: 240, unitPrice: 1150 }], promisedDeliveryDate: '2026-03-09' }, 'D-2002');
        add('invoice.issued', `${date}T03:00:00Z`, { invoiceId: 'INV-1001-07', amount: 43700, currency: 'CNY', dueDate: '2026-04-01', discount: { pct: 2, untilDate: '2026-03-12' } }, 'D-1001');
        break;
      case '2026-03-03':
        add('order.placed', `${date}T02:00:00Z`, { orderId: 'SO-2002-02', warehouseId: 'WH-SH', lines: [{ sku: 'VLV-200', qty: 200, unitPrice: 85 }], promisedDeliveryDate: '2026-03-10' }, 'D-2002');
        break;
      case '2026-03-05':
        add('shipment.dispatched', `${date}T01:00:00Z`, { shipmentId: 'SH-01', orderId: 'SO-2002-01', warehouseId: 'WH-SH', carrier: 'Yangtze Freight', lines: [{ sku: 'PMP-100', qty: 240 }], estimatedArrivalDate: '2026-03-08' }, 'D-2002');
        add('order.placed', `${date}T06:00:00Z`, { orderId: 'SO-3003-01', warehouseId: 'WH-SH', lines: [{ sku: 'PMP-100', qty: 48, unitPrice: 1150 }], promisedDeliveryDate: '2026-03-14' }, 'D-3003');
        break;
      case '2026-03-08':
        add('shipment.delivered', `${date}T05:00:00Z`, { shipmentId: 'SH-01', orderId: 'SO-2002-01', lines: [{ sku: 'PMP-100', qty: 240 }] }, 'D-2002');
        add('shipment.dispatched', `${date}T01:00:00Z`, { shipmentId: 'SH-02', orderId: 'SO-2002-02', warehouseId: 'WH-SH', carrier: 'Yangtze Freight', lines: [{ sku: 'VLV-200', qty: 200 }], estimatedArrivalDate: '2026-03-10' }, 'D-2002');
        break;
      case '2026-03-09':
        add('shipment.exception', `${date}T07:30:00Z`, { shipmentId: 'SH-02', code: 'weather', note: 'expressway closed by fog' }, 'D-2002');
        break;
      case '2026-03-10':
        add('payment.received', `${date}T08:00:00Z`, { paymentId: 'PAY-1001-07', amount: 42826, currency: 'CNY', allocations: [{ invoiceId: 'INV-1001-07', amount: 42826 }] }, 'D-1001');
        break;
      case '2026-03-13':
        add('shipment.delivered', `${date}T06:00:00Z`, { shipmentId: 'SH-02', orderId: 'SO-2002-02', lines: [{ sku: 'VLV-200', qty: 200 }] }, 'D-2002');
        break;
      default:
        break;
    }
    // The scheduler's tick just after midnight: each dealer's day begins whether or not it sent anything.
    events.push({ eventId: `demo-tick-${date}`, type: 'clock.tick', schemaVersion: 1, occurredAt: `${date}T00:01:00Z`, source: 'demo', data: {} });
  }
  add('clock.tick', '2026-04-01T00:05:00Z', {});
  // Events of one day were added in story order; the stream is published in event time.
  return events.sort((a, b) => Date.parse(a.occurredAt as string) - Date.parse(b.occurredAt as string));
}
