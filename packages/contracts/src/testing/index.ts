import type { z } from 'zod';
import { inputEventSchemas, GLOBAL_INPUT_TYPES, type InputEventOf, type InputType } from '../inputs';

export interface EventOptions {
  /** Defaults to `D-1` for dealer-scoped types. */
  dealerId?: string;
  /** Defaults to `<type>-<n>` with a counter per builder. */
  eventId?: string;
}

type DataInput<T extends InputType> = z.input<(typeof inputEventSchemas)[T]>['data'];

/**
 * Builds valid input events for tests. Each event is parsed by the contract's schema, so a test
 * cannot feed the rules something the pipeline would have dead-lettered, and defaults (such as a
 * product's packSize) are filled in the way the pipeline fills them.
 */
export function createEventBuilder(defaults: { dealerId?: string } = {}) {
  let counter = 0;
  return function event<T extends InputType>(
    type: T,
    occurredAt: string,
    data: DataInput<T>,
    options: EventOptions = {},
  ): InputEventOf<T> {
    counter += 1;
    const isGlobal = (GLOBAL_INPUT_TYPES as readonly string[]).includes(type);
    const envelope = {
      eventId: options.eventId ?? `${type}-${counter}`,
      type,
      schemaVersion: 1,
      occurredAt,
      ...(isGlobal ? {} : { dealerId: options.dealerId ?? defaults.dealerId ?? 'D-1' }),
      source: 'test',
      data,
    };
    return inputEventSchemas[type].parse(envelope) as InputEventOf<T>;
  };
}

export type EventBuilder = ReturnType<typeof createEventBuilder>;
