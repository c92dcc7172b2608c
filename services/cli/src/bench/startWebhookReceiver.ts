import { spawn } from 'node:child_process';

/** What the receiver saw: requests answered, how many failed the signature check, how many repeated a webhook-id. */
export interface ReceiverCounts {
  requests: number;
  badSignatures: number;
  duplicates: number;
}

export interface WebhookReceiver {
  url: string;
  counts(): Promise<ReceiverCounts>;
  /** CPU the receiver process has used so far (user + system), µs: what the dealer's side costs per request. */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The dealer's side, in plain JavaScript for a child process: node:http on loopback, keep-alive,
 * every request verified the Standard Webhooks way (HMAC-SHA256 of `id.timestamp.body` with the
 * secret's bytes) and answered 204. It runs in its own process so its HTTP parsing and hashing do
 * not share the notifier's thread or count in the phase's peak RSS.
 */
const RECEIVER_SCRIPT = String.raw`
const { createServer } = require('node:http');
const { createHmac, timingSafeEqual } = require('node:crypto');
const key = Buffer.from(process.env.BENCH_WEBHOOK_SECRET.slice('whsec_'.length), 'base64');
const seen = new Set();
const counts = { requests: 0, badSignatures: 0, duplicates: 0 };
const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    const id = String(request.headers['webhook-id']);
    const expected = createHmac('sha256', key).update(id + '.' + request.headers['webhook-timestamp'] + '.').update(body).digest();
    const given = String(request.headers['webhook-signature'] || '').split(' ').map((part) => Buffer.from(part.replace(/^v1,/, ''), 'base64'));
    counts.requests += 1;
    if (!given.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected))) counts.badSignatures += 1;
    if (seen.has(id)) counts.duplicates += 1;
    seen.add(id);
    response.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (message) => {
  if (message === 'counts') process.send({ counts });
  if (message === 'cpu') { const used = process.cpuUsage(); process.send({ cpuMicros: used.user + used.system }); }
  if (message === 'close') server.close(() => process.exit(0)), server.closeAllConnections();
});
`;

/** Starts the loopback receiver in a child process and resolves once it listens. */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const child = spawn(process.execPath, ['-e', RECEIVER_SCRIPT], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_WEBHOOK_SECRET: secret },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const nextMessage = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (!(key in message)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message[key] as T);
      };
      const onExit = (code: number | null) => reject(new Error(`webhook receiver exited (code ${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const port = await nextMessage<number>('port');
  return {
    url: `http://127.0.0.1:${port}/dealerflow/webhook`,
    counts() {
      const answer = nextMessage<ReceiverCounts>('counts');
      child.send('counts');
      return answer;
    },
    cpuMicros() {
      const answer = nextMessage<number>('cpuMicros');
      child.send('cpu');
      return answer;
    },
    async close() {
      if (child.exitCode === null) child.send('close');
      await exited;
    },
  };
}
