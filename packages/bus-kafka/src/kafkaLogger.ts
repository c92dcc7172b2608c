import { logLevel, type logCreator } from 'kafkajs';
import type { RuntimeLogger } from '@dealerflow/runtime';

/** kafkajs' log lines into the component's logger: constant message, context object, a child per kafkajs namespace. */
export function kafkaLogCreator(logger: RuntimeLogger): logCreator {
  return () => ({ namespace, level, log }) => {
    const { message, ...context } = log;
    const child = { namespace, ...context };
    if (level === logLevel.ERROR) logger.error(child, `kafkajs: ${message}`);
    else if (level === logLevel.WARN) logger.warn(child, `kafkajs: ${message}`);
    else logger.info(child, `kafkajs: ${message}`);
  };
}
