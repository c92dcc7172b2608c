import http from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { createAttemptWatch } from './attemptWatch';

export interface PostAnswer {
  status: number;
  retryAfter: string | null;
}

export interface PostAttempt {
  /** Cancels the attempt (the queue is closing). */
  signal: AbortSignal;
  /** From the request's start to the answer's last byte. */
  timeoutMs: number;
}

/** One POST: the URL, the exact bytes, the headers (content-length is added), and the attempt's limits. */
export type PostJson = (url: URL, body: string, headers: Record<string, string>, attempt: PostAttempt) => Promise<PostAnswer>;

/** Why a POST was given up before its answer: its time ran out, or its signal cancelled it. */
export class PostStoppedError extends Error {
  override readonly name = 'PostStoppedError';
  constructor(readonly reason: 'timeout' | 'cancelled') {
    super(reason === 'timeout' ? 'no answer in time' : 'attempt cancelled');
  }
}

// Keep-alive connections, many per receiver: the notifier sends thousands of small requests to few hosts.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

/** A timeout or a cancellation takes effect up to this late (see createAttemptWatch). */
const WATCH_TICK_MS = 25;
const watch = createAttemptWatch(WATCH_TICK_MS);

/** Request options per URL object: the channel hands the same URL object for the same address. */
const targets = new WeakMap<URL, http.RequestOptions>();

function targetOf(url: URL): http.RequestOptions {
  let target = targets.get(url);
  if (target === undefined) {
    target = { ...urlToHttpOptions(url), method: 'POST', agent: url.protocol === 'https:' ? agents['https:'] : agents['http:'] };
    targets.set(url, target);
  }
  return target;
}

/**
 * POSTs JSON with node:http(s) over keep-alive agents: several times the rate of the built-in
 * fetch for small webhook requests (docs/performance.md). Redirects are not followed. The answer's
 * body is read and dropped so the connection goes back to the pool. The timeout and the signal are
 * watched by one shared sweep rather than a timer and a listener per request.
 */
export const postJson: PostJson = (url, body, headers, attempt) =>
  new Promise<PostAnswer>((resolve, reject) => {
    if (attempt.signal.aborted) return reject(new PostStoppedError('cancelled'));
    const client = url.protocol === 'https:' ? https : http;
    headers['content-length'] = String(Buffer.byteLength(body));
    const request = client.request({ ...targetOf(url), headers }, (response) => {
      response.on('error', fail);
      response.on('end', () => {
        watch.delete(watched);
        const retryAfter = response.headers['retry-after'];
        resolve({ status: response.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : null });
      });
      response.resume();
    });
    const watched = {
      deadline: performance.now() + attempt.timeoutMs,
      signal: attempt.signal,
      stop: (reason: 'timeout' | 'cancelled') => request.destroy(new PostStoppedError(reason)),
    };
    function fail(error: Error): void {
      watch.delete(watched);
      reject(error);
    }
    watch.add(watched);
    request.on('error', fail);
    request.end(body);
  });
