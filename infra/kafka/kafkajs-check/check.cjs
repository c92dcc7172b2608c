// Checks kafkajs against a running broker ($KAFKA_BROKERS, default 127.0.0.1:9092): each step passes or fails on
// its own; then prints the API versions kafkajs sent and, for every API kafkajs implements, the version it picks
// against the broker's ApiVersions range. Run by matrix.sh (see docs/kafka.md); needs kafkajs, which the
// workspaces do not have, so matrix.sh installs it in a scratch folder.
const { Kafka, logLevel, AssignerProtocol } = require('kafkajs');
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const run = `${Date.now()}`;
const topic = `kjs.check.${run}`;
const groupId = `kjs.group.${run}`;
const requests = new Set();
const errors = [];
let brokerVersions = null;

const logCreator = () => ({ namespace, log }) => {
  const m = /^Request (\w+)\(key: (\d+), version: (\d+)\)/.exec(log.message);
  if (m) requests.add(`${m[1]}(key ${m[2]}) v${m[3]}`);
  if (/^Response ApiVersions/.test(log.message) && log.data && log.data.apiVersions) brokerVersions = log.data.apiVersions;
  if (/error/i.test(log.message) || log.error) errors.push(`${namespace}: ${log.message} ${log.error || ''}`);
};

const kafka = new Kafka({ clientId: 'kjs-check', brokers, logLevel: logLevel.DEBUG, logCreator });
const results = [];
const withTimeout = (p, ms) =>
  Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`timeout ${ms}ms`)), ms))]);

// An informational step is printed but not counted: it shows a race, not a version incompatibility.
async function step(name, fn, ms = 30000, informational = false) {
  const t0 = Date.now();
  try {
    const detail = await withTimeout(fn(), ms);
    results.push({ name, ok: true, ms: Date.now() - t0, detail, informational });
  } catch (e) {
    const detail = `${e.name}: ${e.message}${e.type ? ` (${e.type})` : ''}`;
    results.push({ name, ok: false, ms: Date.now() - t0, detail, informational });
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(cond, ms, what) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await sleep(50);
  }
}

