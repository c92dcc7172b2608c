import { fillCountTemplate, fillTemplate, formatDate, formatList, LOCALES, type CountTemplate, type Locale, type LocalizedText } from '../texts';
import type { ExplainedCause, LateExplanation, LateStatus } from './explainLateness';
import type { ExceptionCode } from './state';

/** Every sentence part of a late-delivery explanation in one locale; `{name}` are the figures. */
export interface DeliveryTemplates {
  days: CountTemplate;
  opening: Record<LateStatus, string>;
  /** `remainder_cancelled` when what arrived came by the promise (days late 0). */
  remainderCancelledInTime: string;
  partial: string;
  shortLine: string;
  why: string;
  causes: {
    carrier_delay: string;
    carrierExceptions: string;
    manufacturer_reschedule: string;
    rescheduleReason: string;
    credit_hold: string;
    holdClosed: string;
    holdOpen: string;
    backorder: string;
    late_dispatch: string;
    lateDispatchNotYet: string;
    lateDispatchUnknown: string;
    unexplained: string;
  };
  exceptionCodes: Record<ExceptionCode, string>;
  expected: string;
  noExpectedDate: string;
}

export const deliveryTemplates: Record<Locale, DeliveryTemplates> = {
  en: {
    days: { one: '{count} day', other: '{count} days' },
    opening: {
      delivered: 'Order {orderId} was promised for {promised} and arrived on {deliveredOn}, {daysLate} late.',
      in_transit: 'Order {orderId} was promised for {promised}; it is on its way and {daysLate} late so far.',
      not_dispatched: 'Order {orderId} was promised for {promised}; it is {daysLate} late so far and has not yet fully left our warehouse.',
      remainder_cancelled:
        'Order {orderId} was promised for {promised}; what arrived came on {deliveredOn}, {daysLate} late, and the rest was cancelled on {cancelledOn}: {shortLines}.',
    },
    remainderCancelledInTime:
      'Order {orderId} was promised for {promised}; what arrived came on {deliveredOn}, in time, and the rest was cancelled on {cancelledOn}: {shortLines}.',
    partial: 'The delivery on {deliveredOn} left it short: {shortLines}.',
    shortLine: '{sku} ({delivered} of {ordered} received)',
    why: 'Why: {causes}.',
    causes: {
      carrier_delay: '{days} of carrier delay ({carrier} was due to deliver on {eta}{exceptions})',
      carrierExceptions: '; the carrier reported {codes}',
      manufacturer_reschedule: '{days} of rescheduling on our side (on {amendedOn} we moved the delivery to {rescheduledTo}{reason})',
      rescheduleReason: ' because of {reason}',
      credit_hold: '{days} of credit hold (your account was on hold {holds})',
      holdClosed: 'from {from} to {to}',
      holdOpen: 'since {from}',
      backorder: '{days} of backorder ({skus} out of stock at warehouse {warehouseId})',
      late_dispatch: '{days} of late dispatch (the goods left our warehouse on {dispatchedOn}; to arrive on time they had to leave by {latest})',
      lateDispatchNotYet: '{days} of late dispatch (the goods have not left our warehouse yet)',
      lateDispatchUnknown: '{days} of late dispatch',
      unexplained: '{days} we cannot explain yet and are looking into',
    },
    exceptionCodes: {
      weather: 'bad weather',
      vehicle: 'a vehicle breakdown',
      customs: 'a customs delay',
      address: 'an address problem',
      capacity: 'a lack of transport capacity',
      other: 'another problem',
    },
    expected: 'It is now expected on {expected}.',
    noExpectedDate: 'We will tell you the new delivery date as soon as we have it.',
  },
  'zh-CN': {
    days: { one: '{count}天', other: '{count}天' },
    opening: {
      delivered: '订单{orderId}承诺于{promised}送达，实际于{deliveredOn}送达，延迟{daysLate}。',
      in_transit: '订单{orderId}承诺于{promised}送达，目前仍在运输途中，已延迟{daysLate}。',
      not_dispatched: '订单{orderId}承诺于{promised}送达，目前仍有货物未从我们的仓库发出，已延迟{daysLate}。',
      remainder_cancelled: '订单{orderId}承诺于{promised}送达，已到货部分于{deliveredOn}送达，延迟{daysLate}；其余货物已于{cancelledOn}取消：{shortLines}。',
    },
    remainderCancelledInTime: '订单{orderId}承诺于{promised}送达，已到货部分于{deliveredOn}按时送达；其余货物已于{cancelledOn}取消：{shortLines}。',
    partial: '{deliveredOn}的到货未能补齐订单：{shortLines}。',
    shortLine: '{sku}（订购{ordered}件，已收到{delivered}件）',
    why: '原因：{causes}。',
    causes: {
      carrier_delay: '承运商延误{days}（{carrier}原定于{eta}送达{exceptions}）',
      carrierExceptions: '，承运商报告了{codes}',
      manufacturer_reschedule: '我方调整交期{days}（我们于{amendedOn}将交货日期改为{rescheduledTo}{reason}）',
      rescheduleReason: '，原因：{reason}',
      credit_hold: '信用冻结{days}（您的账户{holds}处于信用冻结状态）',
      holdClosed: '自{from}至{to}',
      holdOpen: '自{from}起',
      backorder: '缺货{days}（{warehouseId}仓库的{skus}库存不足）',
      late_dispatch: '发货延迟{days}（货物于{dispatchedOn}从我们的仓库发出，而按时送达最晚须于{latest}发货）',
      lateDispatchNotYet: '发货延迟{days}（货物至今尚未从我们的仓库发出）',
      lateDispatchUnknown: '发货延迟{days}',
      unexplained: '另有{days}原因尚不明确，我们正在核查',
    },
    exceptionCodes: {
      weather: '恶劣天气',
      vehicle: '车辆故障',
      customs: '海关延误',
      address: '地址问题',
      capacity: '运力不足',
      other: '其他问题',
    },
    expected: '现预计于{expected}送达。',
    noExpectedDate: '新的送达日期一经确定，我们将立即通知您。',
  },
};

