import type { Kafka } from 'kafkajs';

/** Partitions per topic, read from the broker's metadata once (a relay picks each record's partition itself). */
export async function fetchPartitionCounts(kafka: Kafka, topics: readonly string[]): Promise<Map<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [...new Set(topics)] });
    return new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
  } finally {
    await admin.disconnect();
  }
}
