import { Mutex } from 'async-mutex';
import type { InputEvent, OutputEvent } from '@dealerflow/contracts';
import type { PrismaClient } from '@dealerflow/db';
import type { RuntimeLogger } from '../embedded/logger';
import { createLogInputFeed, createLogOutputSource } from '../embedded/logSources';
import type { InputFeed } from '../ports/inputFeed';
import type { OutputSource } from '../ports/outputSource';
import type { SourceBatch } from '../ports/sourceConsumer';
import {
  BOARD_INPUT_TYPES,
  BOARD_OUTPUT_TYPES,
  dealersWithCreditOutputs,
  foldBoardBatch,
  type BoardCredit,
  type LoggedInput,
  type LoggedOutput,
} from './foldBoardBatch';
import { writeBoardChanges } from './writeBoardChanges';
import { createPollingLoop } from '../embedded/pollingLoop';

/** The board's consumer name, on the output source and on the input feed. */
export const BOARD_CONSUMER = 'board';

export interface BoardProjectorOptions {
  prisma: PrismaClient;
  logger: RuntimeLogger;
  /** Where the outputs come from (default: `output_log` in `prisma`'s database). */
  outputs?: OutputSource;
  /** Where the inputs the board keeps come from (default: `input_log` in `prisma`'s database). */
  inputs?: InputFeed;
  /** Records read from each source per batch at most (default 5 000). */
  batchSize?: number;
  /** How long an idle projector sleeps when nobody wakes it (default 250 ms). */
  idlePollMs?: number;
}

/**
 * Keeps the dashboards' read models (board_* tables) from the output source and from the two input
 * types they need (the input feed), each read by the board's own consumer. A batch's rows are
 * written in one transaction, then both positions are committed: a crash in between reads the batch
 * again, and writing a batch twice changes nothing (upserts keyed by what they describe, "latest"
 * rows that take only a later position, lists unique by eventId). The board needs no order across
 * dealers or topics: each row it keeps follows one dealer's outputs of one topic. The runner wakes it
 * after each commit.
 */
export function createBoardProjector(options: BoardProjectorOptions) {
  const { prisma } = options;
  const logger = options.logger.child({ component: 'board' });
  const batchSize = options.batchSize ?? 5000;
  const idlePollMs = options.idlePollMs ?? 250;
  const outputs = (options.outputs ?? createLogOutputSource(prisma)).consumer({ name: BOARD_CONSUMER, types: BOARD_OUTPUT_TYPES, batchSize });
  const inputs = (options.inputs ?? createLogInputFeed(prisma)).consumer({ name: BOARD_CONSUMER, types: BOARD_INPUT_TYPES, batchSize });

  async function currentCredit(dealerIds: string[]): Promise<Map<string, BoardCredit>> {
    if (dealerIds.length === 0) return new Map();
    const rows = await prisma.$queryRawUnsafe<{ dealer_id: string; credit_status: BoardCredit['status']; hold_id: string | null; exposure: number | null }[]>(
      `SELECT dealer_id, credit_status, hold_id, exposure FROM board_dealer WHERE dealer_id = ANY($1::text[])`,
      dealerIds,
    );
    return new Map(rows.map((row) => [row.dealer_id, { status: row.credit_status, holdId: row.hold_id, exposure: row.exposure }]));
  }

  // The loop and a caller's `drain` take turns: two batches from the same positions would do the work twice.
  const turn = new Mutex();
  const runBatch = () => turn.runExclusive(projectBatch);

  /** Projects the next batch; returns how many records it read from both sources (0 when caught up). */
  async function projectBatch(): Promise<number> {
    const [outputBatch, inputBatch] = await Promise.all([outputs.read(), inputs.read()]);
    if (outputBatch.read === 0 && inputBatch.read === 0) return 0;
    const logged = loggedOutputs(outputBatch);
    const changes = foldBoardBatch({ inputs: loggedInputs(inputBatch), outputs: logged, credit: await currentCredit(dealersWithCreditOutputs(logged)) });
    await prisma.$transaction((tx) => writeBoardChanges(tx, changes), { timeout: 5 * 60_000, maxWait: 60_000 });
    await outputs.commit(outputBatch.end);
    await inputs.commit(inputBatch.end);
    return outputBatch.read + inputBatch.read;
  }

  const loop = createPollingLoop({
    step: runBatch,
    idlePollMs,
    // Nothing was committed past the positions: the next batch starts there again.
    onFailure: (error, failures) => logger.error({ err: error, failures }, 'board batch failed; retrying from its positions'),
  });

  return {
    /** Projects in the background until `stop`. */
    start: loop.start,
    /** The runner committed: stop sleeping. */
    wake: loop.wake,
    /** Projects until both sources are caught up (tests, the benchmark). */
    async drain(): Promise<void> {
      while ((await runBatch()) > 0) {
        // keep going
      }
    },
    /** Finishes the batch in hand, commits it, and stops. */
    stop: loop.stop,
  };
}

export type BoardProjector = ReturnType<typeof createBoardProjector>;

/** The board folds a record's offset where it kept the log's seq: a later output of the same key has a larger one. */
function loggedOutputs(batch: SourceBatch<OutputEvent>): LoggedOutput[] {
  return batch.records.map((record) => ({ seq: record.offset, output: record.event }));
}

function loggedInputs(batch: SourceBatch<InputEvent>): LoggedInput[] {
  return batch.records.map((record) => ({ seq: record.offset, event: record.event as LoggedInput['event'] }));
}
