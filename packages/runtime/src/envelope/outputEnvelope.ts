import { OUTPUT_TOPIC, TOPICS, type OutputEvent, type Topic } from '@dealerflow/contracts';
import type { EmittedOutput } from '@dealerflow/domain';
import { deadLetterEventId, outputEventId } from './outputId';

/** Puts a decided output in its envelope, with the topic it is published on. */
export function toOutputEnvelope(emitted: EmittedOutput): OutputEvent {
  const { output } = emitted;
  return {
    eventId: outputEventId({
      source: emitted.source,
      dealerId: emitted.dealerId,
      causedBy: emitted.causedBy,
      ordinal: emitted.ordinal,
      type: output.type,
    }),
    type: output.type,
    schemaVersion: 1,
    occurredAt: new Date(emitted.at).toISOString(),
    dealerId: emitted.dealerId,
    source: emitted.source,
    data: output.data,
    topic: OUTPUT_TOPIC[output.type],
  } as OutputEvent;
}

export interface DeadLetterInput {
  /** The input as received: parsed JSON when it was JSON, else the text. */
  raw: unknown;
  /** The exact text received, for the id. */
  text: string;
  reason: string;
  topic?: Topic;
  /** Where it was received, unique within the stream (a line number, an ingest sequence). */
  position: string;
  /** The watermark when it was rejected, epoch ms; undefined before any event was accepted. */
  watermark: number | undefined;
  source: string;
}

/**
 * A dead letter: the rejected input kept whole with the reason. Its `occurredAt` is the watermark
 * at rejection (the input's own time cannot be trusted), or the Unix epoch when nothing had been
 * accepted yet; its `dealerId` is the input's when it names one, so the dealer's page can show it.
 */
export function toDeadLetterEnvelope(input: DeadLetterInput): OutputEvent {
  const rawDealerId = typeof input.raw === 'object' && input.raw !== null ? (input.raw as { dealerId?: unknown }).dealerId : undefined;
  return {
    eventId: deadLetterEventId(input.position, input.text),
    type: 'event.dead_lettered',
    schemaVersion: 1,
    occurredAt: new Date(input.watermark ?? 0).toISOString(),
    ...(typeof rawDealerId === 'string' && rawDealerId.length > 0 ? { dealerId: rawDealerId } : {}),
    source: input.source,
    data: { raw: input.raw, reason: input.reason, ...(input.topic ? { topic: input.topic } : {}) },
    topic: TOPICS.deadLetter,
  };
}
