import type { InputEvent, InputType } from '@dealerflow/contracts';
import type { SourceConsumer, SourceConsumerOptions } from './sourceConsumer';

/**
 * The input feed port: the accepted input events as a read model reads them (the directory reads
 * master and reference data; the board, profiles and finance's decisions). The same consumer, the
 * same promises and the same conformance suite as the output source (outputSource.ts): order per
 * partition, at least once, positions per consumer. Adapters: in memory, PostgreSQL/PGlite over
 * `input_log`, and Kafka (a consumer group on the input topics).
 *
 * It is not the workers' input: a partition task takes its input through the task's own source and
 * store, which merge partitions by event time and keep positions with snapshots.
 */
export interface InputFeed {
  consumer(options: SourceConsumerOptions<InputType>): SourceConsumer<InputEvent>;
}
