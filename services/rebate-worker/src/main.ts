// The rebates worker on Kafka (KAFKA_BROKERS, DATABASE_URL; DEALERFLOW_POLICY, the settings file): run one or more; they share the partitions.
import pino from 'pino';
import { runWorkerService } from '@dealerflow/bus-kafka';

await runWorkerService('rebates', pino({ name: 'rebate-worker', level: process.env.LOG_LEVEL ?? 'info' }));
