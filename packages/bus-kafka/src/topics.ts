import { TOPICS } from '@dealerflow/contracts';
import { INPUT_TOPICS_IN_ORDER } from '@dealerflow/runtime';

/** The reference topic: one partition, read in full by every task (a global table). */
export const REFERENCE_TOPIC = TOPICS.reference;

/** The dealer-keyed input topics, co-partitioned: partition p of each belongs to task p. */
export const DEALER_INPUT_TOPICS: readonly string[] = INPUT_TOPICS_IN_ORDER.filter((topic) => topic !== REFERENCE_TOPIC);

/** Every topic a worker task reads: each dealer's clock moves with all of its events, so a task reads them all. */
export const TASK_INPUT_TOPICS: readonly string[] = [REFERENCE_TOPIC, ...DEALER_INPUT_TOPICS];

/** The key of a partition among a task's queues and positions. */
export function queueKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

/** The header the ingest relay stamps on every record: the input log's sequence number. */
export const SEQUENCE_HEADER = 'dealerflow-seq';

/** The header of a progress marker: its instant (epoch ms); nothing the relay sends later to the partition is earlier. */
export const PROGRESS_HEADER = 'dealerflow-progress';
