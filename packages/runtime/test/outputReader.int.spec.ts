import type { OutputEvent } from '@dealerflow/contracts';
import { openDatabase } from '@dealerflow/db';
import { describe, expect, it } from 'vitest';
import { createOutputReader, insertOutputs, type OutputQuery } from '../src';
import { runtimeBackends } from '../src/testing';

// The output reader's filters run in the query (issue 18, defect 6): a dealer's page is full, never short for filtering.
const backends = await runtimeBackends('dealerflow-output-reader-');

function output(eventId: string, type: OutputEvent['type'], topic: string, data: Record<string, unknown>): OutputEvent {
  return { eventId, type, schemaVersion: 1, occurredAt: '2026-04-02T09:00:00.000Z', dealerId: 'D-1', source: 'test', topic, data } as OutputEvent;
}

function notification(eventId: string, audience: 'dealer' | 'ops' | 'finance', title: string): OutputEvent {
  return output(eventId, 'notification.requested', 'dealer.notifications.v1', {
    notificationId: `ntf-${eventId}`,
    outputEventId: 'o-1',
    outputType: 'credit.hold.placed',
    audience,
    channel: 'inApp',
    causedBy: 'ord-1',
    locale: 'en',
    title,
    body: `"audience":"dealer" in a body is text, not the audience`,
  });
}

const LOG: OutputEvent[] = [
  output('o-1', 'credit.hold.placed', 'dealer.credit.v1', { holdId: 'h-1' }),
  output('o-2', 'credit.review.requested', 'dealer.credit.v1', { holdId: 'h-1' }),
  notification('n-1', 'dealer', 'Your hold'),
  notification('n-2', 'finance', 'Review D-1 \u0000 now'),
  notification('n-3', 'ops', 'Lone \uD800 surrogate'),
  notification('n-4', 'dealer', 'Lone \uDFFF surrogate, told to the dealer'),
  output('o-3', 'event.dead_lettered', 'dealer.dead-letter.v1', { raw: 'x\u0000', reason: 'bad' }),
  output('o-4', 'credit.hold.released', 'dealer.credit.v1', { holdId: 'h-1' }),
];

const DEALER_VIEW: Omit<OutputQuery, 'limit'> = {
  dealerId: 'D-1',
  types: ['credit.hold.placed', 'credit.hold.released', 'notification.requested'],
  notificationAudience: 'dealer',
};

describe.each(backends)('the output reader on $name', (backend) => {
  it.skipIf(backend.skip)(`filters by type and notification audience in the query, pages full${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, async () => {
    const database = await openDatabase(await backend.options());
    try {
      await insertOutputs(database.prisma, LOG);
      const runtime = { outputs: createOutputReader(database.prisma) };
      const idsOf = (lines: string[]) => lines.map((line) => (JSON.parse(line) as OutputEvent).eventId);

      expect(idsOf((await runtime.outputs.read({ limit: 100 })).lines)).toEqual(LOG.map((one) => one.eventId));
      expect(idsOf((await runtime.outputs.read({ ...DEALER_VIEW, limit: 100 })).lines)).toEqual(['o-1', 'n-1', 'n-4', 'o-4']);
      expect(idsOf((await runtime.outputs.read({ notificationAudience: 'finance', limit: 100 })).lines)).toEqual(['o-1', 'o-2', 'n-2', 'o-3', 'o-4']);

      const pages: string[][] = [];
      let after: string | undefined;
      for (;;) {
        const page = await runtime.outputs.read({ ...DEALER_VIEW, limit: 3, ...(after === undefined ? {} : { after }) });
        if (page.nextCursor === null) break;
        pages.push(idsOf(page.lines));
        after = page.nextCursor;
      }
      expect(pages).toEqual([['o-1', 'n-1', 'n-4'], ['o-4']]);
    } finally {
      await database.close();
    }
  });
});
