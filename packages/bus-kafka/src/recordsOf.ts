import type { Batch } from 'kafkajs';
import { parseInputLine, type OutputEvent, type Topic } from '@dealerflow/contracts';
import { toDeadLetterEnvelope, type FetchedRecord } from '@dealerflow/runtime';
import { PROGRESS_HEADER, SEQUENCE_HEADER } from './topics';

export interface BatchRecords {
  records: FetchedRecord[];
  /** Dead letters of records that are not events of the contract (a producer other than Dealerflow's ingest). */
  deadLetters: OutputEvent[];
  /** Nothing lay beyond this batch in the partition when it was fetched. */
  atEnd: boolean;
}

function headerOf(headers: Batch['messages'][number]['headers'], name: string): string | undefined {
  const value = headers?.[name];
  const text = Array.isArray(value) ? value[0]?.toString() : value?.toString();
  return text === undefined || text === '' ? undefined : text;
}

/** A fetched batch as the task takes it: events with offsets and the ingest relay's sequence, dead letters for the rest. */
export function recordsOf(batch: Batch, source: string): BatchRecords {
  const records: FetchedRecord[] = [];
  const deadLetters: OutputEvent[] = [];
  for (const message of batch.messages) {
    const offset = BigInt(message.offset);
    const progress = headerOf(message.headers, PROGRESS_HEADER);
    if (progress !== undefined) {
      records.push({ event: undefined, offset, progress: Number(progress) });
      continue;
    }
    const sequence = headerOf(message.headers, SEQUENCE_HEADER);
    const text = message.value?.toString('utf8') ?? '';
    const parsed = parseInputLine(text);
    if (parsed.ok) {
      records.push({ event: parsed.event, offset, sequence: sequence === undefined ? undefined : BigInt(sequence) });
      continue;
    }
    records.push({ event: undefined, offset });
    const position = `${batch.topic}:${batch.partition}:${offset}`;
    deadLetters.push(toDeadLetterEnvelope({ raw: parsed.raw, text, reason: parsed.reason, topic: (parsed.topic ?? batch.topic) as Topic, position, watermark: undefined, source }));
  }
  return { records, deadLetters, atEnd: BigInt(batch.lastOffset()) + 1n >= BigInt(batch.highWatermark) };
}
