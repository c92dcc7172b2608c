import type { SqlClient, SqlSession } from '@dealerflow/db';

/**
 * Wake-ups across processes on one PostgreSQL database. In one process ingest wakes the runner after each
 * commit; a runner in another process would otherwise find new input only at its next idle poll (250 ms). So an
 * `ingest` process tells the database after its commits (`NOTIFY dealerflow_input`), and the process that runs the
 * tasks listens on a connection it holds for the purpose and wakes its runner. A notification that is lost (the
 * listening connection dropped) costs that one poll, no more: the log is what the runner reads. PGlite: nothing to
 * tell (one process).
 */
export const INPUT_CHANNEL = 'dealerflow_input';

/**
 * What ingest calls after a commit that appended: sends the notification in the background, one at a time (appends
 * that come while one is on its way are covered by one more after it), never in the way of the request.
 */
export function createAppendNotifier(sql: SqlClient, onError: (error: unknown) => void): () => void {
  if (sql.kind === 'pglite') return () => {};
  let sending = false;
  let again = false;
  async function send(): Promise<void> {
    sending = true;
    do {
      again = false;
      await sql.query(`SELECT pg_notify($1, '')`, [INPUT_CHANNEL]).catch(onError);
    } while (again);
    sending = false;
  }
  return () => {
    if (sending) again = true;
    else void send();
  };
}

/** Wakes `wake` whenever another process appended; `close` lets the connection go. A failure to listen leaves the runner polling. */
export async function listenForAppends(sql: SqlClient, wake: () => void, onError: (error: unknown) => void): Promise<{ close(): Promise<void> }> {
  if (sql.kind === 'pglite') return { close: async () => {} };
  let session: SqlSession | undefined;
  try {
    session = await sql.session();
    void session.lost.then(onError);
    await session.listen(INPUT_CHANNEL, wake);
  } catch (error) {
    onError(error);
  }
  return { close: async () => session?.release() };
}
