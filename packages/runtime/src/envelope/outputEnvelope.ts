import { dealerId as dealerIdSchema, INPUT_TOPIC, isStorableText, OUTPUT_TOPIC, TOPICS, type InputEvent, type OutputEvent, type Topic } from '@dealerflow/contracts';
import type { EmittedOutput } from '@dealerflow/domain';
import { deadLetterEventId, outputEventId } from './outputId';

/** Puts a decided output in its envelope, with the topic it is published on. */
export function toOutputEnvelope(emitted: EmittedOutput): OutputEvent {
  const { output } = emitted;
  return {
    eventId: idOf(emitted),
    type: output.type,
    schemaVersion: 1,
    occurredAt: isoTimeOf(emitted.at),
    dealerId: emitted.dealerId,
    source: emitted.source,
    data: output.data,
    topic: OUTPUT_TOPIC[output.type],
  } as OutputEvent;
}

/**
 * `JSON.stringify(toOutputEnvelope(emitted))`, byte for byte, without building the envelope: the
 * replay writes every output as a line, and only `data` needs the general serializer.
 */
export function outputLine(emitted: EmittedOutput): string {
  const { output } = emitted;
  const parts = typeParts(output.type);
  return (
    `{"eventId":"${idOf(emitted)}",${parts.head}"occurredAt":"${isoTimeOf(emitted.at)}",` +
    `${dealerAndSource(emitted.dealerId, emitted.source)}"data":${JSON.stringify(output.data)},${parts.tail}`
  );
}

// The fixed pieces of a line, serialized once: per output type (type, schemaVersion, topic) and per
// dealer and worker (dealerId, source). Same bytes as serializing them on every output.
const TYPE_PARTS = new Map<string, { head: string; tail: string }>();

function typeParts(type: EmittedOutput['output']['type']): { head: string; tail: string } {
  let parts = TYPE_PARTS.get(type);
  if (parts === undefined) {
    parts = { head: `"type":${JSON.stringify(type)},"schemaVersion":1,`, tail: `"topic":${JSON.stringify(OUTPUT_TOPIC[type])}}` };
    TYPE_PARTS.set(type, parts);
  }
  return parts;
}

/** Bounded: a stream names a bounded set of dealers, but a long-lived process should not grow without end. */
const DEALER_PARTS = new Map<string, Map<string, string>>();
const DEALER_PARTS_LIMIT = 100_000;

function dealerAndSource(dealerId: string, source: string): string {
  let ofSource = DEALER_PARTS.get(source);
  if (ofSource === undefined) {
    ofSource = new Map();
    DEALER_PARTS.set(source, ofSource);
  }
  let text = ofSource.get(dealerId);
  if (text === undefined) {
    if (ofSource.size >= DEALER_PARTS_LIMIT) ofSource.clear();
    text = `"dealerId":${JSON.stringify(dealerId)},"source":${JSON.stringify(source)},`;
    ofSource.set(dealerId, text);
  }
  return text;
}

function idOf(emitted: EmittedOutput): string {
  return outputEventId({
    source: emitted.source,
    dealerId: emitted.dealerId,
    causedBy: emitted.causedBy,
    ordinal: emitted.ordinal,
    type: emitted.output.type,
  });
}

// Outputs come in runs decided at the same watermark; formatting the instant once per run saves
// a Date and its formatting per output.
let lastInstant = Number.NaN;
let lastIsoTime = '';

function isoTimeOf(epochMs: number): string {
  if (epochMs !== lastInstant) {
    lastIsoTime = new Date(epochMs).toISOString();
    lastInstant = epochMs;
  }
  return lastIsoTime;
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
    ...(isDealerId(rawDealerId) ? { dealerId: rawDealerId } : {}),
    source: input.source,
    data: { raw: input.raw, reason: input.reason, ...(input.topic ? { topic: input.topic } : {}) },
    topic: TOPICS.deadLetter,
  };
}

/** A dealer id the output log can index and a dealer's page can match: the contract's, and storable. */
function isDealerId(value: unknown): value is string {
  return typeof value === 'string' && dealerIdSchema.safeParse(value).success && isStorableText(value);
}

/** What a worker that threw on an event leaves behind: the event, which worker, and why. */
export interface WorkerFailureInput {
  event: InputEvent;
  worker: string;
  /** The worker's `source`. */
  source: string;
  dealerId: string;
  stage: 'apply' | 'day' | 'reference';
  error: string;
  /** The dealer's clock (or the watermark) when it failed, epoch ms. */
  at: number | undefined;
}

/**
 * The dead letter of a worker failure. Its id comes from the event, the worker, the stage and the
 * dealer, not from where the event was received, so the replay and every runtime give the same one.
 */
export function toWorkerFailureDeadLetter(failure: WorkerFailureInput): OutputEvent {
  const { event, worker, source, dealerId, stage, error } = failure;
  const during = stage === 'apply' ? '' : ` (${stage === 'day' ? 'day change' : 'reference update'} of ${dealerId})`;
  const envelope = toDeadLetterEnvelope({
    raw: event,
    text: `${worker}\u0000${stage}\u0000${dealerId}`,
    reason: `${worker} worker failed on ${event.type}${during}: ${error}`,
    topic: INPUT_TOPIC[event.type],
    position: `event:${event.eventId}`,
    watermark: failure.at,
    source,
  });
  return { ...envelope, dealerId, data: { ...envelope.data, worker } } as OutputEvent;
}