async function main() {
  const admin = kafka.admin();
  await step('admin.connect', () => admin.connect());
  await step('admin.describeCluster', async () => (await admin.describeCluster()).brokers.length + ' broker(s)');
  await step('admin.createTopics', async () => {
    const created = await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: false });
    if (!created) throw new Error('createTopics returned false');
    return 'created';
  });
  // KRaft: the controller answers CreateTopics before the broker's metadata has the topic, and kafkajs's
  // waitForLeaders retries LEADER_NOT_AVAILABLE only, not UNKNOWN_TOPIC_OR_PARTITION: poll instead.
  await step('topic in metadata with leaders (polled)', async () => {
    const t0 = Date.now();
    for (;;) {
      try {
        const md = await admin.fetchTopicMetadata({ topics: [topic] });
        if (md.topics[0].partitions.every((p) => p.leader >= 0)) return `after ${Date.now() - t0} ms`;
      } catch (e) {
        if (e.type !== 'UNKNOWN_TOPIC_OR_PARTITION' && e.type !== 'LEADER_NOT_AVAILABLE') throw e;
      }
      await sleep(100);
    }
  });
  await step('admin.createTopics waitForLeaders (second topic; fails when the broker\'s metadata lags)', async () => {
    await admin.createTopics({ topics: [{ topic: `${topic}.b`, numPartitions: 4 }], waitForLeaders: true });
    return 'created and led';
  }, 30000, true);
  await step('admin.fetchTopicMetadata', async () => {
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    const n = md.topics[0].partitions.length;
    if (n !== 4) throw new Error(`partitions ${n}`);
    return `${n} partitions`;
  });

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await step('producer.connect', () => producer.connect());
  await step('producer.send (keys, acks all, idempotent)', async () => {
    const res = await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 40 }, (_, i) => ({ key: `dealer-${i % 8}`, value: `m${i}` })),
    });
    return res.map((r) => `p${r.partition}@${r.baseOffset}`).join(' ');
  });
  await step('admin.fetchTopicOffsets (ListOffsets)', async () => {
    const offs = await admin.fetchTopicOffsets(topic);
    const total = offs.reduce((s, o) => s + Number(o.high), 0);
    if (total !== 40) throw new Error(`high watermarks sum ${total}`);
    return `sum of high watermarks ${total}`;
  });

  // Two members of one group; JoinGroup/SyncGroup/Heartbeat; manual commits.
  const seen = new Map(); // member -> count
  const members = ['c1', 'c2'].map((name) => ({
    name,
    c: kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 500, rebalanceTimeout: 10000, maxWaitTimeInMs: 500 }),
  }));
  for (const { name, c } of members) {
    await step(`consumer ${name}.connect+subscribe`, async () => {
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
    });
  }
  const consumed = [];
  for (const { name, c } of members) {
    await step(`consumer ${name}.run (JoinGroup/SyncGroup)`, async () => {
      await c.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          consumed.push({ name, partition, offset: message.offset, key: message.key.toString() });
          seen.set(name, (seen.get(name) || 0) + 1);
        },
      });
    });
  }
  await step('all 40 messages consumed', async () => {
    await until(() => new Set(consumed.map((m) => `${m.partition}:${m.offset}`)).size >= 40, 30000, '40 messages');
    return JSON.stringify(Object.fromEntries(seen));
  }, 35000);
  let owners = [];
  await step('group Stable, two members each assigned partitions (describeGroups)', async () => {
    const end = Date.now() + 30000;
    while (Date.now() < end) {
      const g = (await admin.describeGroups([groupId])).groups[0];
      owners = g.members.map((m) => ({
        memberId: m.memberId,
        partitions: (AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[topic] || []),
      }));
      if (g.state === 'Stable' && owners.length === 2 && owners.every((o) => o.partitions.length > 0)) {
        return owners.map((o) => `[${o.partitions}]`).join(' ');
      }
      await sleep(200);
    }
    throw new Error(`not stable: ${JSON.stringify(owners)}`);
  }, 35000);
  await step('second batch of 40 reaches both members', async () => {
    const before = consumed.length;
    const byMember = () => new Set(consumed.slice(before).map((m) => m.name));
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 40 }, (_, i) => ({ key: `dealer-${i % 8}`, value: `n${i}` })) });
    await until(() => consumed.length - before >= 40 && byMember().size === 2, 20000, 'both members consuming');
    const counts = {};
    for (const m of consumed.slice(before)) counts[m.name] = (counts[m.name] || 0) + 1;
    return JSON.stringify(counts);
  }, 25000);
  await step('heartbeats keep both members (3 s idle)', async () => {
    await sleep(3000);
    const d = await admin.describeGroups([groupId]);
    const g = d.groups[0];
    if (g.state !== 'Stable' || g.members.length !== 2) throw new Error(`state ${g.state}, ${g.members.length} members`);
    return `${g.state}, ${g.members.length} members, protocol ${g.protocol}`;
  });

  await step('consumer.commitOffsets (both members)', async () => {
    // Each commit carries the member id and generation: the broker checks those, not who owns the partition.
    for (const { c } of members) {
      await c.commitOffsets([0, 1, 2, 3].map((p) => ({ topic, partition: p, offset: '5' })));
    }
    return 'offset 5 on every partition';
  });
  await step('admin.fetchOffsets', async () => {
    const res = await admin.fetchOffsets({ groupId, topics: [topic] });
    const parts = res[0].partitions;
    if (parts.length !== 4 || !parts.every((p) => p.offset === '5')) throw new Error(JSON.stringify(parts));
    return JSON.stringify(parts.map((p) => `${p.partition}:${p.offset}`));
  });
  await step('consumer.seek (partition 0 read again from offset 0)', async () => {
    const before = consumed.filter((m) => m.partition === 0).length;
    // Only the member that owns partition 0 acts on the seek; the other ignores it.
    for (const { c } of members) c.seek({ topic, partition: 0, offset: '0' });
    const zeroes = () => consumed.filter((m) => m.partition === 0 && m.offset === '0').length;
    const zeroesBefore = zeroes();
    await until(() => zeroes() > zeroesBefore, 15000, 'offset 0 of partition 0 delivered again');
    return `partition 0: ${before} messages before, ${consumed.filter((m) => m.partition === 0).length} after`;
  }, 20000);
  await step('admin.describeGroups', async () => {
    const d = await admin.describeGroups([groupId]);
    return `${d.groups[0].state}, members ${d.groups[0].members.map((m) => m.clientId).join(',')}`;
  });
  await step('admin.listGroups', async () => `${(await admin.listGroups()).groups.length} group(s)`);

  const txProducer = kafka.producer({ transactionalId: `kjs-tx-${run}`, idempotent: true, maxInFlightRequests: 1 });
  await step('transaction: send + sendOffsets + commit', async () => {
    await txProducer.connect();
    const tx = await txProducer.transaction();
    await tx.send({ topic, messages: [{ key: 'dealer-0', value: 'tx' }] });
    await tx.sendOffsets({ consumerGroupId: `${groupId}.tx`, topics: [{ topic, partitions: [{ partition: 0, offset: '1' }] }] });
    await tx.commit();
    return 'committed';
  });

  for (const { c } of members) await c.disconnect().catch(() => {});
  await step('admin.setOffsets + resetOffsets (group empty)', async () => {
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '2' }] });
    await admin.resetOffsets({ groupId, topic, earliest: true });
    return 'set, then reset to earliest';
  });
  await step('admin.listTopics', async () => `${(await admin.listTopics()).length} topic(s)`);
  await step('admin.describeConfigs', async () => {
    const r = await admin.describeConfigs({ resources: [{ type: 2, name: topic, configNames: ['cleanup.policy'] }], includeSynonyms: false });
    return r.resources[0].configEntries.map((e) => `${e.configName}=${e.configValue}`).join(',');
  });
  await step('admin.alterConfigs', async () => {
    await admin.alterConfigs({ resources: [{ type: 2, name: topic, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
    return 'retention.ms=3600000';
  });
  await step('admin.fetchTopicOffsetsByTimestamp', async () => JSON.stringify(await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() - 60000)).slice(0, 60));
  await step('admin.deleteTopicRecords (DeleteRecords)', async () => {
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '1' }] });
    return 'partition 0 up to offset 1';
  });
  await step('admin.createPartitions', async () => {
    await admin.createPartitions({ topicPartitions: [{ topic, count: 6 }] });
    // The request returns before the broker leads the new partitions: wait for them in the metadata.
    const end = Date.now() + 10000;
    while (Date.now() < end) {
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      if (md.topics[0].partitions.length === 6 && md.topics[0].partitions.every((p) => p.leader >= 0)) return '6 partitions';
      await sleep(100);
    }
    throw new Error('new partitions not led');
  });
  await step('admin.deleteGroups', async () => {
    await admin.deleteGroups([groupId]);
    return 'deleted';
  });
  await step('admin.deleteTopics', async () => {
    await admin.deleteTopics({ topics: [topic, `${topic}.b`] });
    return 'deleted';
  });
  await producer.disconnect().catch(() => {});
  await txProducer.disconnect().catch(() => {});
  await admin.disconnect().catch(() => {});

  for (const r of results) {
    const verdict = `${r.informational ? 'INFO-' : ''}${r.ok ? 'PASS' : 'FAIL'}`;
    console.log(`${verdict} ${r.name} (${r.ms} ms) ${r.detail ?? ''}`);
  }
  console.log('\nAPI versions kafkajs sent:\n  ' + [...requests].sort().join('\n  '));
  if (brokerVersions) {
    const { requests: defs } = require('kafkajs/src/protocol/requests');
    const apiKeys = require('kafkajs/src/protocol/requests/apiKeys');
    const rows = [];
    for (const [name, d] of Object.entries(defs)) {
      const impl = d.versions.map(Number);
      if (!impl.length) continue;
      const key = apiKeys[name];
      const b = brokerVersions.find((v) => v.apiKey === key);
      if (!b) { rows.push(`  ${name}(key ${key}): kafkajs 0..${Math.max(...impl)}, broker none`); continue; }
      const chosen = Math.min(Math.max(...impl), b.maxVersion);
      const ok = chosen >= b.minVersion && impl.includes(chosen);
      rows.push(`  ${ok ? 'ok  ' : 'FAIL'} ${name}(key ${key}): kafkajs ${Math.min(...impl)}..${Math.max(...impl)}, broker ${b.minVersion}..${b.maxVersion} -> v${chosen}`);
    }
    console.log('\nkafkajs versions against the broker\'s ApiVersions:\n' + rows.join('\n'));
  }
  const counted = results.filter((r) => !r.informational);
  const failed = counted.filter((r) => !r.ok).length;
  if (failed) console.log('\nfirst client errors:\n  ' + [...new Set(errors)].slice(0, 15).join('\n  '));
  console.log(`\n${counted.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
