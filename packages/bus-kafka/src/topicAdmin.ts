import type { Admin } from 'kafkajs';
import { INPUT_TOPIC } from '@dealerflow/contracts';
import { OUTPUT_TOPICS } from './kafkaOutputSource';
import { REFERENCE_TOPIC } from './topics';

/** Every Dealerflow topic and its partitions in a layout of `partitions` (the reference topic has one, as in topics.txt). */
export function dealerflowTopics(partitions: number): { topic: string; partitions: number }[] {
  const inputs = [...new Set(Object.values(INPUT_TOPIC))];
  return [...inputs, ...OUTPUT_TOPICS].map((topic) => ({ topic, partitions: topic === REFERENCE_TOPIC ? 1 : partitions }));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Deletes these topics (with every record) and creates them again, empty, then waits until each
 * partition's leader answers for it (KRaft publishes a leader before its log is open). Only for a
 * broker of one's own: the benchmark and the tests use it, never a deployment.
 */
export async function recreateTopics(admin: Admin, topics: readonly { topic: string; partitions: number }[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const existing = new Set(await admin.listTopics());
  const stale = topics.map(({ topic }) => topic).filter((topic) => existing.has(topic));
  if (stale.length > 0) await admin.deleteTopics({ topics: stale, timeout: 30_000 });
  for (;;) {
    try {
      // A topic being deleted cannot be created again at once.
      await admin.createTopics({ waitForLeaders: false, topics: topics.map(({ topic, partitions }) => ({ topic, numPartitions: partitions, replicationFactor: 1 })) });
      for (const { topic, partitions } of topics) {
        const offsets = await admin.fetchTopicOffsets(topic);
        if (offsets.length !== partitions) throw new Error(`${topic} has ${offsets.length} partitions served, not ${partitions}`);
      }
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await pause(500);
    }
  }
}

/** Dealerflow consumer groups (`dealerflow.…`) with live members: a deployment that uses this broker. */
export async function liveDealerflowGroups(admin: Admin): Promise<string[]> {
  const { groups } = await admin.listGroups();
  const ours = groups.map((group) => group.groupId).filter((id) => id.startsWith('dealerflow.'));
  if (ours.length === 0) return [];
  const described = await admin.describeGroups(ours);
  return described.groups.filter((group) => group.members.length > 0).map((group) => group.groupId);
}
