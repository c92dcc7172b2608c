import { ReplayFileError, replayFile, type ReplayStats } from '@dealerflow/runtime';
import { parseCommandLine } from '../commandLine/parseCommandLine';
import { replayCommand } from '../commandSpecs';
import { createProgress, type Progress } from '../progress';
import { createDeadLetterLines } from '../replay/deadLetterLines';
import { formatReplaySummary } from '../replay/formatReplaySummary';
import { loadSettings } from '../settings/loadSettings';

const MIB = 2 ** 20;

function describeBytes(done: number, total: number): string {
  return `${(done / MIB).toFixed(1)} of ${(total / MIB).toFixed(1)} MiB read`;
}

/**
 * `dealerflow replay --input F --output F`: progress and the summary on stderr; exit 0 even with
 * dead letters, 2 when F cannot be read or written.
 */
export async function runReplay(args: string[]): Promise<number> {
  const options = parseCommandLine(replayCommand, args);
  const { policies, ingest } = await loadSettings(options.policy);
  const deadLetters = createDeadLetterLines();
  let progress: Progress | undefined;
  let stats: ReplayStats;
  try {
    stats = await replayFile(options.input, options.output, {
      policies,
      ingest,
      onDeadLetter: (line, reason) => deadLetters.add(line, reason),
      onRead: (bytes, total) => {
        progress ??= createProgress({ label: 'replay', total, describe: describeBytes, eta: true });
        progress.update(bytes);
      },
    });
  } catch (error) {
    if (error instanceof ReplayFileError) {
      process.stderr.write(`dealerflow replay: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    progress?.stop();
  }
  process.stderr.write(formatReplaySummary(stats, deadLetters, options));
  return 0;
}
