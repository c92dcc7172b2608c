import type { PrismaClient } from '@dealerflow/db';

// ---- dashboard sessions (issue 18): people signed in to the dashboards, kept server side ----

/** A signed-in browser as stored: never the session id itself, never the token it signed in with. */
export interface StoredSession {
  /** Ties the session to the token signed in with, without storing anything a token could be guessed from (see the API). */
  tokenBinding: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The absolute end, however active the session is. */
  expiresAt: Date;
}

/**
 * Where the dashboards keep sessions. Keyed by a hash of the session id, so a copy of the store
 * opens nothing; whether a session is still valid (idle, absolute end, token still listed) is the
 * API's decision, the store only keeps and forgets. Adapters: PostgreSQL/PGlite (here, survives
 * restarts and serves several API processes) and the API's in-memory default (one process).
 */
export interface SessionStore {
  create(idHash: string, session: StoredSession): Promise<void>;
  find(idHash: string): Promise<StoredSession | undefined>;
  /** Records activity; a session already ended stays ended. */
  touch(idHash: string, lastSeenAt: Date): Promise<void>;
  /** Ends a session (sign-out, expiry); ending one that is gone is no error. */
  revoke(idHash: string): Promise<void>;
  /** Forgets sessions past `expiresAt` at `now`, or last seen before `idleSince`; answers how many. */
  purgeExpired(now: Date, idleSince: Date): Promise<number>;
}

interface SessionRow {
  token_binding: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

/** Sessions in the `dashboard_session` table (migration `20260419000000_dashboard_sessions`). */
export function createSessionStore(prisma: PrismaClient): SessionStore {
  return {
    async create(idHash, session) {
      await prisma.$executeRawUnsafe(
        `INSERT INTO dashboard_session (id_hash, token_binding, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3::timestamptz, $4::timestamptz, $5::timestamptz)`,
        idHash,
        session.tokenBinding,
        session.createdAt.toISOString(),
        session.lastSeenAt.toISOString(),
        session.expiresAt.toISOString(),
      );
    },
    async find(idHash) {
      const rows = await prisma.$queryRawUnsafe<SessionRow[]>(
        `SELECT token_binding, created_at, last_seen_at, expires_at FROM dashboard_session WHERE id_hash = $1`,
        idHash,
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        tokenBinding: row.token_binding,
        createdAt: new Date(row.created_at),
        lastSeenAt: new Date(row.last_seen_at),
        expiresAt: new Date(row.expires_at),
      };
    },
    async touch(idHash, lastSeenAt) {
      // GREATEST: two requests of one browser answered out of order never move the activity back.
      await prisma.$executeRawUnsafe(
        `UPDATE dashboard_session SET last_seen_at = GREATEST(last_seen_at, $2::timestamptz) WHERE id_hash = $1`,
        idHash,
        lastSeenAt.toISOString(),
      );
    },
    async revoke(idHash) {
      await prisma.$executeRawUnsafe(`DELETE FROM dashboard_session WHERE id_hash = $1`, idHash);
    },
    async purgeExpired(now, idleSince) {
      return prisma.$executeRawUnsafe(
        `DELETE FROM dashboard_session WHERE expires_at <= $1::timestamptz OR last_seen_at < $2::timestamptz`,
        now.toISOString(),
        idleSince.toISOString(),
      );
    },
  };
}
