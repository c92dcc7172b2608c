import type { InputEvent } from '@dealerflow/contracts';
import { createPipeline, creditWorker, type CreditState } from '@dealerflow/domain';
import type { SimulationState } from './simulationState';

/**
 * The source systems honour credit holds, as an ERP's credit block does: nothing is dispatched to a
 * dealer while it is on hold. The ERP knows the hold the way Dealerflow does — it runs the same
 * credit rules (`creditWorker`, default policy) over every document it creates, in the order it
 * creates them — so the simulated warehouse stops exactly while the credit worker would say the
 * dealer is on hold, and starts again when the hold is released. Held orders stay pending and are
 * tried again each day.
 */
interface CreditControl {
  observe(event: InputEvent): void;
  onHold(dealerId: string): boolean;
}

const controls = new WeakMap<SimulationState, CreditControl>();

function createCreditControl(): CreditControl {
  const pipeline = createPipeline({ workers: [creditWorker] });
  return {
    observe: (event) => void pipeline.accept(event),
    onHold: (dealerId) => pipeline.stateOf<CreditState>('credit', dealerId)?.active != null,
  };
}

/** From now on every event the simulation's factory builds is seen by its credit control. */
export function honourCreditHolds(state: SimulationState): void {
  const control = createCreditControl();
  const { events } = state;
  const { dealerEvent, globalEvent } = events;
  events.dealerEvent = (type, occurredAt, dealerId, data) => {
    const event = dealerEvent(type, occurredAt, dealerId, data);
    control.observe(event);
    return event;
  };
  events.globalEvent = (type, occurredAt, data) => {
    const event = globalEvent(type, occurredAt, data);
    control.observe(event);
    return event;
  };
  controls.set(state, control);
}

/** The dealer is on credit hold now, as far as the source systems know (false when holds are not honoured). */
export function onCreditHold(state: SimulationState, dealerId: string): boolean {
  return controls.get(state)?.onHold(dealerId) ?? false;
}
