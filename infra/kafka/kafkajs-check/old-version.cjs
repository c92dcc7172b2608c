// Forces kafkajs to send one old version of one API (as an older client would) to see how a broker answers a
// version it no longer supports (Kafka 4.0 removed some, KIP-896). kafkajs itself never sends these: it picks
// min(its newest, the broker's newest).
// usage: node old-version.cjs CreateTopics|ListOffsets|OffsetCommit VERSION    ($KAFKA_BROKERS, default 127.0.0.1:9092)
const [api, version] = [process.argv[2], Number(process.argv[3])];
const reqs = require('kafkajs/src/protocol/requests');
const apiKeys = require('kafkajs/src/protocol/requests/apiKeys');
const original = reqs.lookup;
reqs.lookup = (versions) => (apiKey, definition) => {
  if (apiKey === apiKeys[api]) return definition.protocol({ version });
  return original(versions)(apiKey, definition);
};
const { Kafka, logLevel } = require('kafkajs');
const kafka = new Kafka({ clientId: 'old', brokers: (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING, retry: { retries: 0 } });
(async () => {
  const admin = kafka.admin();
  await admin.connect();
  const topic = `old.${Date.now()}`;
  try {
    if (api === 'CreateTopics') await admin.createTopics({ topics: [{ topic }], waitForLeaders: false });
    if (api === 'ListOffsets') await admin.fetchTopicOffsets('dealer.orders.v1');
    if (api === 'OffsetCommit') await admin.setOffsets({ groupId: topic, topic: 'dealer.orders.v1', partitions: [{ partition: 0, offset: '0' }] });
    console.log(`${api} v${version}: accepted`);
  } catch (e) {
    console.log(`${api} v${version}: ${e.name}: ${e.message}`);
  }
  await admin.disconnect();
})();
