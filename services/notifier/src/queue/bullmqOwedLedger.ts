import type { Redis } from 'ioredis';

/**
 * Which BullMQ bundle owes each notification: the BullMQ adapter's guard against sending one twice at
 * once, now that one BullMQ job carries many notifications (a jobId per notification can no longer do
 * it). Per channel, one Redis hash `owed`: notificationId → the bundle job that will send it. An entry
 * whose bundle job no longer exists (a crash between claiming and adding, a bundle that failed) counts
 * as not owed, so a restart's re-enqueue takes it over: nothing is lost to a stale entry.
 * What was delivered is not kept here: the caller's record (the database) says it, asked before each
 * send (`stillOwed`). Redis outlives databases (a fresh one, a restore), and a "delivered" it remembered
 * silently dropped what a new database owed.
 * Each operation is one Lua script over all the notifications it concerns: one Redis call per bundle.
 */
export interface OwedLedger {
  /** Claims `ids` for `bundleId`; resolves to which were claimed (in order). Not claimed: owed by a bundle that still exists. */
  claim(bundleId: string, ids: readonly string[]): Promise<boolean[]>;
  /** The bundle each id is owed to now (undefined when none): a bundle sends only what it still owns. */
  owners(ids: readonly string[]): Promise<(string | undefined)[]>;
  /** Records what became of ids: let go (delivered, failed, not owed, or left for a restart), or moved to another bundle. */
  settle(changes: readonly LedgerChange[]): Promise<void>;
}

export type LedgerChange = { id: string; kind: 'released' } | { id: string; kind: 'moved'; bundleId: string };

// KEYS[1] owed hash. ARGV[1] bundle id, ARGV[2] the bundle's job-key prefix, ARGV[3..] ids. Returns 1/0 per id.
const CLAIM = `
local claimed = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  local owner = redis.call('HGET', KEYS[1], id)
  if owner and redis.call('EXISTS', ARGV[2] .. owner) == 1 then
    claimed[#claimed + 1] = 0
  else
    redis.call('HSET', KEYS[1], id, ARGV[1])
    claimed[#claimed + 1] = 1
  end
end
return claimed
`;

// KEYS[1] owed hash. ARGV: pairs of id and the bundle it moves to ('' to let it go).
const SETTLE = `
for i = 1, #ARGV, 2 do
  if ARGV[i + 1] == '' then
    redis.call('HDEL', KEYS[1], ARGV[i])
  else
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
return 0
`;

interface LedgerCommands {
  dealerflowClaimOwed(owed: string, ...args: string[]): Promise<number[]>;
  dealerflowSettleOwed(owed: string, ...args: string[]): Promise<number>;
}

export interface OwedLedgerOptions {
  /** Prefix of this channel's ledger keys, e.g. `dealerflow:<deploymentId>:dealerflow-ledger:webhook`. */
  keyPrefix: string;
  /** Prefix of the channel queue's job keys (`<prefix>:<queue>:`): a bundle exists while its job hash does. */
  jobKeyPrefix: string;
}

export function createOwedLedger(connection: Redis, options: OwedLedgerOptions): OwedLedger {
  // defineCommand is idempotent per name; the scripts are the same for every channel. The names changed with
  // the scripts' arguments, so a process of the version before cannot run these by their old names.
  connection.defineCommand('dealerflowClaimOwed', { numberOfKeys: 1, lua: CLAIM });
  connection.defineCommand('dealerflowSettleOwed', { numberOfKeys: 1, lua: SETTLE });
  const commands = connection as unknown as LedgerCommands;
  const owedKey = `${options.keyPrefix}:owed`;
  return {
    async claim(bundleId, ids) {
      if (ids.length === 0) return [];
      const answer = await commands.dealerflowClaimOwed(owedKey, bundleId, options.jobKeyPrefix, ...ids);
      return answer.map((flag) => flag === 1);
    },
    async owners(ids) {
      if (ids.length === 0) return [];
      const answer = await connection.hmget(owedKey, ...ids);
      return answer.map((owner) => owner ?? undefined);
    },
    async settle(changes) {
      if (changes.length === 0) return;
      const args = changes.flatMap((change) => [change.id, change.kind === 'moved' ? change.bundleId : '']);
      await commands.dealerflowSettleOwed(owedKey, ...args);
    },
  };
}
