import { TOPICS, type Topic } from '@dealerflow/contracts';
import type { ReplayStats } from '@dealerflow/runtime';
import type { DeadLetterLines } from './deadLetterLines';

/** A reason is one line of the summary, not the whole zod report. */
const REASON_LENGTH = 120;

function shortened(reason: string): string {
  const line = reason.replace(/\s+/g, ' ');
  return line.length <= REASON_LENGTH ? line : `${line.slice(0, REASON_LENGTH - 1)}…`;
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function topicRows(stats: ReplayStats): Array<[Topic, number]> {
  const rows = (Object.entries(stats.outputsByTopic) as Array<[Topic, number]>).sort(([a], [b]) => a.localeCompare(b));
  if (stats.deadLettered > 0) rows.push([TOPICS.deadLetter, stats.deadLettered]);
  return rows;
}

/**
 * What a replay did, for the operator: lines read and what became of them, the lines written per
 * topic, and which input lines were dead-lettered and why (the first ones; the rest counted).
 */
export function formatReplaySummary(stats: ReplayStats, deadLetters: DeadLetterLines, files: { input: string; output: string }): string {
  const written = stats.outputs + stats.deadLettered;
  let text =
    `replayed ${counted(stats.lines, 'line')} of ${files.input}: ${counted(stats.accepted, 'event')} applied, ` +
    `${counted(stats.duplicates, 'duplicate')} ignored, ${stats.deadLettered} dead-lettered\n` +
    `wrote ${counted(written, 'line')} to ${files.output}${written > 0 ? ':' : ''}\n`;
  const rows = topicRows(stats);
  const width = Math.max(0, ...rows.map(([topic]) => topic.length));
  for (const [topic, count] of rows) text += `  ${topic.padEnd(width)}  ${String(count).padStart(9)}\n`;
  if (deadLetters.total > 0) {
    text += `dead-lettered lines of ${files.input} (each a dead letter with its reason in ${files.output}):\n`;
    for (const { line, reason } of deadLetters.listed) text += `  line ${line}: ${shortened(reason)}\n`;
    const more = deadLetters.total - deadLetters.listed.length;
    if (more > 0) text += `  and ${more} more\n`;
  }
  return text;
}
