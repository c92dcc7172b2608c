import { generateStream } from '@dealerflow/testkit';
import { replay } from '../replay';

/**
 * A realistic stream to hold every runtime to the replay: seeded simulation of a few dealers over
 * several weeks (every worker fires), with bad lines and repeated events mixed in.
 */
export function conformanceStream(): string[] {
  const lines = [...generateStream({ dealers: 6, skus: 25, days: 45, seed: 11 })].map((event) => JSON.stringify(event));
  const mixed: string[] = [];
  lines.forEach((line, index) => {
    mixed.push(line);
    if (index % 997 === 500) mixed.push('{"eventId": "half a line');
    if (index % 1499 === 700) mixed.push(JSON.stringify({ eventId: `bad-${index}`, type: 'order.placed', schemaVersion: 1, occurredAt: 'yesterday', dealerId: 'D-0001', data: {} }));
    if (index % 613 === 300) mixed.push(lines[index - 200]!);
  });
  return mixed;
}

export interface SplitOutputs {
  /** Every output of the workers (not a dead letter, not a notification), as its exact line, in publish order. */
  outputs: string[];
  /** The notifier's outputs (`dealer.notifications.v1`); the replay has none. */
  notifications: string[];
  /** Dead letters as (reason, raw) pairs, sorted: their ids and positions depend on how input arrived. */
  deadLetters: string[];
}

export function splitOutputs(lines: readonly string[]): SplitOutputs {
  const outputs: string[] = [];
  const notifications: string[] = [];
  const deadLetters: string[] = [];
  for (const line of lines) {
    const output = JSON.parse(line) as { topic: string; data: { reason: string; raw: unknown } };
    if (output.topic === 'dealer.dead-letter.v1') deadLetters.push(JSON.stringify([output.data.reason, output.data.raw]));
    else if (output.topic === 'dealer.notifications.v1') notifications.push(line);
    else outputs.push(line);
  }
  return { outputs, notifications, deadLetters: deadLetters.sort() };
}

export async function replayOutputs(lines: readonly string[]): Promise<SplitOutputs> {
  const out: string[] = [];
  await replay(lines, (line) => {
    out.push(line);
  });
  return splitOutputs(out);
}