/**
 * The explanation a dealer reads, in every locale. `shortDeliveryOn` (the date of a delivery that
 * left the order short) adds what is still missing, for `delivery.partial`.
 */
export function renderExplanation(explanation: LateExplanation, options: { shortDeliveryOn?: string } = {}): LocalizedText {
  const texts = {} as LocalizedText;
  for (const locale of LOCALES) texts[locale] = renderIn(explanation, locale, options.shortDeliveryOn ?? null);
  return texts;
}

function renderIn(explanation: LateExplanation, locale: Locale, shortDeliveryOn: string | null): string {
  const t = deliveryTemplates[locale];
  const date = (value: string): string => formatDate(value, locale);
  const days = (count: number): string => fillCountTemplate(t.days, count);
  const shortLines = formatList(explanation.shortLines.map((line) => fillTemplate(t.shortLine, line)), locale);
  const opening =
    explanation.status === 'remainder_cancelled' && explanation.daysLate === 0 ? t.remainderCancelledInTime : t.opening[explanation.status];
  const sentences = [
    fillTemplate(opening, {
      orderId: explanation.orderId,
      promised: date(explanation.promisedDeliveryDate),
      deliveredOn: explanation.deliveredOn === null ? '' : date(explanation.deliveredOn),
      cancelledOn: explanation.cancelledOn === null ? '' : date(explanation.cancelledOn),
      daysLate: days(explanation.daysLate),
      shortLines,
    }),
  ];
  if (shortDeliveryOn !== null && explanation.shortLines.length > 0) {
    sentences.push(fillTemplate(t.partial, { deliveredOn: date(shortDeliveryOn), shortLines }));
  }
  if (explanation.causes.length > 0) {
    const causes = explanation.causes.map((cause) => renderCause(cause, t, locale, days, date));
    sentences.push(fillTemplate(t.why, { causes: formatList(causes, locale, 'clauses') }));
  }
  if (explanation.status !== 'delivered' && explanation.status !== 'remainder_cancelled') {
    sentences.push(
      explanation.expectedDate === null ? t.noExpectedDate : fillTemplate(t.expected, { expected: date(explanation.expectedDate) }),
    );
  }
  return sentences.join(locale === 'en' ? ' ' : '');
}

function renderCause(
  cause: ExplainedCause,
  t: DeliveryTemplates,
  locale: Locale,
  days: (count: number) => string,
  date: (value: string) => string,
): string {
  const count = days(cause.days);
  switch (cause.code) {
    case 'carrier_delay': {
      const codes = [...new Set(cause.detail.exceptions.map((exception) => exception.code))].map((code) => t.exceptionCodes[code]);
      return fillTemplate(t.causes.carrier_delay, {
        days: count,
        carrier: cause.detail.carrier ?? '',
        eta: date(cause.detail.estimatedArrivalDate),
        exceptions: codes.length === 0 ? '' : fillTemplate(t.causes.carrierExceptions, { codes: formatList(codes, locale) }),
      });
    }
    case 'manufacturer_reschedule': {
      const { reason, amendedOn, rescheduledTo } = cause.detail;
      return fillTemplate(t.causes.manufacturer_reschedule, {
        days: count,
        amendedOn: date(amendedOn),
        rescheduledTo: date(rescheduledTo),
        reason: reason === null || reason.trim() === '' ? '' : fillTemplate(t.causes.rescheduleReason, { reason: reason.trim() }),
      });
    }
    case 'credit_hold': {
      const holds = cause.detail.holds.map((hold) =>
        hold.to === null
          ? fillTemplate(t.causes.holdOpen, { from: date(hold.from) })
          : fillTemplate(t.causes.holdClosed, { from: date(hold.from), to: date(hold.to) }),
      );
      return fillTemplate(t.causes.credit_hold, { days: count, holds: formatList(holds, locale) });
    }
    case 'backorder':
      return fillTemplate(t.causes.backorder, {
        days: count,
        skus: formatList(cause.detail.skus, locale),
        warehouseId: cause.detail.warehouseId,
      });
    case 'late_dispatch': {
      const { dispatchedOn, latestDispatchDate } = cause.detail;
      if (dispatchedOn === null) return fillTemplate(t.causes.lateDispatchNotYet, { days: count });
      if (latestDispatchDate === null) return fillTemplate(t.causes.lateDispatchUnknown, { days: count });
      return fillTemplate(t.causes.late_dispatch, { days: count, dispatchedOn: date(dispatchedOn), latest: date(latestDispatchDate) });
    }
    case 'unexplained':
      return fillTemplate(t.causes.unexplained, { days: count });
    default: {
      const unexpected: never = cause;
      throw new Error(`no text for cause ${(unexpected as { code: string }).code}`);
    }
  }
}
