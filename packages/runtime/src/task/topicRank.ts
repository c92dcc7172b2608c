import { INPUT_TOPIC, TOPICS, type InputType, type Topic } from '@dealerflow/contracts';

/**
 * How events with the same `occurredAt` are ordered across topics: reference data first (a task reads
 * it in full, as a global table), then master data, then the dealers' business, and the clock last,
 * so a tick at an instant comes after everything else that happened at that instant.
 */
const TOPIC_ORDER: readonly Topic[] = [
  TOPICS.reference,
  TOPICS.master,
  TOPICS.orders,
  TOPICS.deliveries,
  TOPICS.inventory,
  TOPICS.payments,
  TOPICS.finance,
  TOPICS.clock,
];

const RANK_OF_TYPE = new Map<string, number>(
  (Object.entries(INPUT_TOPIC) as [InputType, Topic][]).map(([type, topic]) => [type, TOPIC_ORDER.indexOf(topic)]),
);

/** The input topics in tie-break order. */
export const INPUT_TOPICS_IN_ORDER = TOPIC_ORDER;

/** The tie-break rank of an input event's type (its topic's place in `INPUT_TOPICS_IN_ORDER`). */
export function topicRankOf(type: string): number {
  return RANK_OF_TYPE.get(type) ?? TOPIC_ORDER.length;
}
