import type { DealerProfile, HoldReason, OutputDataOf, OutputEvent, RebateProgram } from '@dealerflow/contracts';
import {
  escapeHtml,
  fillCountTemplate,
  fillTemplate,
  formatDate,
  formatList,
  formatMoney,
  formatNumber,
  formatPercent,
  type Locale,
  type TemplateValues,
} from '../texts';
import { roundHalfUp } from '../money';
import type { NotificationAudience } from './notificationId';
import type { NotifiableType } from './policy';
import { htmlTemplates, notifyTemplates, textTemplates, type NotifyTemplates } from './templates';

/** A message before layout: a title and blocks of text, laid out as plain text or HTML. */
export interface Message {
  title: string;
  blocks: MessageBlock[];
}

export type MessageBlock = { paragraph: string } | { list: string[] };

/** What a rebate text needs of a program besides the output's figures (its name and unit). */
export type ProgramInfo = Pick<RebateProgram, 'name' | 'basis'>;

export interface RenderContext {
  audience: NotificationAudience;
  locale: Locale;
  dealerId: string;
  dealer: DealerProfile | undefined;
  programs?: Readonly<Record<string, ProgramInfo>>;
  /** A digest lists at most this many items in full. */
  maxListed: number;
}

type OutputOf<T extends NotifiableType> = Extract<OutputEvent, { type: T }>;

/**
 * The message for one notification: one output, or several stock alerts as a digest. Staff
 * audiences get the dealer named in the title and a first paragraph saying who the dealer is.
 */
export function renderMessage(outputs: readonly OutputEvent[], rc: RenderContext): Message {
  const first = outputs[0];
  if (!first) throw new Error('a notification covers at least one output');
  const f = figuresFor(rc);
  const message = outputs.length > 1 ? stockDigest(outputs as OutputOf<'stock.alert.raised'>[], f) : single(first, f);
  if (rc.audience === 'dealer') return message;
  const who = { dealerName: rc.dealer?.name ?? rc.dealerId, dealerId: rc.dealerId };
  const staffTitle = fillTemplate(f.t.staff.title, { ...who, title: message.title });
  const blocks: MessageBlock[] = rc.dealer
    ? [{ paragraph: fillTemplate(f.t.staff.dealer, { ...who, tier: rc.dealer.tier, region: rc.dealer.region }) }, ...message.blocks]
    : message.blocks;
  return { title: staffTitle, blocks };
}

function single(output: OutputEvent, f: Figures): Message {
  switch (output.type) {
    case 'stock.alert.raised':
      return stockAlert(output.data, f);
    case 'stock.alerts.summarised':
      return stockSummary(output.data, f);
    case 'delivery.late':
      return deliveryLate(output.data, f);
    case 'delivery.partial':
      return deliveryPartial(output.data, f);
    case 'credit.hold.placed':
      return holdPlaced(output.data, f);
    case 'credit.review.requested':
      return creditReview(output.data, f);
    case 'credit.hold.released':
      return holdReleased(output.data, f);
    case 'credit.limit.warning':
      return limitWarning(output.data, f);
    case 'rebate.accrued':
      return nearTier(output.data, f);
    case 'rebate.tier.reached':
      return tierReached(output.data, f);
    case 'rebate.statement.issued':
      return statement(output.data, f);
    case 'rebate.adjustment.issued':
      return adjustment(output.data, f);
    case 'cash.discount.earned':
      return cashDiscount(output.data, f);
    case 'dealer.tier.suggested':
      return tierSuggestion(output.data, f);
    default:
      throw new Error(`no notification text for ${output.type}`);
  }
}

// ---- figures, formatted for the reader's locale ------------------------------------------------

interface Figures {
  t: NotifyTemplates;
  rc: RenderContext;
  dealerName: string;
  money(amount: number): string;
  units(count: number): string;
  days(count: number): string;
  number(value: number): string;
  percent(share: number): string;
  date(date: string): string;
  volume(programId: string, value: number): string;
  program(programId: string): string;
}

