import type { SessionStore, StoredSession } from '@dealerflow/runtime';

/**
 * Sessions in this process's memory: the default when `createServer` is given no store (tests, a
 * single process). Lost at a restart (everyone signs in again) and unknown to other processes;
 * `dealerflow start` gives the database's store instead.
 */
export function createMemorySessionStore(): SessionStore {
  const sessions = new Map<string, StoredSession>();
  return {
    async create(idHash, session) {
      if (sessions.has(idHash)) throw new Error('a session with this id already exists');
      sessions.set(idHash, { ...session });
    },
    async find(idHash) {
      const session = sessions.get(idHash);
      return session === undefined ? undefined : { ...session };
    },
    async touch(idHash, lastSeenAt) {
      const session = sessions.get(idHash);
      if (session !== undefined && lastSeenAt > session.lastSeenAt) session.lastSeenAt = lastSeenAt;
    },
    async revoke(idHash) {
      sessions.delete(idHash);
    },
    async purgeExpired(now, idleSince) {
      let purged = 0;
      for (const [idHash, session] of sessions) {
        if (session.expiresAt <= now || session.lastSeenAt < idleSince) {
          sessions.delete(idHash);
          purged += 1;
        }
      }
      return purged;
    },
  };
}
