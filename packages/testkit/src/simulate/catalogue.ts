import type { DealerProfile, DealerTier, Product, RebateProgram } from '@dealerflow/contracts';
import type { SimulateOptions } from './options';
import type { Random } from './random';
import { dateOfDayNumber as dateOfEpochDay, dayNumber as epochDayOf } from '@dealerflow/domain';

/** How a simulated dealer pays its invoices. */
export type PayingHabit = 'prompt' | 'slow' | 'late';

export interface SimDealer {
  index: number;
  id: string;
  profile: DealerProfile;
  /** Index of the warehouse serving the dealer's region. */
  warehouse: number;
  habit: PayingHabit;
  /** Percent off list price the dealer's tier buys at. */
  tierDiscountPct: number;
}

export interface SimProduct {
  index: number;
  product: Product;
  listPriceCents: number;
}

/**
 * Everything fixed for the whole simulation: master and reference data, and the demand model.
 * Per-(dealer, sku) figures are flat typed arrays indexed `dealer * skus + sku`, which keeps
 * memory proportional to dealers × SKUs and the daily loops fast.
 */
export interface Catalogue {
  options: SimulateOptions;
  /** Epoch day of the first simulated day. */
  startDay: number;
  dealers: SimDealer[];
  products: SimProduct[];
  warehouseIds: string[];
  /** Mean units sold per day. */
  rates: Float64Array;
  /** e^-rate, for the Poisson draws of daily sales. */
  expNegRates: Float64Array;
  /** Per (warehouse, sku), indexed `warehouse * skus + sku`: the level production keeps up. */
  warehouseTargets: Int32Array;
  programs: { dealerId: string; program: RebateProgram }[];
}

const CATEGORIES = [
  { id: 'pumps', label: 'Centrifugal pump', minPrice: 300, maxPrice: 3000 },
  { id: 'valves', label: 'Ball valve', minPrice: 20, maxPrice: 600 },
  { id: 'motors', label: 'Electric motor', minPrice: 500, maxPrice: 4000 },
  { id: 'filters', label: 'Filter cartridge', minPrice: 15, maxPrice: 200 },
  { id: 'fittings', label: 'Pipe fitting', minPrice: 2, maxPrice: 60 },
  { id: 'controls', label: 'Pressure controller', minPrice: 150, maxPrice: 1500 },
] as const;

const WAREHOUSE_IDS = ['WH-SH', 'WH-BJ', 'WH-GZ', 'WH-CD', 'WH-WH', 'WH-XA'];
const REGIONS = ['East', 'North', 'South', 'West', 'Central'];
const EN_TIMEZONES = ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'Asia/Singapore'];
const NAME_STEMS = ['Huadong', 'Jinhai', 'Minjiang', 'Tianfu', 'Lingnan', 'Northgate', 'Riverside', 'Summit', 'Harbor', 'Keystone'];
const NAME_TAILS = ['Pumps Trading', 'Industrial Supply', 'Fluid Systems', 'Equipment Co.'];

/** ABC by value: the top 20 % of dealers by expected purchases are A, the next 30 % B, 30 % C, 20 % D. */
const TIER_BANDS: readonly [number, DealerTier][] = [
  [0.2, 'A'],
  [0.5, 'B'],
  [0.8, 'C'],
  [1, 'D'],
];
const TIER_DISCOUNT_PCT: Record<DealerTier, number> = { A: 8, B: 5, C: 3, D: 0 };
/** Days of expected purchases the credit limit covers. */
const TIER_CREDIT_DAYS: Record<DealerTier, number> = { A: 60, B: 50, C: 45, D: 35 };