function figuresFor(rc: RenderContext): Figures {
  const t = notifyTemplates[rc.locale];
  const currency = rc.dealer?.currency;
  const figures: Figures = {
    t,
    rc,
    dealerName: rc.dealer?.name ?? rc.dealerId,
    money: (amount) => formatMoney(amount, currency, rc.locale),
    units: (count) => fillCountTemplate(t.units, count, { count: formatNumber(count, rc.locale) }),
    days: (count) => fillCountTemplate(t.days, count),
    number: (value) => formatNumber(value, rc.locale),
    percent: (share) => formatPercent(share, rc.locale),
    date: (date) => formatDate(date, rc.locale),
    volume: (programId, value) => {
      const basis = rc.programs?.[programId]?.basis;
      if (basis === 'amount') return figures.money(value);
      if (basis === 'quantity') return figures.units(value);
      return figures.number(value);
    },
    program: (programId) => rc.programs?.[programId]?.name ?? programId,
  };
  return figures;
}

function fill(template: string, values: TemplateValues): string {
  return fillTemplate(template, values);
}

// ---- stock -------------------------------------------------------------------------------------

type StockAlert = OutputDataOf<'stock.alert.raised'>;

function stockAlert(alert: StockAlert, f: Figures): Message {
  const s = f.t.stock;
  const values = stockValues(alert, f);
  const blocks: MessageBlock[] = [
    { paragraph: fill(s.situation[alert.kind], values) },
    { paragraph: fill(s.supply, values) },
  ];
  // What arrives when: a stock-out with nothing to order always says why (the goods on their way).
  const arrivals = arrivalList(alert, f);
  if (arrivals) blocks.push({ paragraph: fill(s.arrivals, { list: arrivals }) });
  else if (alert.kind === 'stockout') blocks.push({ paragraph: s.nothingComing });
  if (alert.kind !== 'stockout' && alert.projectedStockoutDate) {
    blocks.push({ paragraph: fill(s.runsOut, { date: f.date(alert.projectedStockoutDate) }) });
  }
  blocks.push({ paragraph: alert.suggestedOrderQty > 0 ? fill(s.suggest, values) : s.noOrder });
  return { title: fill(s.title, { kind: s.kindTitle[alert.kind], sku: alert.sku }), blocks };
}

/** `arrivals` as the reader reads them ("40 units due 24 April 2026 (SO-1)"), or null when nothing comes. */
function arrivalList(alert: Pick<StockAlert, 'arrivals'>, f: Figures): string | null {
  if (!alert.arrivals || alert.arrivals.length === 0) return null;
  const items = alert.arrivals.map((arrival) => fill(f.t.stock.arrival, { qty: f.units(arrival.qty), date: f.date(arrival.expectedDate), ref: arrival.ref }));
  return formatList(items, f.rc.locale);
}

function stockValues(alert: Omit<StockAlert, 'causedBy'>, f: Figures): TemplateValues {
  return {
    sku: alert.sku,
    kind: f.t.stock.kindLabel[alert.kind],
    // One decimal is what a sales rate is read to; "3.57 units a day" is false precision.
    ads: f.units(roundHalfUp(alert.avgDailySales, 1)),
    onHand: f.units(alert.onHand),
    cover: alert.daysOfCover === null ? '—' : f.days(Math.floor(alert.daysOfCover)),
    inTransit: f.units(alert.inTransit),
    onOrder: f.units(alert.onOrder),
    reorderPoint: f.units(alert.reorderPoint),
    quantity: f.units(alert.suggestedOrderQty),
  };
}

/** One digest line: the alert, its suggested order, and what is on its way (if anything). */
function digestItem(alert: Omit<StockAlert, 'causedBy'>, f: Figures): string {
  const s = f.t.stock;
  const line = fill(alert.suggestedOrderQty > 0 ? s.digestItem : s.digestItemNoOrder, stockValues(alert, f));
  const arrivals = arrivalList(alert, f);
  return arrivals ? line + fill(s.digestArrivals, { list: arrivals }) : line;
}

