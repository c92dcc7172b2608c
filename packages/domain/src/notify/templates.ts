import type { StockAlertKind, SuggestedAction } from '@dealerflow/contracts';
import type { CountTemplate, Locale } from '../texts';

type HoldReasonCode = 'over_limit' | 'past_due' | 'manual';

/**
 * Every sentence a notification is made of, per locale; `{name}` placeholders are filled with
 * figures already formatted for the locale. Dealer texts speak to the dealer; staff texts (ops,
 * finance) name the dealer and give the figures an operator acts on.
 */
export interface NotifyTemplates {
  units: CountTemplate;
  days: CountTemplate;
  invoices: CountTemplate;
  staff: { title: string; dealer: string };
  stock: {
    kindTitle: Record<StockAlertKind, string>;
    kindLabel: Record<StockAlertKind, string>;
    title: string;
    situation: Record<StockAlertKind, string>;
    supply: string;
    suggest: string;
    noOrder: string;
    digestTitle: string;
    digestIntro: string;
    digestItem: string;
    digestItemNoOrder: string;
    digestMore: string;
    digestTotal: string;
    /** What is on its way: `arrivals` lists `arrival` items; a stock-out with none says `nothingComing`. */
    arrivals: string;
    arrival: string;
    nothingComing: string;
    runsOut: string;
    digestArrivals: string;
    openingTitle: string;
    openingIntro: string;
    dailyTitle: string;
    dailyIntro: string;
    status: { new: string; changed: string };
    statusTag: string;
  };
  delivery: { lateTitle: string; deliveredLateTitle: string; partialTitle: string; remainderCancelledTitle: string };
  holdPlaced: {
    title: string;
    reasons: Record<HoldReasonCode, string>;
    opening: string;
    effect: string;
    closing: string;
  };
  review: {
    title: string;
    reasons: Record<HoldReasonCode, string>;
    opening: string;
    figures: string;
    overdue: string;
    nothingOverdue: string;
    behaviour: string;
    noBehaviour: string;
    action: string;
    actions: Record<SuggestedAction['code'], string>;
  };
  holdReleased: {
    dealerTitle: string;
    dealerBody: string;
    staffTitle: string;
    auto: string;
    finance: string;
    overrideUntil: string;
    overrideOpen: string;
    /** An automatic release that says what cleared it (`cleared`), in the reader's language. */
    autoCleared: string;
    clearedMargin: string;
    clearedOverdue: string;
    clearedKeep: string;
  };
  limitWarning: { title: string; body: string; bodyOverLimit: string };
  rebate: {
    order: string;
    tierTitle: string;
    tierBody: string;
    nextTier: string;
    topTier: string;
    nearTitle: string;
    nearBody: string;
    statementTitle: string;
    statementBody: string;
    noTier: string;
    payable: string;
    withheld: string;
    withheldPastDue: string;
    /** Part of the rebate set against overdue invoices (docs/rebates.md, settlement). */
    payableAfterOffset: string;
    withheldOverdue: string;
    adjustmentTitle: string;
    adjustmentLateDelivery: string;
    adjustmentReturn: string;
    adjustmentOwed: string;
    adjustmentOwedBack: string;
  };
  cashDiscount: { title: string; body: string };
  /** `dealer.tier.suggested`, for operations. */
  tierSuggestion: { title: string; body: string };
}

