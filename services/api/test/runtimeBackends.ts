import { createCreditHoldReader, type EmbeddedRuntime } from '@dealerflow/runtime';
import pino from 'pino';
import { createServer, parseTokens } from '../src';
import { TOKEN_SPEC } from './inMemoryRuntime';

export { runtimeBackends, type Backend } from '@dealerflow/runtime/testing';

/** The HTTP API over an embedded runtime, as `dealerflow start` wires its ingest and read routes. */
export function serverOver(runtime: EmbeddedRuntime) {
  return createServer({
    eventLog: runtime.eventLog,
    outputs: runtime.outputs,
    health: runtime.health,
    directory: runtime.dealers,
    creditHolds: createCreditHoldReader(runtime.prisma),
    tokens: parseTokens(TOKEN_SPEC),
    logger: pino({ level: 'silent' }),
  });
}
