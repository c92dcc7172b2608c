/** One entry of an error's `details`: which part of the request, and what is wrong with it. */
export interface ErrorDetail {
  field?: string;
  message: string;
  [extra: string]: unknown;
}

/** The body of every error response (API.md): a stable code, a sentence for a person, details. */
export interface ErrorBody {
  error: string;
  message: string;
  details?: ErrorDetail[];
}

/**
 * An answer the API chose to give. Carries `statusCode` so that Fastify keeps the status even
 * when the error surfaces outside our own handler (a content-type parser, a hook).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}
