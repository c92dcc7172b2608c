import type { InputEvent } from '@dealerflow/contracts';
import { dateOfSimDay, type SimulationState } from './simulationState';

/**
 * Each SKU's demand of the day is a Poisson draw at its rate; the dealer sells what it has (a
 * sale it cannot serve is lost and not reported). The report lists only SKUs that sold.
 */
export function* reportSales(state: SimulationState, day: number): Generator<InputEvent> {
  const { catalogue, random } = state;
  const skus = catalogue.options.skus;
  const date = dateOfSimDay(state, day);
  for (const dealer of catalogue.dealers) {
    const items: { sku: string; qty: number }[] = [];
    for (let s = 0; s < skus; s++) {
      const i = dealer.index * skus + s;
      const demand = random.poisson(catalogue.expNegRates[i]!);
      if (demand === 0) continue;
      const sold = Math.min(demand, state.onHand[i]!);
      if (sold === 0) continue;
      state.onHand[i]! -= sold;
      state.changed[i] = 1;
      items.push({ sku: catalogue.products[s]!.product.sku, qty: sold });
    }
    if (items.length === 0) continue;
    yield state.events.dealerEvent('dealer.sales.reported', state.events.dealerAt('sales', dealer.index), dealer.id, { date, items });
  }
}

/**
 * The dealer's stock report: every SKU in a full snapshot (`full`), otherwise the SKUs whose
 * on-hand changed since the last report.
 */
export function* reportStock(state: SimulationState, phase: 'opening' | 'stock', full: boolean): Generator<InputEvent> {
  const { catalogue } = state;
  const skus = catalogue.options.skus;
  for (const dealer of catalogue.dealers) {
    const items: { sku: string; onHand: number }[] = [];
    for (let s = 0; s < skus; s++) {
      const i = dealer.index * skus + s;
      if (!full && state.changed[i] === 0) continue;
      state.changed[i] = 0;
      items.push({ sku: catalogue.products[s]!.product.sku, onHand: state.onHand[i]! });
    }
    if (items.length === 0) continue;
    yield state.events.dealerEvent('dealer.stock.reported', state.events.dealerAt(phase, dealer.index), dealer.id, { items });
  }
}
