import { PermanentDeliveryError, RetriableDeliveryError } from '../deliveryErrors';
import type { DeliveryJobOf } from '../deliveryJob';
import type { Channel } from './channel';
import { postJson, PostStoppedError, type PostAnswer, type PostJson } from './postJson';
import { parseRetryAfter } from './retryAfter';
import { createWebhookSigner } from './signWebhook';

export interface WebhookChannelOptions {
  /** `whsec_…` used when the dealer has no secret of its own (DEALERFLOW_WEBHOOK_SECRET). */
  defaultSecret?: string | undefined;
  /**
   * The dealer's own `whsec_…` secrets, current first (more than one while a rotation's overlap lasts), or
   * undefined/empty when it has none. Looked up at every attempt, so a rotation applies to the next one.
   */
  secretsFor?: (dealerId: string) => readonly string[] | undefined | Promise<readonly string[] | undefined>;
  /** Per attempt, connection to last byte. Default 10 s. */
  timeoutMs?: number;
  /** Clock for webhook-timestamp and HTTP-date Retry-After. Default Date.now. */
  now?: () => number;
  /** How a request is sent; node:http(s) over keep-alive agents by default. */
  post?: PostJson;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** Statuses worth another attempt: the receiver is busy, slow or broken for now. */
function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500 || (status >= 300 && status < 400);
}

/**
 * POSTs API.md's webhook body, signed the Standard Webhooks way over the exact bytes sent. webhook-id is the
 * idempotency key, the same on every attempt, so a receiver that saw it already can drop the repeat;
 * webhook-timestamp is each attempt's own (receivers reject stale ones), hence a fresh signature per attempt.
 */
export function createWebhookChannel(options: WebhookChannelOptions): Channel<'webhook'> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const post = options.post ?? postJson;
  const urls = createUrlCache();
  const signers = createSignerCache();
  async function signingSecretsOf(job: DeliveryJobOf<'webhook'>): Promise<readonly string[]> {
    // The dealer's key is for what is sent to the dealer: a staff message about it is not the dealer's to verify.
    const own = job.audience === 'dealer' ? await options.secretsFor?.(job.dealerId) : undefined;
    if (own !== undefined && own.length > 0) return own;
    if (options.defaultSecret === undefined || options.defaultSecret === '') {
      throw new PermanentDeliveryError('no webhook secret: neither the dealer nor DEALERFLOW_WEBHOOK_SECRET gives one');
    }
    return [options.defaultSecret];
  }
  return {
    async send(job: DeliveryJobOf<'webhook'>, { signal }) {
      const url = urls.of(job.address);
      const secrets = await signingSecretsOf(job);
      const body = JSON.stringify(job.payload);
      const seconds = Math.floor(now() / 1000);
      // Standard Webhooks: space-separated signatures; a receiver accepts the message if any one verifies.
      const signature = secrets.map((secret) => signers.of(secret)(job.idempotencyKey, seconds, body)).join(' ');

      let answer: PostAnswer;
      try {
        answer = await post(
          url,
          body,
          {
            'content-type': 'application/json',
            'user-agent': 'Dealerflow-Notifier/1',
            'webhook-id': job.idempotencyKey,
            'webhook-timestamp': String(seconds),
            'webhook-signature': signature,
          },
          { signal, timeoutMs },
        );
      } catch (error) {
        throw new RetriableDeliveryError(`webhook not answered: ${describeSendError(error, signal, timeoutMs)}`, {
          cause: error,
        });
      }
      if (answer.status >= 200 && answer.status < 300) return;
      if (isRetriableStatus(answer.status)) {
        throw new RetriableDeliveryError(`webhook answered HTTP ${answer.status}`, {
          retryAfterMs: parseRetryAfter(answer.retryAfter, now()),
        });
      }
      throw new PermanentDeliveryError(`webhook answered HTTP ${answer.status}`);
    },
  };
}

/** A signer per secret (its key decoded once); bounded, since every dealer and rotation adds one. */
function createSignerCache(limit = 10_000) {
  const signers = new Map<string, ReturnType<typeof createWebhookSigner>>();
  return {
    of(secret: string) {
      let signer = signers.get(secret);
      if (signer === undefined) {
        signer = createWebhookSigner(secret);
        if (signers.size >= limit) signers.clear();
        signers.set(secret, signer);
      }
      return signer;
    },
  };
}

/**
 * Dealers' webhook URLs, parsed and checked once each: the same few addresses recur for every job,
 * and postJson keeps its request options per URL object. Bounded, since addresses come from master data.
 */
function createUrlCache(limit = 10_000) {
  const parsed = new Map<string, URL>();
  return {
    of(address: string | null): URL {
      if (address === null) throw new PermanentDeliveryError('no webhook URL in the dealer master data');
      let url = parsed.get(address);
      if (url === undefined) {
        url = webhookUrl(address);
        if (parsed.size >= limit) parsed.clear();
        parsed.set(address, url);
      }
      return url;
    },
  };
}

function webhookUrl(address: string): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch (error) {
    throw new PermanentDeliveryError(`webhook URL is not a URL: ${address}`, { cause: error });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PermanentDeliveryError(`webhook URL is not http(s): ${address}`);
  }
  return url;
}

function describeSendError(error: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted || (error instanceof PostStoppedError && error.reason === 'cancelled')) return 'attempt cancelled';
  if (error instanceof PostStoppedError) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
