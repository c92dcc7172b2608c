import { connect } from 'node:net';

/** A Redis reply as far as the bench needs one: a status or bulk string, an integer, or nil. */
export type RedisReply = string | number | null;

/** Thrown for an error reply (`-ERR …`), a refused connection or no answer in time. */
export class RedisCommandError extends Error {
  override readonly name = 'RedisCommandError';
}

/**
 * Sends one command to Redis over a fresh connection and returns its reply. The bench only pings
 * Redis and drops its own keys, and the CLI does not depend on ioredis, so it speaks the few RESP
 * replies it needs itself (no arrays, no TLS). The URL's password and database are honoured.
 */
export async function redisCommand(redisUrl: string, command: readonly string[], timeoutMs = 2_000): Promise<RedisReply> {
  const url = new URL(redisUrl);
  if (url.protocol !== 'redis:') throw new RedisCommandError(`only redis:// URLs are supported here, got ${url.protocol}`);
  const commands: string[][] = [];
  const password = decodeURIComponent(url.password);
  if (password !== '') commands.push(url.username === '' ? ['AUTH', password] : ['AUTH', decodeURIComponent(url.username), password]);
  const db = url.pathname.replace(/^\//, '');
  if (db !== '') commands.push(['SELECT', db]);
  commands.push([...command]);

  const socket = connect({ host: url.hostname || '127.0.0.1', port: Number(url.port || 6379) });
  try {
    return await new Promise<RedisReply>((resolve, reject) => {
      let buffer = Buffer.alloc(0);
      const replies: RedisReply[] = [];
      const timer = setTimeout(() => reject(new RedisCommandError(`no answer from ${url.host} within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error instanceof RedisCommandError ? error : new RedisCommandError(error.message, { cause: error }));
      };
      socket.on('error', fail);
      socket.on('connect', () => socket.write(commands.map(encode).join('')));
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        try {
          for (let parsed = parseReply(buffer); parsed !== undefined; parsed = parseReply(buffer)) {
            replies.push(parsed.reply);
            buffer = buffer.subarray(parsed.length);
          }
        } catch (error) {
          return fail(error as Error);
        }
        if (replies.length === commands.length) {
          clearTimeout(timer);
          resolve(replies.at(-1)!);
        }
      });
    });
  } finally {
    socket.destroy();
  }
}

function encode(command: readonly string[]): string {
  return `*${command.length}\r\n${command.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`;
}

/** One complete reply at the start of `buffer` and its length in bytes, or undefined while incomplete. */
function parseReply(buffer: Buffer): { reply: RedisReply; length: number } | undefined {
  const end = buffer.indexOf('\r\n');
  if (end < 0) return undefined;
  const line = buffer.subarray(1, end).toString('utf8');
  switch (String.fromCharCode(buffer[0]!)) {
    case '+':
      return { reply: line, length: end + 2 };
    case '-':
      throw new RedisCommandError(line);
    case ':':
      return { reply: Number(line), length: end + 2 };
    case '$': {
      const size = Number(line);
      if (size < 0) return { reply: null, length: end + 2 };
      if (buffer.length < end + 2 + size + 2) return undefined;
      return { reply: buffer.subarray(end + 2, end + 2 + size).toString('utf8'), length: end + 2 + size + 2 };
    }
    default:
      throw new RedisCommandError(`unexpected reply ${JSON.stringify(buffer.subarray(0, Math.min(40, buffer.length)).toString('utf8'))}`);
  }
}

/** Whether Redis answers PING at `redisUrl`; the reason when it does not. */
export async function probeRedis(redisUrl: string): Promise<{ reachable: true } | { reachable: false; reason: string }> {
  try {
    const reply = await redisCommand(redisUrl, ['PING'], 1_000);
    return reply === 'PONG' ? { reachable: true } : { reachable: false, reason: `PING answered ${String(reply)}` };
  } catch (error) {
    return { reachable: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Deletes every key under `prefix:` in one server-side script (the bench's prefix is its own, so
 * KEYS over it is acceptable); returns how many were deleted.
 */
export async function dropRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  const script = "local n = 0 for _, key in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', key) n = n + 1 end return n";
  const reply = await redisCommand(redisUrl, ['EVAL', script, '0', `${prefix}:*`], 30_000);
  return typeof reply === 'number' ? reply : 0;
}