function stockDigest(alerts: readonly OutputOf<'stock.alert.raised'>[], f: Figures): Message {
  const s = f.t.stock;
  const listed = alerts.slice(0, f.rc.maxListed);
  const items = listed.map(({ data }) => digestItem(data, f));
  if (alerts.length > listed.length) items.push(fill(s.digestMore, { count: alerts.length - listed.length }));
  const total = alerts.reduce((sum, { data }) => sum + data.suggestedOrderQty, 0);
  const blocks: MessageBlock[] = [{ paragraph: fill(s.digestIntro, { count: alerts.length }) }, { list: items }];
  if (total > 0) blocks.push({ paragraph: fill(s.digestTotal, { quantity: f.units(total) }) });
  return { title: fill(s.digestTitle, { count: alerts.length }), blocks };
}

/** The stock worker's opening summary or daily digest: one message listing its alerts. */
function stockSummary(data: OutputDataOf<'stock.alerts.summarised'>, f: Figures): Message {
  const s = f.t.stock;
  const alerts = data.alerts;
  const listed = alerts.slice(0, f.rc.maxListed);
  const items = listed.map((alert) => {
    const line = digestItem(alert, f);
    return alert.status === 'open' || data.reason === 'opening' ? line : line + fill(s.statusTag, { status: s.status[alert.status] });
  });
  if (alerts.length > listed.length) items.push(fill(s.digestMore, { count: alerts.length - listed.length }));
  const total = alerts.reduce((sum, alert) => sum + alert.suggestedOrderQty, 0);
  const told = alerts.filter((alert) => alert.status !== 'open').length;
  const intro = data.reason === 'opening' ? fill(s.openingIntro, { count: alerts.length }) : fill(s.dailyIntro, { count: told });
  const blocks: MessageBlock[] = [{ paragraph: intro }, { list: items }];
  if (total > 0) blocks.push({ paragraph: fill(s.digestTotal, { quantity: f.units(total) }) });
  const title =
    data.reason === 'opening'
      ? fill(s.openingTitle, { count: alerts.length })
      : fill(s.dailyTitle, { date: f.date(data.date), count: alerts.length });
  return { title, blocks };
}

// ---- delivery ----------------------------------------------------------------------------------

function deliveryLate(data: OutputDataOf<'delivery.late'>, f: Figures): Message {
  const d = f.t.delivery;
  const template =
    data.status === 'delivered' ? d.deliveredLateTitle : data.status === 'remainder_cancelled' ? d.remainderCancelledTitle : d.lateTitle;
  return {
    title: fill(template, { orderId: data.orderId, days: f.days(data.daysLate) }),
    blocks: [{ paragraph: data.explanation[f.rc.locale] }],
  };
}

function deliveryPartial(data: OutputDataOf<'delivery.partial'>, f: Figures): Message {
  return {
    title: fill(f.t.delivery.partialTitle, { orderId: data.orderId }),
    blocks: [{ paragraph: data.explanation[f.rc.locale] }],
  };
}

// ---- credit ------------------------------------------------------------------------------------

function holdPlaced(data: OutputDataOf<'credit.hold.placed'>, f: Figures): Message {
  const h = f.t.holdPlaced;
  const reasons = data.reasons.map((reason) =>
    fill(h.reasons[reason.code], {
      exposure: f.money(data.exposure),
      creditLimit: f.money(data.creditLimit),
      overdueAmount: f.money(data.overdueAmount),
      maxDaysPastDue: f.days(data.maxDaysPastDue),
    }),
  );
  return {
    title: h.title,
    blocks: [
      { paragraph: fill(h.opening, { dealerName: f.dealerName, reasons: formatList(reasons, f.rc.locale) }) },
      { paragraph: h.effect },
      { paragraph: h.closing },
    ],
  };
}

