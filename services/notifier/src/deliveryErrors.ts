/**
 * The two ways a send can fail, as error classes because they steer control: a retriable error goes back
 * to the queue with a backoff, a permanent one fails the notification at once (no attempt could succeed).
 */
export class RetriableDeliveryError extends Error {
  override readonly name = 'RetriableDeliveryError';
  readonly retriable = true;
  /** The receiver's own wish (Retry-After): the next attempt waits at least this long. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { retryAfterMs?: number | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
  }
}

export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
  readonly retriable = false;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

export type DeliveryError = RetriableDeliveryError | PermanentDeliveryError;

/**
 * What a handler threw, as a delivery error. Anything unclassified (a bug, a database blip) is retriable:
 * giving up on a message because of our own transient fault would lose it.
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof RetriableDeliveryError || error instanceof PermanentDeliveryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RetriableDeliveryError(message, { cause: error });
}
