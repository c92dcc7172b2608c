import { afterAll } from 'vitest';
import { INPUT_TOPIC, type InputEvent, type OutputEvent } from '@dealerflow/contracts';
import { openDatabase, type Database } from '@dealerflow/db';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { requireServer } from '@dealerflow/testkit/testing';
import { createLogInputFeed, createLogOutputSource, createMemoryInputFeed, createMemoryOutputSource, insertOutputs } from '../src';
import { inputFeedSuite, outputSourceSuite, type SourceAdapter } from '../src/testing';

// The output source and input feed ports' conformance suites, on every adapter: in memory (one partition, and three:
// a dealer's records in its own partition, as on Kafka), PGlite, and PostgreSQL (DATABASE_URL when set, else the
// local server; when it does not answer, the file fails under CI and the PostgreSQL half is skipped elsewhere). Each
// backend is one database, emptied before each test.
const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const postgresSkip = requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres);
const opened: Database[] = [];
const scratch: ScratchDatabase[] = [];
afterAll(async () => {
  await Promise.all(opened.map((database) => database.close()));
  await Promise.all(scratch.map((database) => database.drop()));
});

/** One database per backend, opened at its first test and emptied before each. */
function databaseOf(open: () => Promise<Database>): () => Promise<Database> {
  let database: Promise<Database> | undefined;
  return async () => {
    database ??= open().then((db) => (opened.push(db), db));
    const db = await database;
    await db.prisma.$executeRawUnsafe(`TRUNCATE output_log, input_log, consumer_position RESTART IDENTITY`);
    return db;
  };
}

const pglite = databaseOf(() => openDatabase());
const server = databaseOf(async () => {
  const database = await createScratchDatabase(postgres.serverUrl);
  scratch.push(database);
  return openDatabase({ databaseUrl: database.url });
});
const databases = [
  { name: 'PGlite', skip: false as string | false, open: pglite },
  { name: `PostgreSQL at ${postgres.serverUrl}`, skip: postgresSkip, open: server },
];

async function appendInputs(database: Database, events: readonly InputEvent[]): Promise<void> {
  await database.prisma.$executeRawUnsafe(
    `INSERT INTO input_log (event_id, type, topic, dealer_id, occurred_at, body)
       SELECT e, t, tp, d, o::timestamptz, b FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       WITH ORDINALITY AS x(e, t, tp, d, o, b, ord) ORDER BY ord`,
    events.map((event) => event.eventId),
    events.map((event) => event.type),
    events.map((event) => INPUT_TOPIC[event.type]),
    events.map((event) => ('dealerId' in event ? event.dealerId : null)),
    events.map((event) => event.occurredAt),
    events.map((event) => JSON.stringify(event)),
  );
}

const outputAdapters: SourceAdapter<OutputEvent>[] = [
  ...[1, 3].map((partitions) => ({
    name: `in memory, ${partitions} partition${partitions > 1 ? 's' : ''} per topic`,
    skip: false as const,
    async open() {
      const source = createMemoryOutputSource({ partitions });
      return { source, publish: async (outputs: readonly OutputEvent[]) => source.publish(outputs) };
    },
  })),
  ...databases.map((backend) => ({
    name: `${backend.name}, over output_log`,
    skip: backend.skip,
    async open() {
      const database = await backend.open();
      return { source: createLogOutputSource(database.prisma), publish: (outputs: readonly OutputEvent[]) => insertOutputs(database.prisma, outputs) };
    },
  })),
];

const inputAdapters: SourceAdapter<InputEvent>[] = [
  ...[1, 3].map((partitions) => ({
    name: `in memory, ${partitions} partition${partitions > 1 ? 's' : ''} per topic`,
    skip: false as const,
    async open() {
      const feed = createMemoryInputFeed({ partitions });
      return { source: feed, publish: async (events: readonly InputEvent[]) => feed.publish(events) };
    },
  })),
  ...databases.map((backend) => ({
    name: `${backend.name}, over input_log`,
    skip: backend.skip,
    async open() {
      const database = await backend.open();
      return { source: createLogInputFeed(database.prisma), publish: (events: readonly InputEvent[]) => appendInputs(database, events) };
    },
  })),
];

outputSourceSuite(outputAdapters);
inputFeedSuite(inputAdapters);
