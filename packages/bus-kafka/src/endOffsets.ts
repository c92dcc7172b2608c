import type { Admin } from 'kafkajs';
import type { SeekTarget } from './taskSet';

/** Each partition's end offset (the next offset to be written) for these topics, in one request per topic. */
export async function fetchEndOffsets(admin: Admin, topics: readonly string[]): Promise<SeekTarget[]> {
  const ends: SeekTarget[] = [];
  for (const topic of topics) {
    for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.push({ topic, partition, offset: BigInt(high) });
  }
  return ends;
}
