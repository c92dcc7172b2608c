import type { InputEvent, OutputEvent } from '@dealerflow/contracts';
import type { PrismaClient } from '@dealerflow/db';
import type { InputFeed } from '../ports/inputFeed';
import type { OutputSource } from '../ports/outputSource';
import { createLogConsumer } from './logConsumer';

/** The output source over `output_log`: the embedded runtime's adapter of the port (PGlite or PostgreSQL). */
export function createLogOutputSource(prisma: PrismaClient): OutputSource {
  return {
    consumer: (options) => createLogConsumer<OutputEvent>(prisma, { name: 'output_log', text: 'line', indexed: 'topic' }, options),
  };
}

/** The input feed over `input_log`: its `(type, seq)` index serves consumers that name their types. */
export function createLogInputFeed(prisma: PrismaClient): InputFeed {
  return {
    consumer: (options) => createLogConsumer<InputEvent>(prisma, { name: 'input_log', text: 'body', indexed: 'type' }, options),
  };
}