export function createCatalogue(options: SimulateOptions, random: Random): Catalogue {
  const warehouseIds = Array.from({ length: options.warehouses }, (_, w) => WAREHOUSE_IDS[w] ?? `WH-${w + 1}`);
  const { products, popularity } = createProducts(options.skus, random);
  const rates = new Float64Array(options.dealers * options.skus);
  const dealerValues: number[] = [];
  for (let d = 0; d < options.dealers; d++) dealerValues.push(drawDemand(d, products, popularity, rates, random));
  const tiers = tiersByValue(dealerValues);
  const dealers = dealerValues.map((value, d) => createDealer(d, tiers[d] ?? 'D', value, options, random));
  const expNegRates = rates.map((rate) => Math.exp(-rate));
  const startDay = epochDayOf(options.start);
  return {
    options,
    startDay,
    dealers,
    products,
    warehouseIds,
    rates,
    expNegRates,
    warehouseTargets: warehouseTargetsOf(dealers, rates, options),
    programs: createPrograms(startDay, options.days, median(dealerValues)),
  };
}

function createProducts(count: number, random: Random) {
  const products: SimProduct[] = [];
  const popularity: number[] = [];
  for (let s = 0; s < count; s++) {
    const category = random.pick(CATEGORIES);
    const price = Math.exp(random.uniform(Math.log(category.minPrice), Math.log(category.maxPrice)));
    const listPriceCents = Math.max(10, Math.round(price * 10) * 10);
    const packSize = listPriceCents < 5_000 ? random.pick([6, 12]) : listPriceCents < 30_000 ? random.pick([1, 4, 6]) : random.pick([1, 1, 4]);
    const sku = `SKU-${String(s + 1).padStart(5, '0')}`;
    products.push({
      index: s,
      listPriceCents,
      product: { sku, name: `${category.label} ${sku.slice(4)}`, category: category.id, unitPrice: listPriceCents / 100, packSize },
    });
    popularity.push(random.next());
  }
  return { products, popularity };
}

/**
 * Draws a dealer's mean daily sales of every SKU and returns its expected purchases per day in
 * cents. About 20 % of a dealer's SKUs are fast movers (1–5 a day), more often the popular ones;
 * the rest are slow (0.02–0.3 a day). A size factor (0.5–1.5) sets the dealer apart from others.
 */
function drawDemand(d: number, products: SimProduct[], popularity: number[], rates: Float64Array, random: Random): number {
  const size = random.uniform(0.5, 1.5);
  let value = 0;
  for (let s = 0; s < products.length; s++) {
    const fast = random.chance(0.05 + 0.3 * (popularity[s] ?? 0.5));
    const rate = size * (fast ? random.uniform(1, 5) : random.uniform(0.02, 0.3));
    rates[d * products.length + s] = rate;
    value += rate * (products[s]?.listPriceCents ?? 0);
  }
  return value;
}

function tiersByValue(values: number[]): DealerTier[] {
  const ranked = values.map((value, index) => ({ value, index })).sort((a, b) => b.value - a.value || a.index - b.index);
  const tiers: DealerTier[] = new Array<DealerTier>(values.length).fill('D');
  ranked.forEach(({ index }, rank) => {
    const band = TIER_BANDS.find(([upTo]) => rank < upTo * values.length);
    tiers[index] = band ? band[1] : 'D';
  });
  return tiers;
}

function createDealer(d: number, tier: DealerTier, dailyValueCents: number, options: SimulateOptions, random: Random): SimDealer {
  const id = `D-${String(d + 1).padStart(4, '0')}`;
  const host = id.toLowerCase();
  const chinese = random.chance(0.3);
  const regionIndex = random.int(0, Math.max(REGIONS.length, options.warehouses) - 1);
  const discount = random.chance(tier === 'A' || tier === 'B' ? 0.5 : 0.25);
  const creditLimitYuan = Math.ceil((dailyValueCents * TIER_CREDIT_DAYS[tier]) / 100 / 10_000) * 10_000;
  const profile: DealerProfile = {
    name: `${random.pick(NAME_STEMS)} ${random.pick(NAME_TAILS)}`,
    tier,
    region: REGIONS[regionIndex] ?? `Region ${regionIndex + 1}`,
    locale: chinese ? 'zh-CN' : 'en',
    timezone: chinese ? 'Asia/Shanghai' : random.pick(EN_TIMEZONES),
    currency: 'CNY',
    creditLimit: creditLimitYuan,
    paymentTerms: discount ? { netDays: 30, discountPct: 2, discountDays: 10 } : { netDays: 30 },
    leadTimeDays: random.int(3, 10),
    contacts: random.chance(0.6)
      ? { email: `orders@${host}.example`, webhookUrl: `https://dms.${host}.example/hooks/dealerflow` }
      : { email: `orders@${host}.example` },
  };
  const habitDraw = random.next();
  const habit: PayingHabit = habitDraw < 0.6 ? 'prompt' : habitDraw < 0.85 ? 'slow' : 'late';
  return { index: d, id, profile, warehouse: regionIndex % options.warehouses, habit, tierDiscountPct: TIER_DISCOUNT_PCT[tier] };
}

