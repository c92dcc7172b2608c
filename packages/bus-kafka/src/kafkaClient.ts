import { Kafka } from 'kafkajs';
import type { RuntimeLogger } from '@dealerflow/runtime';
import { kafkaLogCreator } from './kafkaLogger';

/** The brokers `KAFKA_BROKERS` names (`host:port,host:port`); none when it is unset or blank. */
export function brokersOf(env: NodeJS.ProcessEnv): string[] {
  return (env.KAFKA_BROKERS ?? '').split(',').map((broker) => broker.trim()).filter(Boolean);
}

/** A kafkajs client that logs through the component's logger. */
export function createKafkaClient(options: { clientId: string; brokers: readonly string[]; logger: RuntimeLogger }): Kafka {
  return new Kafka({ clientId: options.clientId, brokers: [...options.brokers], logCreator: kafkaLogCreator(options.logger) });
}
