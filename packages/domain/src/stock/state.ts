import type { StockAlertKind, StockAlertSeverity } from '@dealerflow/contracts';

/** The alerts of one kind for a (dealer, sku): how many were raised, and the open one's severity. */
export interface AlertSlot {
  /** Alerts of this kind raised so far; the open one (if any) is number `seq`. */
  seq: number;
  /** The open alert's current severity (it can change while open: arrivals, sales pace). */
  open: StockAlertSeverity | null;
  /** What the next daily digest says of the open alert when it has not been in one yet at this severity. */
  pending?: 'new' | 'changed' | 'open' | undefined;
  /** The open alert was acknowledged at `severity`; a snooze also hides it until day `until` begins. */
  ack?: { severity: StockAlertSeverity; until: number | null } | undefined;
  /**
   * Low stock of a slow mover only: the dealer-local day its empty shelf was found, while it waits for the
   * dealer's own order (`slowMoverWaitDays`) before being raised. Not an open alert: no id, not told.
   */
  since?: number | undefined;
}

/**
 * Everything known about one SKU at one dealer. Its size does not grow with history: the sales
 * record holds only the days still inside the window (and reports dated ahead of it).
 */
export interface SkuStock {
  sku: string;
  /** Last reported on hand plus deliveries after that report; null until a report names the SKU. */
  onHand: number | null;
  /** Epoch ms of the stock report `onHand` comes from (0 before the first). */
  reportedAt: number;
  inTransit: number;
  onOrder: number;
  /** Units sold on the days of the window ending on day `windowEnd`. */
  unitsSold: number;
  /** UTC day number the window of `unitsSold` ends on. */
  windowEnd: number;
  /** Days (UTC day numbers, ascending) with reported sales still in or ahead of the window. */
  saleDays: number[];
  /** Units sold on the day at the same index of `saleDays`. */
  saleQtys: number[];
  /** First day `unitsSold` changes as the window slides (a day leaves or a dated-ahead day enters); null: never. */
  nextWindowChange: number | null;
  alerts: Partial<Record<StockAlertKind, AlertSlot>>;
}

/** An open order's quantities per SKU. */
export interface OrderStock {
  ordered: Record<string, number>;
  dispatched: Record<string, number>;
  /** Day number of the promised delivery date (absent in states stored before issue 21). */
  promised?: number;
}

/** A shipment on its way: what it carries per SKU and the order it draws from. */
export interface ShipmentStock {
  orderId: string;
  lines: Record<string, number>;
  /** Day number of the estimated arrival date (absent in states stored before issue 21). */
  eta?: number;
}

export interface StockState {
  dealerId: string;
  /** In order of first mention. An array, not a keyed object: the daily pass walks every SKU. */
  skus: SkuStock[];
  /** sku → index into `skus`. */
  skuIndex: Record<string, number>;
  /** Orders that still have something to dispatch; closed ones are dropped. */
  orders: Record<string, OrderStock>;
  /** Shipments dispatched and not yet delivered. */
  shipments: Record<string, ShipmentStock>;
  /** The window length the SKUs' sums were built with (a tier change can change it). */
  salesWindowDays: number;
  /** Earliest `nextWindowChange` of any SKU (may be early, never late): lets a quiet dealer skip the day. */
  nextWindowChange: number | null;
  openAlerts: number;
  /** SKUs whose slow-mover low stock is waiting to be raised (`AlertSlot.since`); absent in states stored before. */
  waitingAlerts?: number;
  /** Earliest and latest sales dates the dealer reported (day numbers): the history the window can rely on. */
  firstSalesDay?: number | null;
  lastSalesDay?: number | null;
  /** The last complete sales day the SKUs' windows end on (never moves back). */
  salesEnd?: number;
  /** The dealer's first review with figures has been made (its alerts went out as the opening summary). */
  opened?: boolean;
  /** The dealer's first review with a full window of sales history has been made (also summarised). */
  historyFull?: boolean;
  /** An alert became new or changed, or a snooze ended, since the last daily digest. */
  digestDue?: boolean;
}

export function initialStockState(dealerId: string): StockState {
  return {
    dealerId,
    skus: [],
    skuIndex: {},
    orders: {},
    shipments: {},
    salesWindowDays: 0,
    nextWindowChange: null,
    openAlerts: 0,
    firstSalesDay: null,
    lastSalesDay: null,
    opened: false,
    historyFull: false,
    digestDue: false,
  };
}

export function newSkuStock(sku: string, windowEnd: number): SkuStock {
  return {
    sku,
    onHand: null,
    reportedAt: 0,
    inTransit: 0,
    onOrder: 0,
    unitsSold: 0,
    windowEnd,
    saleDays: [],
    saleQtys: [],
    nextWindowChange: null,
    // Every kind present from the start (undefined is left out of the JSON, so the stored state is
    // as before): all SKUs' alerts then share one shape, and the reviews that read them every day
    // for every SKU stay monomorphic instead of looking the kinds up on a dozen shapes.
    alerts: { stockout: undefined, low_stock: undefined, overstock: undefined },
  };
}

/** The SKU's record, created on first mention (a sale, order or shipment may precede its first stock report). */
export function skuStockOf(state: StockState, sku: string, today: number): SkuStock {
  const index = state.skuIndex[sku];
  if (index !== undefined) return state.skus[index]!;
  const stock = newSkuStock(sku, today);
  state.skuIndex[sku] = state.skus.length;
  state.skus.push(stock);
  return stock;
}

export function findSkuStock(state: StockState, sku: string): SkuStock | undefined {
  const index = state.skuIndex[sku];
  return index === undefined ? undefined : state.skus[index];
}
