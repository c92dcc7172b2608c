import { isReferenceEvent } from '@dealerflow/domain';
import type { InputEvent } from '@dealerflow/contracts';

/** FNV-1a of the key: stable across processes and machines, cheap, and spreads dealer ids evenly. */
function fnv1a(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The partition of a dealer-keyed topic that holds this dealer's events. */
export function partitionOfDealer(dealerId: string, partitions: number): number {
  return fnv1a(dealerId) % partitions;
}

/**
 * Which partitions of its topic an event goes to: a dealer's events to its dealer's partition, a
 * tick to every partition (each dealer's clock must see it), reference data to the reference
 * topic's single partition, which every task reads in full.
 */
export function partitionsOf(event: InputEvent, partitions: number): number[] {
  if (isReferenceEvent(event)) return [0];
  if (event.type === 'clock.tick') return Array.from({ length: partitions }, (_, index) => index);
  return [partitionOfDealer(event.dealerId, partitions)];
}
