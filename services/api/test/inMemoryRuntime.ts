import { parseInputLine, parseInputValue } from '@dealerflow/contracts';
import {
  InvalidCursorError,
  type EventLog,
  type HealthProbe,
  type IngestItem,
  type IngestResult,
  type OutputPage,
  type OutputQuery,
  type OutputReader,
  type RuntimeHealth,
} from '@dealerflow/runtime';
import pino from 'pino';
import { createServer, parseTokens } from '../src';

/**
 * In-memory implementations of the runtime's three ports, so the HTTP layer can be tested alone.
 * The event log validates with the contract's own parse functions, as the embedded log does.
 */
export function createInMemoryEventLog() {
  const stored = new Map<string, unknown>();
  const calls: IngestItem[][] = [];
  let failure: Error | undefined;
  const eventLog: EventLog = {
    async append(items) {
      calls.push([...items]);
      if (failure) throw failure;
      const result: IngestResult = { accepted: 0, duplicates: 0, deadLettered: 0, reasons: [], lastSeq: null };
      items.forEach((item, index) => {
        const parsed = 'text' in item ? parseInputLine(item.text) : parseInputValue(item.value);
        if (!parsed.ok) {
          result.deadLettered += 1;
          result.reasons.push({ index, reason: parsed.reason });
        } else if (stored.has(parsed.event.eventId)) {
          result.duplicates += 1;
        } else {
          stored.set(parsed.event.eventId, parsed.event);
          result.accepted += 1;
          result.lastSeq = BigInt(stored.size);
        }
      });
      return result;
    },
  };
  return {
    eventLog,
    calls,
    stored,
    failWith(error: Error | undefined) {
      failure = error;
    },
  };
}

export interface StoredOutput {
  topic: string;
  dealerId?: string;
  eventId: string;
  type?: string;
  /** A notification's audience (`data.audience`). */
  data?: { audience?: string };
}

/** The reader's filters, as the embedded reader applies them in its query. */
function matches(output: StoredOutput, query: OutputQuery): boolean {
  if (query.topic !== undefined && output.topic !== query.topic) return false;
  if (query.dealerId !== undefined && output.dealerId !== query.dealerId) return false;
  if (query.types !== undefined && (output.type === undefined || !query.types.includes(output.type))) return false;
  const notification = output.topic === 'dealer.notifications.v1';
  return query.notificationAudience === undefined || !notification || output.data?.audience === query.notificationAudience;
}

/** Cursors are `c<n>`, n the publish position of the last line returned. */
export function createInMemoryOutputReader(outputs: StoredOutput[]) {
  const queries: OutputQuery[] = [];
  let failure: Error | undefined;
  const reader: OutputReader = {
    async read(query): Promise<OutputPage> {
      queries.push(query);
      if (failure) throw failure;
      let start = 0;
      if (query.after !== undefined) {
        const match = /^c(\d+)$/.exec(query.after);
        if (!match) throw new InvalidCursorError(`unknown cursor ${query.after}`);
        start = Number(match[1]) + 1;
      }
      const lines: string[] = [];
      let last = -1;
      for (let position = start; position < outputs.length && lines.length < query.limit; position += 1) {
        const output = outputs[position]!;
        if (!matches(output, query)) continue;
        lines.push(JSON.stringify(output));
        last = position;
      }
      return { lines, nextCursor: last === -1 ? null : `c${last}` };
    },
  };
  return {
    reader,
    queries,
    failWith(error: Error | undefined) {
      failure = error;
    },
  };
}

export function createInMemoryHealth(figures: RuntimeHealth) {
  let failure: Error | undefined;
  const health: HealthProbe = {
    async check() {
      if (failure) throw failure;
      return figures;
    },
  };
  return {
    health,
    failWith(error: Error | undefined) {
      failure = error;
    },
  };
}

export const TOKENS = {
  admin: 'tok-admin-0001',
  ingest: 'tok-ingest-0001',
  ops: 'tok-ops-0001',
  finance: 'tok-finance-0001',
  dealer1: 'tok-dealer-D1',
  dealer2: 'tok-dealer-D2',
} as const;

export const TOKEN_SPEC = [
  `${TOKENS.admin}=admin@Ada`,
  `${TOKENS.ingest}=ingest@erp`,
  `${TOKENS.ops}=ops`,
  `${TOKENS.finance}=finance@Fran`,
  `${TOKENS.dealer1}=dealer:D-1`,
  `${TOKENS.dealer2}=dealer:D-2`,
].join(',');

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A server over fresh in-memory ports, with every log line captured for inspection. */
export function createTestServer(options: { outputs?: StoredOutput[]; bodyLimitBytes?: number } = {}) {
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const events = createInMemoryEventLog();
  const outputs = createInMemoryOutputReader(options.outputs ?? []);
  const health = createInMemoryHealth({ watermark: '2026-04-02T09:00:00.000Z', lag: { credit: 0, stock: 3 } });
  const app = createServer({
    eventLog: events.eventLog,
    outputs: outputs.reader,
    health: health.health,
    tokens: parseTokens(TOKEN_SPEC),
    logger,
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
  });
  return { app, events, outputs, health, logLines };
}