export const notifyTemplates: Record<Locale, NotifyTemplates> = {
  en: {
    units: { one: '{count} unit', other: '{count} units' },
    days: { one: '{count} day', other: '{count} days' },
    invoices: { one: '{count} invoice', other: '{count} invoices' },
    staff: { title: '{dealerName} ({dealerId}): {title}', dealer: 'Dealer {dealerName} ({dealerId}), tier {tier}, {region}.' },
    stock: {
      kindTitle: { stockout: 'Out of stock', low_stock: 'Running low', overstock: 'Overstocked' },
      kindLabel: { stockout: 'out of stock', low_stock: 'running low', overstock: 'overstocked' },
      title: '{kind}: {sku}',
      situation: {
        stockout: '{sku} is out of stock; it sells about {ads} a day.',
        low_stock: '{sku} is running low: {onHand} in stock, about {cover} of cover at {ads} a day.',
        overstock: '{sku} is overstocked: {onHand} in stock, about {cover} of cover at {ads} a day.',
      },
      supply: '{inTransit} in transit and {onOrder} on order; the reorder point is {reorderPoint}.',
      suggest: 'Suggested order: {quantity}.',
      noOrder: 'No order is needed for now.',
      digestTitle: 'Stock alerts: {count} SKUs need attention',
      digestIntro: 'The latest stock figures raised {count} alerts:',
      digestItem: '{sku}: {kind}, {onHand} in stock; suggested order {quantity}',
      digestItemNoOrder: '{sku}: {kind}, {onHand} in stock; no order needed',
      digestMore: 'and {count} more',
      digestTotal: 'Suggested orders total {quantity}.',
      arrivals: 'On its way: {list}.',
      arrival: '{qty} due {date} ({ref})',
      nothingComing: 'Nothing is on its way.',
      runsOut: 'At this pace it runs out on {date}.',
      digestArrivals: '; on its way: {list}',
      openingTitle: 'First stock review: {count} alerts',
      openingIntro: 'Reviewing your stock as Dealerflow starts following it raised {count} alerts:',
      dailyTitle: 'Stock digest for {date}: {count} open alerts',
      dailyIntro: '{count} new or changed since the last digest. Acknowledge or snooze an alert to leave it out of the next digests.',
      status: { new: 'new', changed: 'changed' },
      statusTag: ' ({status})',
    },
    delivery: {
      lateTitle: 'Order {orderId} is {days} late',
      deliveredLateTitle: 'Order {orderId} arrived {days} late',
      partialTitle: 'Order {orderId} arrived short',
      remainderCancelledTitle: 'Order {orderId} is closed: the rest was cancelled',
    },
    holdPlaced: {
      title: 'Your account is on credit hold',
      reasons: {
        over_limit: 'your open balance of {exposure} is above your credit limit of {creditLimit}',
        past_due: '{overdueAmount} of invoices is overdue, the oldest by {maxDaysPastDue}',
        manual: 'our finance team needs to review your account',
      },
      opening: 'Dear {dealerName}, we have placed a temporary credit hold on your account because {reasons}.',
      effect: 'While the hold is in place, new orders cannot be shipped.',
      closing:
        'Please arrange payment or contact your account manager. If you have already paid, thank you, and please disregard this notice.',
    },
    review: {
      title: 'Credit review: {holdId}',
      reasons: {
        over_limit: 'exposure {exposure} is {excess} over the credit limit of {creditLimit}',
        past_due: '{overdueAmount} is more than {pastDueHoldDays} past due on {invoiceCount} (up to {maxDaysPastDue})',
        manual: '{decidedBy} placed a manual hold: "{note}"',
      },
      opening: '{holdId} was placed because {reasons}.',
      figures:
        'Exposure {exposure} against a limit of {creditLimit}: open receivables {openReceivables}, open orders {openOrderValue}, credit balance {creditBalance}.',
      overdue: 'Overdue {overdueAmount}, at most {maxDaysPastDue} past due.',
      nothingOverdue: 'Nothing is overdue.',
      behaviour:
        'Last 12 months: {onTime} of {settled} invoices paid on time, {averageDays} to pay on average, at most {largest} past due.',
      noBehaviour: 'No invoice was settled in the last 12 months to judge payment by.',
      action: 'Suggested action: {action}',
      actions: {
        keep_hold: 'Keep the hold.',
        request_payment: 'Request payment before releasing.',
        release_with_override: 'Consider releasing with an override.',
        review_limit: 'Review the credit limit.',
      },
    },
    holdReleased: {
      dealerTitle: 'Your credit hold has been lifted',
      dealerBody: 'Dear {dealerName}, the credit hold on your account has been lifted and your orders are shipping again. Thank you for your cooperation.',
      staffTitle: 'Credit hold {holdId} released',
      auto: 'Released automatically: {reason}.',
      finance: 'Released by finance: {reason}.',
      overrideUntil: 'The override lasts until {date}.',
      overrideOpen: 'The override lasts until a new reason for a hold appears.',
      autoCleared: 'Released automatically: every condition of the hold has cleared.',
      clearedMargin: 'Exposure {exposure} is at or below {threshold}, the credit limit less the release margin.',
      clearedOverdue: 'Nothing is overdue any more.',
      clearedKeep: "Finance's decision to keep the hold has ended.",
    },
    limitWarning: {
      title: '{utilization} of the credit limit used',
      body: 'Exposure {exposure} has reached {utilization} of the credit limit of {creditLimit} (warning at {warningUtilization}). A hold follows if exposure goes over the limit.',
      bodyOverLimit: 'Exposure {exposure} is {utilization} of the credit limit of {creditLimit} (warning at {warningUtilization}): it is over the limit, so a credit hold is placed with it.',
    },
    rebate: {
      order: 'This concerns order {orderId}.',
      tierTitle: 'You reached tier {tier} of {program}',
      tierBody: 'Congratulations: your volume of {volume} has reached tier {tier} (from {threshold}), which earns a rebate of {rate}. Rebate accrued so far: {accrued}.',
      nextTier: 'The next tier starts at {threshold} with {rate}; {gap} to go.',
      topTier: 'This is the top tier.',
      nearTitle: 'Almost at tier {tier} of {program}',
      nearBody: 'Your volume of {volume} is {gap} short of tier {tier} (from {threshold}), which would raise your rebate from {rate} to {nextRate}. The period ends on {periodEnd}.',
      statementTitle: 'Rebate statement: {program}, {periodStart} to {periodEnd}',
      statementBody: 'Qualifying volume {volume} ({qualifyingAmount} of qualifying sales) earns a rebate of {rebateAmount} at {rate}.',
      noTier: 'Qualifying volume {volume} ({qualifyingAmount} of qualifying sales) did not reach a tier, so no rebate is due.',
      payable: 'The rebate is payable.',
      withheld: 'The rebate is withheld: {reason}.',
      withheldPastDue: 'The rebate is withheld: {reason}.',
      payableAfterOffset: '{offsetAmount} of it is set against your overdue invoices ({invoices}); {payableAmount} is payable.',
      withheldOverdue: 'The rebate is withheld while invoices are overdue: {reason}.',
      adjustmentTitle: 'Rebate adjustment: {program}, {periodStart} to {periodEnd}',
      adjustmentLateDelivery: 'Delivery {documentId}, dated in this period, arrived after its statement: qualifying volume is now {volume} (was {previousVolume}) and the rebate {rebateAmount} (was {previousRebateAmount}).',
      adjustmentReturn: 'Goods returned under credit note {documentId} come off this period: qualifying volume is now {volume} (was {previousVolume}) and the rebate {rebateAmount} (was {previousRebateAmount}).',
      adjustmentOwed: 'The difference of {amount} is owed to you.',
      adjustmentOwedBack: 'The difference of {amount} is owed back by you.',
    },
    tierSuggestion: {
      title: 'Tier {suggestedTier} suggested (now {currentTier})',
      body: 'By sales over the {windowMonths} months to {month} ({sales}), the dealer ranks {rank} of {dealerCount}: {share} of all sales, {cumulativeShare} together with the dealers ranked above it. The 80/20 rule puts it in class {suggestedTier} (A up to {classA} of sales, B up to {classB}). Accept it to have master data change the tier, or ignore it.',
    },
    cashDiscount: {
      title: 'Cash discount earned on invoice {invoiceId}',
      body: 'Thank you for paying invoice {invoiceId} by {untilDate}: you earned a cash discount of {amount} ({pct}), which settles the rest of the invoice.',
    },
  },
  'zh-CN': {
    units: { one: '{count}件', other: '{count}件' },
    days: { one: '{count}天', other: '{count}天' },
    invoices: { one: '{count}张发票', other: '{count}张发票' },
    staff: { title: '{dealerName}（{dealerId}）：{title}', dealer: '经销商{dealerName}（{dealerId}），{tier}类，{region}。' },
    stock: {
      kindTitle: { stockout: '缺货', low_stock: '库存偏低', overstock: '库存积压' },
      kindLabel: { stockout: '缺货', low_stock: '库存偏低', overstock: '库存积压' },
      title: '{kind}：{sku}',
      situation: {
        stockout: '{sku}已缺货，日均销量约{ads}。',
        low_stock: '{sku}库存偏低：现有库存{onHand}，按日均销量{ads}计算约可维持{cover}。',
        overstock: '{sku}库存积压：现有库存{onHand}，按日均销量{ads}计算约可维持{cover}。',
      },
      supply: '在途{inTransit}，已订购未发货{onOrder}，再订货点为{reorderPoint}。',
      suggest: '建议订购{quantity}。',
      noOrder: '目前无需补货。',
      digestTitle: '库存预警：{count}个SKU需要关注',
      digestIntro: '最新库存数据触发了{count}条预警：',
      digestItem: '{sku}：{kind}，现有库存{onHand}，建议订购{quantity}',
      digestItemNoOrder: '{sku}：{kind}，现有库存{onHand}，无需补货',
      digestMore: '另有{count}条',
      digestTotal: '建议订购合计{quantity}。',
      arrivals: '在途及已订购：{list}。',
      arrival: '{date}到货{qty}（{ref}）',
      nothingComing: '目前没有在途或已订购的货物。',
      runsOut: '按目前销量，预计{date}售罄。',
      digestArrivals: '；在途及已订购：{list}',
      openingTitle: '库存首次检查：{count}条预警',
      openingIntro: 'Dealerflow开始跟踪您的库存，首次检查发现{count}条预警：',
      dailyTitle: '{date}库存日报：{count}条未处理预警',
      dailyIntro: '其中{count}条为新增或有变化。确认或暂缓某条预警后，它将不再出现在之后的日报中。',
      status: { new: '新增', changed: '有变化' },
      statusTag: '（{status}）',
    },
    delivery: {
      lateTitle: '订单{orderId}已延迟{days}',
      deliveredLateTitle: '订单{orderId}已送达，延迟{days}',
      partialTitle: '订单{orderId}到货不足',
      remainderCancelledTitle: '订单{orderId}已结单：其余货物已取消',
    },
    holdPlaced: {
      title: '您的账户已被暂时信用冻结',
      reasons: {
        over_limit: '您的未结余额{exposure}已超出信用额度{creditLimit}',
        past_due: '您有{overdueAmount}的发票已逾期，最长逾期{maxDaysPastDue}',
        manual: '我们的财务部门需要对您的账户进行审核',
      },
      opening: '尊敬的{dealerName}：由于{reasons}，我们已暂时对您的账户实施信用冻结。',
      effect: '冻结期间，新订单将暂停发货。',
      closing: '请尽快安排付款或联系您的客户经理。如您已付款，谢谢，并请忽略此通知。',
    },
    review: {
      title: '信用审核：{holdId}',
      reasons: {
        over_limit: '风险敞口{exposure}超出信用额度{creditLimit}达{excess}',
        past_due: '{invoiceCount}逾期超过{pastDueHoldDays}，金额{overdueAmount}（最长逾期{maxDaysPastDue}）',
        manual: '{decidedBy}手动冻结：“{note}”',
      },
      opening: '{holdId}的冻结原因：{reasons}。',
      figures:
        '风险敞口{exposure}，信用额度{creditLimit}：应收账款{openReceivables}，未开票订单{openOrderValue}，贷方余额{creditBalance}。',
      overdue: '逾期金额{overdueAmount}，最长逾期{maxDaysPastDue}。',
      nothingOverdue: '无逾期款项。',
      behaviour: '近12个月：{settled}张已结清发票中按时付款的占{onTime}，平均付款用时{averageDays}，最长逾期{largest}。',
      noBehaviour: '近12个月没有已结清的发票，无法评估付款记录。',
      action: '建议措施：{action}',
      actions: {
        keep_hold: '维持冻结。',
        request_payment: '先要求付款，再解除冻结。',
        release_with_override: '可考虑以临时豁免方式解除冻结。',
        review_limit: '复核信用额度。',
      },
    },
    holdReleased: {
      dealerTitle: '您的账户信用冻结已解除',
      dealerBody: '尊敬的{dealerName}：您账户的信用冻结已解除，订单将恢复发货。感谢您的配合。',
      staffTitle: '信用冻结{holdId}已解除',
      auto: '已自动解除：{reason}。',
      finance: '由财务部门解除：{reason}。',
      overrideUntil: '临时豁免有效期至{date}。',
      overrideOpen: '临时豁免持续有效，直至出现新的冻结原因。',
      autoCleared: '已自动解除：冻结的各项条件均已满足。',
      clearedMargin: '风险敞口{exposure}已不高于{threshold}（信用额度扣除解除余量）。',
      clearedOverdue: '已无逾期欠款。',
      clearedKeep: '财务部门保留冻结的决定已到期。',
    },
    limitWarning: {
      title: '信用额度已使用{utilization}',
      body: '风险敞口{exposure}已达到信用额度{creditLimit}的{utilization}（预警线{warningUtilization}）。敞口一旦超出额度，将实施信用冻结。',
      bodyOverLimit: '风险敞口{exposure}为信用额度{creditLimit}的{utilization}（预警线{warningUtilization}），已超出额度，因此同时实施信用冻结。',
    },
    rebate: {
      order: '此为订单{orderId}的返利。',
      tierTitle: '您已达到{program}第{tier}档',
      tierBody: '恭喜！您的累计量{volume}已达到第{tier}档（起点{threshold}），返利比例为{rate}。目前累计返利{accrued}。',
      nextTier: '下一档起点为{threshold}，返利比例{rate}，还差{gap}。',
      topTier: '这已是最高档。',
      nearTitle: '即将达到{program}第{tier}档',
      nearBody: '您的累计量{volume}距第{tier}档（起点{threshold}）仅差{gap}，达到后返利比例将从{rate}提高至{nextRate}。本期截止日期为{periodEnd}。',
      statementTitle: '返利结算单：{program}（{periodStart}至{periodEnd}）',
      statementBody: '合格累计量{volume}（合格销售额{qualifyingAmount}），按{rate}计算返利{rebateAmount}。',
      noTier: '合格累计量{volume}（合格销售额{qualifyingAmount}）未达到任何返利档位，本期无返利。',
      payable: '该返利可予支付。',
      withheld: '该返利暂缓支付：{reason}。',
      withheldPastDue: '该返利暂缓支付：结算时有发票逾期超过本计划允许的天数。',
      payableAfterOffset: '其中{offsetAmount}已冲抵您的逾期发票（{invoices}），其余{payableAmount}可予支付。',
      withheldOverdue: '该返利暂缓支付：结算时有发票逾期，逾期款项付清后再予支付。',
      adjustmentTitle: '返利调整：{program}（{periodStart}至{periodEnd}）',
      adjustmentLateDelivery: '日期在本期内的到货{documentId}在结算后才送达：合格累计量调整为{volume}（原为{previousVolume}），返利调整为{rebateAmount}（原为{previousRebateAmount}）。',
      adjustmentReturn: '贷项通知单{documentId}所退货物从本期扣除：合格累计量调整为{volume}（原为{previousVolume}），返利调整为{rebateAmount}（原为{previousRebateAmount}）。',
      adjustmentOwed: '差额{amount}应付予您。',
      adjustmentOwedBack: '差额{amount}需由您退还。',
    },
    tierSuggestion: {
      title: '建议调整为{suggestedTier}级（现为{currentTier}级）',
      body: '按截至{month}的{windowMonths}个月销售额（{sales}），该经销商在{dealerCount}家中排名第{rank}，占全部销售额的{share}，连同排名在前的经销商累计占{cumulativeShare}。按80/20规则应属{suggestedTier}级（A级累计至{classA}，B级累计至{classB}）。可接受并由主数据调整等级，或忽略。',
    },
    cashDiscount: {
      title: '发票{invoiceId}已获得现金折扣',
      body: '感谢您在{untilDate}前支付发票{invoiceId}：您获得了{amount}的现金折扣（{pct}），发票余额已全部结清。',
    },
  },
};

/** The HTML part of an email: the same text, escaped, in simple markup. Placeholders take escaped text. */
export const htmlTemplates = {
  document: '<!DOCTYPE html>\n<html lang="{lang}">\n<body>\n<h1>{title}</h1>\n{content}\n</body>\n</html>',
  paragraph: '<p>{text}</p>',
  list: '<ul>\n{items}\n</ul>',
  item: '<li>{text}</li>',
} as const;

/** The plain-text layout of a message's blocks. */
export const textTemplates = { item: '- {text}' } as const;
