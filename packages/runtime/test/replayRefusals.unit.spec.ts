import { describe, expect, it } from 'vitest';
import { outputEvent } from '@dealerflow/contracts';
import { replay } from '../src';

const tick = (fields: Record<string, unknown>) =>
  JSON.stringify({ eventId: 't', type: 'clock.tick', schemaVersion: 1, occurredAt: '2026-04-21T09:00:00Z', data: {}, ...fields });

async function replayed(lines: string[], options: Parameters<typeof replay>[2] = {}) {
  const out: string[] = [];
  const reasons: string[] = [];
  const stats = await replay(lines, (line) => void out.push(line), { ...options, onDeadLetter: (_line, reason) => reasons.push(reason) });
  return { out, reasons, stats };
}

describe('replay: what the store cannot keep, and dates ahead of receipt', () => {
  it('dead-letters U+0000, lone surrogates and 5,000-deep nesting, writes dead letters any reader takes, and goes on', async () => {
    const lines = [
      tick({ eventId: 'a\u0000' }),
      tick({ eventId: 'b\ud800' }),
      `{"eventId":"c","type":"clock.tick","schemaVersion":1,"occurredAt":"2026-04-21T09:00:00Z","data":${'['.repeat(5_000)}${']'.repeat(5_000)}}`,
      tick({ eventId: 'ok' }),
    ];
    const { out, reasons, stats } = await replayed(lines);
    expect(reasons).toEqual([
      'eventId: contains U+0000',
      'eventId: contains a lone surrogate (U+D800)',
      'data.0.0.0.….0.0: nested deeper than 32 levels',
    ]);
    expect(stats).toMatchObject({ accepted: 1, deadLettered: 3 });
    const deadLetters = out.filter((line) => line.includes('"dealer.dead-letter.v1"'));
    expect(deadLetters).toHaveLength(3);
    for (const line of deadLetters) {
      // No raw U+0000 and no lone surrogate in the written line (JSON escapes U+0000; the copy has U+FFFD).
      expect(line).not.toMatch(/[\u0000\ud800-\udfff]|\\ud[89a-f]/i);
      expect(outputEvent.safeParse(JSON.parse(line)).success).toBe(true);
    }
  });

  it("judges occurredAt against the line's receivedAt, with the policy's tolerance; a line without one is taken", async () => {
    const receivedAt = '2026-04-21T09:00:00.000Z';
    const lines = [
      tick({ eventId: 'far', occurredAt: '2099-01-01T00:00:00Z', receivedAt }),
      tick({ eventId: 'hour', occurredAt: '2026-04-21T10:00:00Z', receivedAt }),
      tick({ eventId: 'unjudged', occurredAt: '2099-01-01T00:00:00Z' }),
    ];
    const byDefault = await replayed(lines);
    expect(byDefault.reasons).toEqual([
      `occurredAt: 2099-01-01T00:00:00Z is more than 15 minutes after receivedAt ${receivedAt} (ingest.maxFutureSkewMinutes)`,
      `occurredAt: 2026-04-21T10:00:00Z is more than 15 minutes after receivedAt ${receivedAt} (ingest.maxFutureSkewMinutes)`,
    ]);
    expect(byDefault.stats.accepted).toBe(1);
    const lenient = await replayed(lines, { ingest: { maxFutureSkewMinutes: 60 } });
    expect(lenient.reasons).toHaveLength(1);
    expect(lenient.stats.accepted).toBe(2);
  });
});