function creditReview(data: OutputDataOf<'credit.review.requested'>, f: Figures): Message {
  const r = f.t.review;
  const reasons = data.reasons.map((reason) => fill(r.reasons[reason.code], reviewReasonValues(reason, f)));
  const behaviour = data.paymentBehaviour;
  const behaviourText =
    behaviour.onTimeRatio === null || behaviour.averageDaysToPay === null
      ? r.noBehaviour
      : fill(r.behaviour, {
          onTime: f.percent(behaviour.onTimeRatio),
          settled: behaviour.invoicesSettled,
          averageDays: f.days(Math.round(behaviour.averageDaysToPay)),
          largest: f.days(behaviour.largestDaysPastDue),
        });
  // The worker's own advice names the figures it weighed, in English; other locales say the action.
  const action = f.rc.locale === 'en' ? data.suggestedAction.text : r.actions[data.suggestedAction.code];
  return {
    title: fill(r.title, { holdId: data.holdId }),
    blocks: [
      { paragraph: fill(r.opening, { holdId: data.holdId, reasons: formatList(reasons, f.rc.locale, 'clauses') }) },
      {
        paragraph: fill(r.figures, {
          exposure: f.money(data.exposure),
          creditLimit: f.money(data.creditLimit),
          openReceivables: f.money(data.openReceivables),
          openOrderValue: f.money(data.openOrderValue),
          creditBalance: f.money(data.creditBalance),
        }),
      },
      {
        paragraph:
          data.overdueAmount > 0
            ? fill(r.overdue, { overdueAmount: f.money(data.overdueAmount), maxDaysPastDue: f.days(data.maxDaysPastDue) })
            : r.nothingOverdue,
      },
      { paragraph: behaviourText },
      { paragraph: fill(r.action, { action }) },
    ],
  };
}

function reviewReasonValues(reason: HoldReason, f: Figures): TemplateValues {
  switch (reason.code) {
    case 'over_limit':
      return { exposure: f.money(reason.exposure), creditLimit: f.money(reason.creditLimit), excess: f.money(reason.excess) };
    case 'past_due':
      return {
        overdueAmount: f.money(reason.overdueAmount),
        pastDueHoldDays: f.days(reason.pastDueHoldDays),
        maxDaysPastDue: f.days(reason.maxDaysPastDue),
        invoiceCount: fillCountTemplate(f.t.invoices, reason.invoiceIds.length),
      };
    case 'manual':
      return { decidedBy: reason.decidedBy, note: reason.note };
    default: {
      const unexpected: never = reason;
      throw new Error(`no text for hold reason ${(unexpected as { code: string }).code}`);
    }
  }
}

function holdReleased(data: OutputDataOf<'credit.hold.released'>, f: Figures): Message {
  const h = f.t.holdReleased;
  if (f.rc.audience === 'dealer') {
    return { title: h.dealerTitle, blocks: [{ paragraph: fill(h.dealerBody, { dealerName: f.dealerName }) }] };
  }
  const cleared = data.releasedBy === 'auto' ? data.cleared : undefined;
  const blocks: MessageBlock[] = cleared
    ? [{ paragraph: h.autoCleared }, ...clearedConditions(cleared, f)]
    : [{ paragraph: fill(data.releasedBy === 'auto' ? h.auto : h.finance, { reason: data.reason }) }];
  if (data.releasedBy === 'finance') {
    blocks.push({ paragraph: data.overrideUntil ? fill(h.overrideUntil, { date: f.date(data.overrideUntil) }) : h.overrideOpen });
  }
  return { title: fill(h.staffTitle, { holdId: data.holdId }), blocks };
}

/** What cleared an automatic release, one line per condition (credit.hold.released `cleared`). */
function clearedConditions(cleared: NonNullable<OutputDataOf<'credit.hold.released'>['cleared']>, f: Figures): MessageBlock[] {
  const h = f.t.holdReleased;
  const lines: MessageBlock[] = [];
  if (cleared.releaseThreshold !== null) {
    lines.push({ paragraph: fill(h.clearedMargin, { exposure: f.money(cleared.exposure), threshold: f.money(cleared.releaseThreshold) }) });
  }
  lines.push({ paragraph: h.clearedOverdue });
  if (cleared.conditions.includes('keep_ended')) lines.push({ paragraph: h.clearedKeep });
  return lines;
}

