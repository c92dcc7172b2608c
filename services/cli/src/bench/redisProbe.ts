import { Redis } from 'ioredis';

/** A short-lived connection that fails fast instead of retrying: the bench only asks one question. */
function connect(redisUrl: string, timeoutMs: number): Redis {
  const client = new Redis(redisUrl, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  return client;
}

/** Whether Redis answers PING at `redisUrl`; the reason when it does not. */
export async function probeRedis(redisUrl: string): Promise<{ reachable: true } | { reachable: false; reason: string }> {
  const protocol = new URL(redisUrl).protocol;
  if (protocol !== 'redis:') return { reachable: false, reason: `only redis:// URLs are supported here, got ${protocol}` };
  const client = connect(redisUrl, 1_000);
  try {
    await client.connect();
    const reply = await client.ping();
    return reply === 'PONG' ? { reachable: true } : { reachable: false, reason: `PING answered ${reply}` };
  } catch (error) {
    return { reachable: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    client.disconnect();
  }
}

/**
 * Deletes every key under `prefix:` in one server-side script (the bench's prefix is its own, so
 * KEYS over it is acceptable); returns how many were deleted.
 */
export async function dropRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  const script = "local n = 0 for _, key in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', key) n = n + 1 end return n";
  const client = connect(redisUrl, 30_000);
  try {
    await client.connect();
    const deleted = await client.eval(script, 0, `${prefix}:*`);
    return typeof deleted === 'number' ? deleted : 0;
  } finally {
    client.disconnect();
  }
}
