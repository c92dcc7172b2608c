import http from 'node:http';
import https from 'node:https';

export interface PostAnswer {
  status: number;
  retryAfter: string | null;
}

/** One POST: the URL, the exact bytes, the headers, and a signal that cancels the attempt. */
export type PostJson = (url: URL, body: string, headers: Record<string, string>, signal: AbortSignal) => Promise<PostAnswer>;

// Keep-alive connections, many per receiver: the notifier sends thousands of small requests to few hosts.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

/**
 * POSTs JSON with node:http(s) over keep-alive agents. Measured here at several times the rate of
 * the built-in fetch for small webhook requests (docs/performance.md); redirects are not followed.
 * The answer's body is read and dropped so the connection goes back to the pool.
 */
export const postJson: PostJson = (url, body, headers, signal) =>
  new Promise<PostAnswer>((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      {
        method: 'POST',
        agent: url.protocol === 'https:' ? agents['https:'] : agents['http:'],
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal,
      },
      (response) => {
        response.on('error', reject);
        response.on('end', () => {
          const retryAfter = response.headers['retry-after'];
          resolve({ status: response.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : null });
        });
        response.resume();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