function limitWarning(data: OutputDataOf<'credit.limit.warning'>, f: Figures): Message {
  const w = f.t.limitWarning;
  const values = {
    exposure: f.money(data.exposure),
    creditLimit: f.money(data.creditLimit),
    utilization: f.percent(data.utilization),
    warningUtilization: f.percent(data.warningUtilization),
  };
  // Reaching the limit in one step places a hold with the same event: say so rather than "a hold follows".
  const body = data.exposure > data.creditLimit ? w.bodyOverLimit : w.body;
  return { title: fill(w.title, values), blocks: [{ paragraph: fill(body, values) }] };
}

// ---- rebates -----------------------------------------------------------------------------------

function orderBlock(orderId: string | undefined, f: Figures): MessageBlock[] {
  return orderId === undefined ? [] : [{ paragraph: fill(f.t.rebate.order, { orderId }) }];
}

function tierReached(data: OutputDataOf<'rebate.tier.reached'>, f: Figures): Message {
  const r = f.t.rebate;
  const tier = data.tierIndex + 1;
  const next = data.nextTier;
  return {
    title: fill(r.tierTitle, { tier, program: f.program(data.programId) }),
    blocks: [
      {
        paragraph: fill(r.tierBody, {
          volume: f.volume(data.programId, data.volume),
          tier,
          threshold: f.volume(data.programId, data.threshold),
          rate: f.percent(data.rate),
          accrued: f.money(data.accruedAmount),
        }),
      },
      {
        paragraph: next
          ? fill(r.nextTier, {
              threshold: f.volume(data.programId, next.threshold),
              rate: f.percent(next.rate),
              gap: f.volume(data.programId, next.gap),
            })
          : r.topTier,
      },
      ...orderBlock(data.orderId, f),
    ],
  };
}

/** Only called for an accrual whose next tier is near (the plan decides that). */
function nearTier(data: OutputDataOf<'rebate.accrued'>, f: Figures): Message {
  const r = f.t.rebate;
  const next = data.nextTier;
  if (!next) throw new Error('a near-tier notice needs a next tier');
  const tier = (data.tierIndex ?? -1) + 2;
  return {
    title: fill(r.nearTitle, { tier, program: f.program(data.programId) }),
    blocks: [
      {
        paragraph: fill(r.nearBody, {
          volume: f.volume(data.programId, data.volume),
          gap: f.volume(data.programId, next.gap),
          tier,
          threshold: f.volume(data.programId, next.threshold),
          rate: f.percent(data.rate),
          nextRate: f.percent(next.rate),
          periodEnd: f.date(data.periodEnd),
        }),
      },
      ...orderBlock(data.orderId, f),
    ],
  };
}

function statement(data: OutputDataOf<'rebate.statement.issued'>, f: Figures): Message {
  const r = f.t.rebate;
  const values = {
    volume: f.volume(data.programId, data.volume),
    qualifyingAmount: f.money(data.qualifyingAmount),
    rebateAmount: f.money(data.rebateAmount),
    rate: f.percent(data.rate),
  };
  const earned = data.rebateAmount > 0;
  const blocks: MessageBlock[] = [{ paragraph: fill(earned ? r.statementBody : r.noTier, values) }];
  if (earned) blocks.push({ paragraph: settlementText(data, f) });
  return {
    title: fill(r.statementTitle, {
      program: f.program(data.programId),
      periodStart: f.date(data.periodStart),
      periodEnd: f.date(data.periodEnd),
    }),
    blocks,
  };
}

/** Payable, payable after offsets against overdue invoices, or withheld with its reason. */
function settlementText(data: Pick<OutputDataOf<'rebate.statement.issued'>, 'status' | 'withheldReason' | 'settlement'>, f: Figures): string {
  const r = f.t.rebate;
  if (data.status === 'withheld') return withheldText(data.withheldReason, f);
  const settlement = data.settlement;
  if (!settlement || settlement.offsetAmount === 0) return r.payable;
  return fill(r.payableAfterOffset, {
    offsetAmount: f.money(settlement.offsetAmount),
    payableAmount: f.money(settlement.payableAmount),
    invoices: formatList(settlement.offsets.map((offset) => offset.invoiceId), f.rc.locale),
  });
}

