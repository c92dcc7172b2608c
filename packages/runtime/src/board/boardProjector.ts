import { Mutex } from 'async-mutex';
import type { OutputEvent } from '@dealerflow/contracts';
import type { PrismaClient } from '@dealerflow/db';
import type { RuntimeLogger } from '../embedded/logger';
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

export interface BoardProjectorOptions {
  prisma: PrismaClient;
  logger: RuntimeLogger;
  /** Rows read from each log per transaction at most (default 5 000). */
  batchSize?: number;
  /** How long an idle projector sleeps when nobody wakes it (default 250 ms). */
  idlePollMs?: number;
}

/**
 * Keeps the dashboards' read models (board_* tables) from the output log and from the two input
 * types they need, each from its own checkpoint. A batch's view rows and both checkpoints are
 * written in one transaction: a crash leaves all of a batch or none of it, and the next start
 * resumes from the checkpoints, so nothing is projected twice or skipped. Every write to the logs
 * is serialized by the runtime (commit order = `seq` order), so "seq after the checkpoint" never
 * passes over a row that commits later. The runner wakes it after each commit.
 */
export function createBoardProjector(options: BoardProjectorOptions) {
  const { prisma } = options;
  const logger = options.logger.child({ component: 'board' });
  const batchSize = options.batchSize ?? 5000;
  const idlePollMs = options.idlePollMs ?? 250;

  async function checkpoints(): Promise<{ outputSeq: bigint; inputSeq: bigint }> {
    const rows = await prisma.$queryRawUnsafe<{ log: string; seq: bigint }[]>(`SELECT log, seq FROM board_checkpoint`);
    const seqOf = (log: string) => rows.find((row) => row.log === log)?.seq ?? 0n;
    return { outputSeq: seqOf('output_log'), inputSeq: seqOf('input_log') };
  }

  async function readOutputs(after: bigint): Promise<{ outputs: LoggedOutput[]; lastSeq: bigint; read: number } | undefined> {
    // Every row moves the checkpoint, but only the lines the board keeps are sent over.
    const rows = await prisma.$queryRawUnsafe<{ seq: bigint; line: string | null }[]>(
      `SELECT seq, CASE WHEN type = ANY($3::text[]) THEN line END AS line
         FROM output_log WHERE seq > $1::bigint ORDER BY seq LIMIT $2::int`,
      String(after),
      batchSize,
      [...BOARD_OUTPUT_TYPES],
    );
    const last = rows[rows.length - 1];
    if (!last) return undefined;
    const outputs: LoggedOutput[] = [];
    for (const row of rows) {
      if (row.line !== null) outputs.push({ seq: row.seq, output: JSON.parse(row.line) as OutputEvent });
    }
    return { outputs, lastSeq: last.seq, read: rows.length };
  }

  async function readInputs(after: bigint): Promise<LoggedInput[]> {
    const rows = await prisma.$queryRawUnsafe<{ seq: bigint; body: string }[]>(
      `SELECT seq, body FROM input_log WHERE type = ANY($3::text[]) AND seq > $1::bigint ORDER BY seq LIMIT $2::int`,
      String(after),
      batchSize,
      [...BOARD_INPUT_TYPES],
    );
    return rows.map((row) => ({ seq: row.seq, event: JSON.parse(row.body) as LoggedInput['event'] }));
  }

  async function currentCredit(dealerIds: string[]): Promise<Map<string, BoardCredit>> {
    if (dealerIds.length === 0) return new Map();
    const rows = await prisma.$queryRawUnsafe<{ dealer_id: string; credit_status: BoardCredit['status']; hold_id: string | null; exposure: number | null }[]>(
      `SELECT dealer_id, credit_status, hold_id, exposure FROM board_dealer WHERE dealer_id = ANY($1::text[])`,
      dealerIds,
    );
    return new Map(rows.map((row) => [row.dealer_id, { status: row.credit_status, holdId: row.hold_id, exposure: row.exposure }]));
  }

  // The loop and a caller's `drain` take turns: two batches from one checkpoint would do the work twice.
  const turn = new Mutex();
  const runBatch = () => turn.runExclusive(projectBatch);

  /** Projects the next batch; returns how many log rows it read (0 when caught up). */
  async function projectBatch(): Promise<number> {
    const from = await checkpoints();
    const [outputBatch, inputs] = await Promise.all([readOutputs(from.outputSeq), readInputs(from.inputSeq)]);
    if (!outputBatch && inputs.length === 0) return 0;
    const outputs = outputBatch?.outputs ?? [];
    const changes = foldBoardBatch({ inputs, outputs, credit: await currentCredit(dealersWithCreditOutputs(outputs)) });
    const to = { outputSeq: outputBatch?.lastSeq ?? from.outputSeq, inputSeq: inputs[inputs.length - 1]?.seq ?? from.inputSeq };
    await prisma.$transaction((tx) => writeBoardChanges(tx, changes, to), { timeout: 5 * 60_000, maxWait: 60_000 });
    return (outputBatch?.read ?? 0) + inputs.length;
  }

  const loop = createPollingLoop({
    step: runBatch,
    idlePollMs,
    // The transaction rolled back; the checkpoints in the database say where to go on from.
    onFailure: (error, failures) => logger.error({ err: error, failures }, 'board batch failed; retrying from its checkpoints'),
  });

  return {
    /** Projects in the background until `stop`. */
    start: loop.start,
    /** The runner committed: stop sleeping. */
    wake: loop.wake,
    /** Projects until both logs are caught up (tests, the benchmark). */
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
