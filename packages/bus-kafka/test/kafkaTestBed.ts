import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { INPUT_TOPIC, TOPICS } from '@dealerflow/contracts';
import type { ServerProbe } from '@dealerflow/testkit/testing';
import { recreateTopics as recreateTopicsOn, REFERENCE_TOPIC } from '../src';

export const REPO_ROOT = join(import.meta.dirname, '../../..');

/** The brokers the suite uses: KAFKA_BROKERS, else the local one `infra/kafka/broker.sh start` runs. */
export const TEST_BROKERS = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');

export function testKafka(clientId: string, brokers: readonly string[] = TEST_BROKERS): Kafka {
  return new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.NOTHING, connectionTimeout: 3_000, retry: { retries: 2 } });
}

/** Whether a broker answers a metadata request. */
export async function probeKafka(brokers: readonly string[] = TEST_BROKERS): Promise<ServerProbe> {
  const admin = testKafka('dealerflow-probe', brokers).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return { reachable: true };
  } catch (error) {
    return { reachable: false, reason: `Kafka at ${brokers.join(',')}: ${(error as Error).message}` };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** A Docker engine this process could use (testcontainers' own lookup is slow to fail where there is none). */
function dockerEngineLikely(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

export interface TestBroker {
  brokers: string[];
  probe: ServerProbe;
  /** Stops what the suite started (a container), nothing otherwise. */
  stop(): Promise<void>;
}

/**
 * Where the suite's broker is: KAFKA_BROKERS when set; else the local broker (`scripts/services.sh up`); else, on a
 * machine with a Docker engine, a Kafka container started through testcontainers (KRaft, one node).
 */
export async function startTestBroker(): Promise<TestBroker> {
  const local = await probeKafka();
  if (local.reachable || process.env.KAFKA_BROKERS || !dockerEngineLikely()) return { brokers: TEST_BROKERS, probe: local, stop: async () => undefined };
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const container = await new KafkaContainer('confluentinc/cp-kafka:7.9.1').withKraft().start();
  const brokers = [`${container.getHost()}:${container.getMappedPort(9093)}`];
  return { brokers, probe: await probeKafka(brokers), stop: async () => void (await container.stop()) };
}

/**
 * Deletes and creates the input topics (dealer topics with `partitions` partitions, the reference
 * topic with one) and the consumer groups of earlier runs: the suite needs a broker of its own, such
 * as the one `infra/kafka/broker.sh start` runs — never point it at a shared cluster.
 */
export async function recreateInputTopics(brokers: readonly string[], partitions: number, groups: readonly string[]): Promise<void> {
  await recreateTopics(brokers, [...new Set(Object.values(INPUT_TOPIC))], (topic) => (topic === REFERENCE_TOPIC ? 1 : partitions), groups);
}

/** Deletes and creates the output topics with `partitions` partitions each (the same rule: a broker of the suite's own). */
export async function recreateOutputTopics(brokers: readonly string[], partitions: number, groups: readonly string[] = []): Promise<void> {
  await recreateTopics(brokers, OUTPUT_TOPICS, () => partitions, groups);
}

async function recreateTopics(brokers: readonly string[], topics: readonly string[], partitionsOf: (topic: string) => number, groups: readonly string[]): Promise<void> {
  const admin = testKafka('dealerflow-test-admin', brokers).admin();
  await admin.connect();
  try {
    await recreateTopicsOn(admin, topics.map((topic) => ({ topic, partitions: partitionsOf(topic) })));
    if (groups.length > 0) await admin.deleteGroups([...groups]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Empties topics without recreating them: each partition's records are deleted up to its end (the low watermark
 * moves there). Retried while a topic just created is not yet served by its leader (KRaft publishes the leader first).
 */
export async function emptyTopics(brokers: readonly string[], topics: readonly string[]): Promise<void> {
  const admin = testKafka('dealerflow-test-admin', brokers).admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      for (let attempt = 0; ; attempt += 1) {
        try {
          const offsets = await admin.fetchTopicOffsets(topic);
          const partitions = offsets.filter((offset) => offset.high !== offset.low).map((offset) => ({ partition: offset.partition, offset: offset.high }));
          if (partitions.length > 0) await admin.deleteTopicRecords({ topic, partitions });
          break;
        } catch (error) {
          if (attempt > 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** Deletes consumer groups a test made (one with live members is left). */
export async function deleteGroups(brokers: readonly string[], groups: readonly string[]): Promise<void> {
  if (groups.length === 0) return;
  const admin = testKafka('dealerflow-test-admin', brokers).admin();
  await admin.connect();
  try {
    await admin.deleteGroups([...groups]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

export const OUTPUT_TOPICS = Object.values(TOPICS).filter((topic) => !Object.values(INPUT_TOPIC).includes(topic as never));

export interface WorkerProcess {
  child: ChildProcess;
  /** The partition numbers of each assignment it logged, in order. */
  assignments: number[][];
}

/** A worker service as its own process, the way `npm start -w @dealerflow/<worker>-worker` runs it. */
export function spawnWorker(service: string, env: NodeJS.ProcessEnv): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'services', service, 'src/main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const assignments: number[][] = [];
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"tasks assigned"')) continue;
      assignments.push((JSON.parse(line) as { partitions: number[] }).partitions);
    }
  });
  child.stderr?.resume();
  return { child, assignments };
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
