export { coPartitionAssigner, CO_PARTITION_ASSIGNER } from './coPartitionAssigner';
export { createInputRelay, type InputRelay, type InputRelayOptions } from './inputRelay';
export { kafkaLogCreator } from './kafkaLogger';
export { createKafkaOutputSource, OUTPUT_GROUP_PREFIX, OUTPUT_TOPICS, parseOutputRecord, type KafkaOutputSourceOptions } from './kafkaOutputSource';
export { createOutboxRelayLoop, type OutboxRelayLoopOptions } from './outboxRelayLoop';
export { createOutputRelay, outputMessage, rowsToPublish, type OutboxOutput, type OutputRelay, type OutputRelayOptions } from './outputRelay';
export { createTaskConsumer, type TaskConsumer, type TaskConsumerOptions } from './taskConsumer';
export { DEALER_INPUT_TOPICS, REFERENCE_TOPIC, SEQUENCE_HEADER, TASK_INPUT_TOPICS } from './topics';
export { runWorkerService, startWorkerService, workerServiceSettings, type WorkerServiceSettings } from './workerService';