/** Production keeps about 30 days of the region's demand in each warehouse. */
function warehouseTargetsOf(dealers: SimDealer[], rates: Float64Array, options: SimulateOptions): Int32Array {
  const demand = new Float64Array(options.warehouses * options.skus);
  for (const dealer of dealers) {
    for (let s = 0; s < options.skus; s++) {
      demand[dealer.warehouse * options.skus + s]! += rates[dealer.index * options.skus + s]!;
    }
  }
  return Int32Array.from(demand, (perDay) => Math.max(12, Math.ceil(perDay * 30)));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * A quarterly volume rebate for every dealer (one program per quarter the simulation touches),
 * with thresholds at half, one and two times the median dealer's quarterly purchases, and a
 * per-order bulk bonus on fittings and filters for the whole simulated span.
 */
function createPrograms(startDay: number, days: number, medianDailyCents: number) {
  const quarterly = (medianDailyCents * 91) / 100;
  const roundTo10k = (yuan: number) => Math.max(10_000, Math.round(yuan / 10_000) * 10_000);
  const t1 = roundTo10k(quarterly * 0.5);
  const t2 = Math.max(t1 + 10_000, roundTo10k(quarterly));
  const t3 = Math.max(t2 + 10_000, roundTo10k(quarterly * 2));
  const lastDay = startDay + days - 1;
  const programs: { dealerId: string; program: RebateProgram }[] = [];
  for (const quarter of quartersBetween(startDay, lastDay)) {
    programs.push({
      dealerId: '*',
      program: {
        programId: `${quarter.year}Q${quarter.number}-VOLUME`,
        name: `${quarter.year} Q${quarter.number} volume rebate`,
        periodStart: quarter.start,
        periodEnd: quarter.end,
        basis: 'amount',
        accumulation: 'period',
        method: 'all_units',
        tiers: [
          { threshold: 0, rate: 0 },
          { threshold: t1, rate: 0.01 },
          { threshold: t2, rate: 0.02 },
          { threshold: t3, rate: 0.03 },
        ],
        eligibility: { maxDaysPastDue: 60 },
      },
    });
  }
  programs.push({
    dealerId: '*',
    program: {
      programId: `BULK-${dateOfEpochDay(startDay)}`,
      name: 'Bulk order bonus on fittings and filters',
      periodStart: dateOfEpochDay(startDay),
      periodEnd: dateOfEpochDay(lastDay),
      basis: 'quantity',
      accumulation: 'per_order',
      method: 'all_units',
      tiers: [
        { threshold: 0, rate: 0 },
        { threshold: 100, rate: 0.01 },
        { threshold: 300, rate: 0.02 },
      ],
      scope: { categories: ['fittings', 'filters'] },
    },
  });
  return programs;
}

function* quartersBetween(firstDay: number, lastDay: number) {
  const first = dateOfEpochDay(firstDay);
  let year = Number(first.slice(0, 4));
  let quarter = Math.floor((Number(first.slice(5, 7)) - 1) / 3) + 1;
  for (;;) {
    const start = `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
    if (epochDayOf(start) > lastDay) return;
    const nextYear = quarter === 4 ? year + 1 : year;
    const nextQuarter = quarter === 4 ? 1 : quarter + 1;
    const nextStart = `${nextYear}-${String((nextQuarter - 1) * 3 + 1).padStart(2, '0')}-01`;
    yield { year, number: quarter, start, end: dateOfEpochDay(epochDayOf(nextStart) - 1) };
    year = nextYear;
    quarter = nextQuarter;
  }
}
