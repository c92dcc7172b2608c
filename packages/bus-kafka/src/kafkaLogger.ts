import { logLevel, type logCreator } from 'kafkajs';
import type { RuntimeLogger } from '@dealerflow/runtime';

/** kafkajs' log lines into the component's logger: constant message, context object, a child per kafkajs namespace. */
export function kafkaLogCreator(logger: RuntimeLogger): logCreator {
  return () => ({ namespace, level, log }) => {
    const { message, ...context } = log;
    const child = { namespace, ...context };
    // A member learns of a rebalance from a heartbeat's error answer, which kafkajs logs as an error and a warning: it is routine.
    const routine = typeof context.error === 'string' && context.error.startsWith('The group is rebalancing');
    if (routine) logger.info(child, `kafkajs: ${message}`);
    else if (level === logLevel.ERROR) logger.error(child, `kafkajs: ${message}`);
    else if (level === logLevel.WARN) logger.warn(child, `kafkajs: ${message}`);
    else logger.info(child, `kafkajs: ${message}`);
  };
}
