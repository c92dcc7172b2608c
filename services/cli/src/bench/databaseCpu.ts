import type { EmbeddedRuntime } from '@dealerflow/runtime';
import { processCpuSeconds } from './processCpuSeconds';

/** How often the backends are looked at: a pooled connection may close (idle) between two looks and its last CPU be lost. */
const SAMPLE_MS = 250;

/**
 * Follows the CPU of the PostgreSQL backends serving the runtime's database, read from /proc: where the server runs on
 * this machine (the bench's usual setup), the persistent runtime's CPU on PostgreSQL is its process's and these
 * backends', so its CPU-time ratio to the replay counts the database's work, as PGlite's (in the process) does.
 * `stop()` gives the seconds used since the start, undefined where /proc does not show the backends (a server
 * elsewhere, not Linux).
 */
export async function followDatabaseCpu(runtime: Pick<EmbeddedRuntime, 'prisma'>) {
  const first = await backendsCpu(runtime);
  const last = new Map(first);
  let shown = first !== undefined;
  const look = async () => {
    const now = await backendsCpu(runtime).catch(() => undefined);
    if (now === undefined) shown = false;
    else for (const [pid, cpu] of now) last.set(pid, cpu);
  };
  let looking = Promise.resolve();
  const timer = setInterval(() => {
    looking = looking.then(look);
  }, SAMPLE_MS);
  // A phase that fails before `stop` must still exit.
  timer.unref();
  return {
    async stop(): Promise<number | undefined> {
      clearInterval(timer);
      await looking;
      await look();
      if (!shown || first === undefined) return undefined;
      // A backend that started meanwhile counts from zero (its start is the phase's work too).
      let seconds = 0;
      for (const [pid, cpu] of last) seconds += cpu - (first.get(pid) ?? 0);
      return Math.round(seconds * 100) / 100;
    },
  };
}

async function backendsCpu(runtime: Pick<EmbeddedRuntime, 'prisma'>): Promise<Map<number, number> | undefined> {
  const rows = await runtime.prisma.$queryRawUnsafe<{ pid: number }[]>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    // A backend that ended since the query has no /proc entry: skip it. None readable: /proc does not show the server.
    const seconds = await processCpuSeconds(pid);
    if (seconds !== undefined) cpu.set(pid, seconds);
  }
  return rows.length > 0 && cpu.size === 0 ? undefined : cpu;
}
