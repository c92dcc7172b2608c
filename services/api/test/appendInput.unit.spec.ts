import type { InputEventOf } from '@dealerflow/contracts';
import type { EventLog } from '@dealerflow/runtime';
import { describe, expect, it } from 'vitest';
import { appendInput } from '../src/credit/appendInput';
import { capturedLogger, ERROR_LEVEL, refusalOf } from './refusals';
import { createInMemoryEventLog } from './inMemoryRuntime';

const NAMES = { logged: 'tier acceptance', answered: 'acceptance' };

const limitSet: InputEventOf<'credit.limit.set'> = {
  eventId: 'limit-1',
  type: 'credit.limit.set',
  schemaVersion: 1,
  occurredAt: '2026-04-03T10:15:00.000Z',
  dealerId: 'D-1',
  source: 'dealerflow-api',
  data: { creditLimit: 5000, note: 'annual review', decidedBy: 'Fran', decidedAt: '2026-04-03T10:15:00.000Z' },
};

describe('appendInput', () => {
  it('appends the one event as a value, logging nothing', async () => {
    const events = createInMemoryEventLog();
    const { log, lines } = capturedLogger();
    await appendInput(events.eventLog, log, limitSet, NAMES);
    expect(events.calls).toEqual([[{ value: limitSet }]]);
    expect(lines).toEqual([]);
  });

  it('is a 503 naming what could not be stored when the log cannot take it, logged as an error with the event id', async () => {
    const events = createInMemoryEventLog();
    events.failWith(new Error('database is down'));
    const { log, lines } = capturedLogger();
    expect(await refusalOf(appendInput(events.eventLog, log, limitSet, NAMES))).toEqual({
      statusCode: 503,
      code: 'unavailable',
      message: 'the acceptance could not be stored; nothing was recorded, send it again',
    });
    const cause = expect.objectContaining({ message: 'database is down' });
    expect(lines).toEqual([expect.objectContaining({ level: ERROR_LEVEL, msg: 'tier acceptance append failed', eventId: 'limit-1', err: cause })]);
  });

  it('is a 500 when the log dead-letters the event (a bug of ours), logged with the reasons', async () => {
    const reasons = [{ index: 0, reason: 'data.decidedBy: too small' }];
    const deadLettering: EventLog = { append: async () => ({ accepted: 0, duplicates: 0, deadLettered: 1, reasons, lastSeq: null }) };
    const { log, lines } = capturedLogger();
    expect(await refusalOf(appendInput(deadLettering, log, limitSet, NAMES))).toEqual({
      statusCode: 500,
      code: 'internal_error',
      message: 'the server failed to handle the request; it has been logged',
    });
    expect(lines).toEqual([expect.objectContaining({ level: ERROR_LEVEL, msg: 'tier acceptance dead-lettered', eventId: 'limit-1', reasons })]);
  });
});
