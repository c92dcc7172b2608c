export {
  createScratchDatabase,
  DEFAULT_TEST_POSTGRES_URL,
  probePostgres,
  type PostgresProbe,
  type ScratchDatabase,
} from './scratchPostgres';
