import type { InputEvent } from '@dealerflow/contracts';
import { createPipeline, creditWorker } from '@dealerflow/domain';
import { describe, expect, it } from 'vitest';
import { generateStream } from './generateStream';

/** Issue 20: the simulated source systems honour credit holds — nothing leaves for a dealer on hold. */
describe('simulated source systems: credit holds', () => {
  it('dispatches nothing to a dealer while the credit worker has it on hold, and dispatches again after a release', () => {
    const pipeline = createPipeline({ workers: [creditWorker] });
    const onHold = new Set<string>();
    let holds = 0;
    let releases = 0;
    let dispatchedWhileHeld = 0;
    let dispatchedAfterRelease = 0;
    const released = new Set<string>();
    for (const event of generateStream({ dealers: 30, skus: 40, days: 100, seed: 1 }) as Generator<InputEvent>) {
      if (event.type === 'shipment.dispatched') {
        if (onHold.has(event.dealerId)) dispatchedWhileHeld += 1;
        if (released.has(event.dealerId)) dispatchedAfterRelease += 1;
      }
      for (const { dealerId, output } of pipeline.accept(event).outputs) {
        if (output.type === 'credit.hold.placed') (onHold.add(dealerId), (holds += 1));
        if (output.type === 'credit.hold.released') (onHold.delete(dealerId), released.add(dealerId), (releases += 1));
      }
    }
    expect(holds).toBeGreaterThan(3);
    expect(releases).toBeGreaterThan(0);
    expect(dispatchedWhileHeld).toBe(0);
    expect(dispatchedAfterRelease).toBeGreaterThan(0);
  });
});
