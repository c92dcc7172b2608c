import { describe, expect, it } from 'vitest';
import type { LateExplanation } from './explainLateness';
import { renderExplanation } from './texts';

const base: LateExplanation = {
  orderId: 'PO-1',
  status: 'delivered',
  promisedDeliveryDate: '2026-04-09',
  deliveredAt: '2026-04-13T09:00:00Z',
  deliveredOn: '2026-04-13',
  cancelledOn: null,
  daysLate: 4,
  causes: [],
  expectedDate: null,
  shortLines: [],
};

describe('renderExplanation', () => {
  it('a late delivery with carrier delay, credit hold and backorder, in both languages', () => {
    const text = renderExplanation({
      ...base,
      causes: [
        {
          code: 'carrier_delay',
          days: 2,
          detail: {
            shipmentId: 'S-1',
            carrier: 'FastFreight',
            estimatedArrivalDate: '2026-04-11',
            exceptions: [
              { code: 'weather', note: null },
              { code: 'vehicle', note: 'axle' },
              { code: 'weather', note: null },
            ],
          },
        },
        { code: 'credit_hold', days: 1, detail: { holds: [{ holdId: 'H-1', from: '2026-04-02', to: '2026-04-04' }] } },
        { code: 'backorder', days: 1, detail: { warehouseId: 'W1', skus: ['SKU-A', 'SKU-B'], firstDay: '2026-04-05', lastDay: '2026-04-06' } },
      ],
    });
    expect(text.en).toBe(
      'Order PO-1 was promised for 9 April 2026 and arrived on 13 April 2026, 4 days late. ' +
        'Why: 2 days of carrier delay (FastFreight was due to deliver on 11 April 2026; the carrier reported bad weather and a vehicle breakdown), ' +
        '1 day of credit hold (your account was on hold from 2 April 2026 to 4 April 2026) ' +
        'and 1 day of backorder (SKU-A and SKU-B out of stock at warehouse W1).',
    );
    expect(text['zh-CN']).toBe(
      '订单PO-1承诺于2026年4月9日送达，实际于2026年4月13日送达，延迟4天。' +
        '原因：承运商延误2天（FastFreight原定于2026年4月11日送达，承运商报告了恶劣天气和车辆故障）；' +
        '信用冻结1天（您的账户自2026年4月2日至2026年4月4日处于信用冻结状态）；' +
        '缺货1天（W1仓库的SKU-A和SKU-B库存不足）。',
    );
  });

  it('an order not dispatched yet, on a hold still active, with the date the manufacturer now expects', () => {
    const text = renderExplanation({
      ...base,
      status: 'not_dispatched',
      deliveredAt: null,
      deliveredOn: null,
      daysLate: 3,
      causes: [
        { code: 'credit_hold', days: 2, detail: { holds: [{ holdId: 'H-1', from: '2026-04-08', to: null }] } },
        { code: 'late_dispatch', days: 1, detail: { shipmentId: null, dispatchedOn: null, latestDispatchDate: null } },
      ],
      expectedDate: '2026-04-15',
    });
    expect(text.en).toBe(
      'Order PO-1 was promised for 9 April 2026; it is 3 days late so far and has not yet fully left our warehouse. ' +
        'Why: 2 days of credit hold (your account was on hold since 8 April 2026) ' +
        'and 1 day of late dispatch (the goods have not left our warehouse yet). ' +
        'It is now expected on 15 April 2026.',
    );
    expect(text['zh-CN']).toBe(
      '订单PO-1承诺于2026年4月9日送达，目前仍有货物未从我们的仓库发出，已延迟3天。' +
        '原因：信用冻结2天（您的账户自2026年4月8日起处于信用冻结状态）；发货延迟1天（货物至今尚未从我们的仓库发出）。' +
        '现预计于2026年4月15日送达。',
    );
  });

  it('a short delivery in transit: what is missing, a late dispatch and an unexplained day, no date known', () => {
    const text = renderExplanation(
      {
        ...base,
        status: 'in_transit',
        deliveredAt: null,
        deliveredOn: null,
        daysLate: 1,
        causes: [
          { code: 'late_dispatch', days: 1, detail: { shipmentId: 'S-2', dispatchedOn: '2026-04-09', latestDispatchDate: '2026-04-07' } },
          { code: 'unexplained', days: 1, detail: {} },
        ],
        shortLines: [
          { sku: 'SKU-A', ordered: 10, delivered: 6 },
          { sku: 'SKU-B', ordered: 5, delivered: 0 },
        ],
      },
      { shortDeliveryOn: '2026-04-10' },
    );
    expect(text.en).toBe(
      'Order PO-1 was promised for 9 April 2026; it is on its way and 1 day late so far. ' +
        'The delivery on 10 April 2026 left it short: SKU-A (6 of 10 received) and SKU-B (0 of 5 received). ' +
        'Why: 1 day of late dispatch (the goods left our warehouse on 9 April 2026; to arrive on time they had to leave by 7 April 2026) ' +
        'and 1 day we cannot explain yet and are looking into. ' +
        'We will tell you the new delivery date as soon as we have it.',
    );
    expect(text['zh-CN']).toBe(
      '订单PO-1承诺于2026年4月9日送达，目前仍在运输途中，已延迟1天。' +
        '2026年4月10日的到货未能补齐订单：SKU-A（订购10件，已收到6件）和SKU-B（订购5件，已收到0件）。' +
        '原因：发货延迟1天（货物于2026年4月9日从我们的仓库发出，而按时送达最晚须于2026年4月7日发货）；另有1天原因尚不明确，我们正在核查。' +
        '新的送达日期一经确定，我们将立即通知您。',
    );
  });
});
