import { Webhook } from 'standardwebhooks';
import { PermanentDeliveryError, RetriableDeliveryError } from '../deliveryErrors';
import type { DeliveryJobOf } from '../deliveryJob';
import type { Channel } from './channel';
import { parseRetryAfter } from './retryAfter';

export interface WebhookChannelOptions {
  /** `whsec_…` used when the dealer has no secret of its own (DEALERFLOW_WEBHOOK_SECRET). */
  defaultSecret?: string | undefined;
  /** The dealer's own `whsec_…` secret from master data, if any. */
  secretFor?: (dealerId: string) => string | undefined | Promise<string | undefined>;
  /** Per attempt, connection to last byte. Default 10 s. */
  timeoutMs?: number;
  /** Clock for webhook-timestamp and HTTP-date Retry-After. Default Date.now. */
  now?: () => number;
  fetch?: typeof fetch;
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
  const send = options.fetch ?? fetch;
  const signers = new Map<string, Webhook>();

  function signerFor(secret: string): Webhook {
    let signer = signers.get(secret);
    if (signer === undefined) {
      signer = new Webhook(secret);
      signers.set(secret, signer);
    }
    return signer;
  }

  return {
    async send(job: DeliveryJobOf<'webhook'>, { signal }) {
      const url = webhookUrl(job.address);
      const secret = (await options.secretFor?.(job.dealerId)) ?? options.defaultSecret;
      if (secret === undefined || secret === '') {
        throw new PermanentDeliveryError('no webhook secret: neither the dealer nor DEALERFLOW_WEBHOOK_SECRET gives one');
      }
      const body = JSON.stringify(job.payload);
      const seconds = Math.floor(now() / 1000);
      const signature = signerFor(secret).sign(job.idempotencyKey, new Date(seconds * 1000), body);

      let response: Response;
      try {
        response = await send(url, {
          method: 'POST',
          body,
          redirect: 'manual',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Dealerflow-Notifier/1',
            'webhook-id': job.idempotencyKey,
            'webhook-timestamp': String(seconds),
            'webhook-signature': signature,
          },
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        });
      } catch (error) {
        throw new RetriableDeliveryError(`webhook not answered: ${describeFetchError(error, signal, timeoutMs)}`, {
          cause: error,
        });
      }
      await response.body?.cancel().catch(() => undefined);

      if (response.status >= 200 && response.status < 300) return;
      if (isRetriableStatus(response.status)) {
        throw new RetriableDeliveryError(`webhook answered HTTP ${response.status}`, {
          retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()),
        });
      }
      throw new PermanentDeliveryError(`webhook answered HTTP ${response.status}`);
    },
  };
}

function webhookUrl(address: string | null): URL {
  if (address === null) throw new PermanentDeliveryError('no webhook URL in the dealer master data');
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

function describeFetchError(error: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return 'attempt cancelled';
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
