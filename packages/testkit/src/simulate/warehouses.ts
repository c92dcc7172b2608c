import type { InputEvent } from '@dealerflow/contracts';
import type { SimulationState } from './simulationState';

/** Chance per day that a (warehouse, SKU) goes on a quality hold, blocking its stock. */
const HOLD_CHANCE = 0.003;

/**
 * Overnight, production refills a SKU that fell under 60 % of its target by 60 % of the target;
 * now and then a SKU goes on a 2–7 day quality hold and shows 0 available, which backorders the
 * orders that need it. Each warehouse then reports every SKU's available stock.
 */
export function* reportWarehouses(state: SimulationState, day: number): Generator<InputEvent> {
  const { catalogue, random } = state;
  const skus = catalogue.options.skus;
  for (let w = 0; w < catalogue.options.warehouses; w++) {
    const items: { sku: string; available: number }[] = [];
    for (let s = 0; s < skus; s++) {
      const i = w * skus + s;
      if (state.holdUntil[i]! <= day) {
        const target = catalogue.warehouseTargets[i]!;
        if (day > 0 && random.chance(HOLD_CHANCE)) {
          state.holdUntil[i] = day + random.int(2, 7);
          state.warehouseLevel[i] = 0;
        } else if (state.warehouseLevel[i]! < 0.6 * target) {
          state.warehouseLevel[i]! += Math.ceil(0.6 * target);
        }
      }
      items.push({ sku: catalogue.products[s]!.product.sku, available: state.warehouseLevel[i]! });
    }
    yield state.events.globalEvent('warehouse.stock.reported', state.events.warehouseAt('warehouse', w), {
      warehouseId: catalogue.warehouseIds[w]!,
      items,
    });
  }
}