function adjustment(data: OutputDataOf<'rebate.adjustment.issued'>, f: Figures): Message {
  const r = f.t.rebate;
  const values = {
    documentId: data.documentId,
    volume: f.volume(data.programId, data.volume),
    previousVolume: f.volume(data.programId, data.previousVolume),
    rebateAmount: f.money(data.rebateAmount),
    previousRebateAmount: f.money(data.previousRebateAmount),
  };
  const blocks: MessageBlock[] = [{ paragraph: fill(data.reason === 'return' ? r.adjustmentReturn : r.adjustmentLateDelivery, values) }];
  if (data.adjustmentAmount < 0) blocks.push({ paragraph: fill(r.adjustmentOwedBack, { amount: f.money(-data.adjustmentAmount) }) });
  if (data.adjustmentAmount > 0) {
    blocks.push({ paragraph: fill(r.adjustmentOwed, { amount: f.money(data.adjustmentAmount) }) });
    blocks.push({ paragraph: settlementText(data, f) });
  }
  blocks.push(...orderBlock(data.orderId, f));
  return {
    title: fill(r.adjustmentTitle, { program: f.program(data.programId), periodStart: f.date(data.periodStart), periodEnd: f.date(data.periodEnd) }),
    blocks,
  };
}

/** The worker writes `<code>: <English detail>`; a known code gets the locale's own sentence. */
function withheldText(reason: string | null, f: Figures): string {
  const r = f.t.rebate;
  const text = reason ?? '';
  const separator = text.indexOf(': ');
  const code = separator > 0 ? text.slice(0, separator) : '';
  const detail = separator > 0 ? text.slice(separator + 2) : text;
  return fill(code === 'past_due' ? r.withheldPastDue : code === 'overdue' ? r.withheldOverdue : r.withheld, { reason: detail });
}

function tierSuggestion(data: OutputDataOf<'dealer.tier.suggested'>, f: Figures): Message {
  const t = f.t.tierSuggestion;
  const values = {
    month: data.month,
    windowMonths: data.windowMonths,
    currentTier: data.currentTier,
    suggestedTier: data.suggestedTier,
    rank: data.rank,
    dealerCount: data.dealerCount,
    sales: formatMoney(data.sales, data.currency, f.rc.locale),
    share: f.percent(data.share),
    cumulativeShare: f.percent(data.cumulativeShare),
    classA: f.percent(data.classShares.A),
    classB: f.percent(data.classShares.B),
  };
  return { title: fill(t.title, values), blocks: [{ paragraph: fill(t.body, values) }] };
}

function cashDiscount(data: OutputDataOf<'cash.discount.earned'>, f: Figures): Message {
  const c = f.t.cashDiscount;
  const values = {
    invoiceId: data.invoiceId,
    untilDate: f.date(data.untilDate),
    amount: f.money(data.amount),
    pct: f.percent(data.pct / 100),
  };
  return { title: fill(c.title, values), blocks: [{ paragraph: fill(c.body, values) }] };
}

// ---- layout ------------------------------------------------------------------------------------

/** The plain-text body: paragraphs separated by a blank line, list items one a line. */
export function messageText(message: Message): string {
  return message.blocks
    .map((block) => ('paragraph' in block ? block.paragraph : block.list.map((text) => fill(textTemplates.item, { text })).join('\n')))
    .join('\n\n');
}

/** The HTML part: the same title and blocks, escaped, in simple markup. */
export function messageHtml(message: Message, locale: Locale): string {
  const content = message.blocks
    .map((block) =>
      'paragraph' in block
        ? fill(htmlTemplates.paragraph, { text: escapeHtml(block.paragraph) })
        : fill(htmlTemplates.list, {
            items: block.list.map((text) => fill(htmlTemplates.item, { text: escapeHtml(text) })).join('\n'),
          }),
    )
    .join('\n');
  return fill(htmlTemplates.document, { lang: locale, title: escapeHtml(message.title), content });
}
