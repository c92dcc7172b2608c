import type { Redis } from 'ioredis';

/**
 * Which BullMQ bundle owes each notification, and which were delivered lately: the BullMQ adapter's
 * de-duplication, now that one BullMQ job carries many notifications (a jobId per notification can no
 * longer do it). Per channel, two Redis keys:
 * - `owed`, a hash notificationId → the bundle job that will send it. An entry whose bundle job no
 *   longer exists (a crash between claiming and adding, a bundle that failed) counts as not owed, so
 *   a restart's re-enqueue takes it over: nothing is lost to a stale entry.
 * - `delivered`, a sorted set notificationId → when; trimmed to the de-duplication window and to
 *   DEDUPE_MAX_ENTRIES, so memory stays bounded in a busy hour.
 * Each operation is one Lua script over all the notifications it concerns: one Redis call per bundle.
 */
export interface OwedLedger {
  /**
   * Claims `ids` for `bundleId`; resolves to which were claimed (in order). Not claimed: delivered
   * within the window, or owed by a bundle that still exists.
   */
  claim(bundleId: string, ids: readonly string[], nowMs: number): Promise<boolean[]>;
  /** The bundle each id is owed to now (undefined when none): a bundle sends only what it still owns. */
  owners(ids: readonly string[]): Promise<(string | undefined)[]>;
  /** Records what became of ids: delivered, let go (failed, or left for a restart), or moved to another bundle. */
  settle(changes: readonly LedgerChange[], nowMs: number): Promise<void>;
}

export type LedgerChange =
  | { id: string; kind: 'delivered' }
  | { id: string; kind: 'released' }
  | { id: string; kind: 'moved'; bundleId: string };

// KEYS[1] owed hash, KEYS[2] delivered zset. ARGV[1] bundle id, ARGV[2] the bundle's job-key prefix,
// ARGV[3] oldest delivery still remembered (ms), ARGV[4..] ids. Returns 1/0 per id.
const CLAIM = `
local claimed = {}
for i = 4, #ARGV do
  local id = ARGV[i]
  local at = redis.call('ZSCORE', KEYS[2], id)
  local free = (not at) or tonumber(at) < tonumber(ARGV[3])
  if free then
    local owner = redis.call('HGET', KEYS[1], id)
    if owner and redis.call('EXISTS', ARGV[2] .. owner) == 1 then free = false end
  end
  if free then
    redis.call('HSET', KEYS[1], id, ARGV[1])
    claimed[#claimed + 1] = 1
  else
    claimed[#claimed + 1] = 0
  end
end
return claimed
`;

// KEYS[1] owed hash, KEYS[2] delivered zset. ARGV[1] now (ms), ARGV[2] oldest remembered (ms),
// ARGV[3] most remembered, then triples: kind (d | r | m), id, bundle id (m only, else '').
const SETTLE = `
for i = 4, #ARGV, 3 do
  local kind, id = ARGV[i], ARGV[i + 1]
  if kind == 'm' then
    redis.call('HSET', KEYS[1], id, ARGV[i + 2])
  else
    redis.call('HDEL', KEYS[1], id)
    if kind == 'd' then redis.call('ZADD', KEYS[2], ARGV[1], id) end
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[3]) + 1))
return 0
`;

interface LedgerCommands {
  dealerflowClaim(owed: string, delivered: string, ...args: string[]): Promise<number[]>;
  dealerflowSettle(owed: string, delivered: string, ...args: string[]): Promise<number>;
}

export interface OwedLedgerOptions {
  /** Prefix of this channel's ledger keys, e.g. `dealerflow:notify-webhook`. */
  keyPrefix: string;
  /** Prefix of the channel queue's job keys (`<prefix>:<queue>:`): a bundle exists while its job hash does. */
  jobKeyPrefix: string;
  windowMs: number;
  maxEntries: number;
}

export function createOwedLedger(connection: Redis, options: OwedLedgerOptions): OwedLedger {
  // defineCommand is idempotent per name; the scripts are the same for every channel.
  connection.defineCommand('dealerflowClaim', { numberOfKeys: 2, lua: CLAIM });
  connection.defineCommand('dealerflowSettle', { numberOfKeys: 2, lua: SETTLE });
  const commands = connection as unknown as LedgerCommands;
  const owedKey = `${options.keyPrefix}:owed`;
  const deliveredKey = `${options.keyPrefix}:delivered`;
  return {
    async claim(bundleId, ids, nowMs) {
      if (ids.length === 0) return [];
      const answer = await commands.dealerflowClaim(owedKey, deliveredKey, bundleId, options.jobKeyPrefix, String(nowMs - options.windowMs), ...ids);
      return answer.map((flag) => flag === 1);
    },
    async owners(ids) {
      if (ids.length === 0) return [];
      const answer = await connection.hmget(owedKey, ...ids);
      return answer.map((owner) => owner ?? undefined);
    },
    async settle(changes, nowMs) {
      if (changes.length === 0) return;
      const args: string[] = [String(nowMs), String(nowMs - options.windowMs), String(options.maxEntries)];
      for (const change of changes) {
        args.push(change.kind === 'delivered' ? 'd' : change.kind === 'released' ? 'r' : 'm', change.id, change.kind === 'moved' ? change.bundleId : '');
      }
      await commands.dealerflowSettle(owedKey, deliveredKey, ...args);
    },
  };
}
