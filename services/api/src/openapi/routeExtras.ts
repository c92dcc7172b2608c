/**
 * What a route's zod schemas cannot say: bodies that are not JSON, and the paging header.
 * Keyed by `METHOD url` as Fastify registers the route.
 */
export interface RouteExtras {
  /** Media types of the request body other than `application/json`, each with its schema. */
  requestBodies?: Record<string, object>;
  /** The 200 answer when it is not JSON (the route then declares no response schema). */
  okContent?: { description: string; mediaType: string; schema: object };
  /** The route pages with a `Next-Cursor` header; the text says which parameter takes it back. */
  nextCursor?: string;
  /** When the header is sent; default: when the page is not empty. */
  nextCursorWhen?: string;
}

export const NDJSON = 'application/x-ndjson';

export const routeExtras: Record<string, RouteExtras> = {
  'POST /v1/events': {
    requestBodies: {
      [NDJSON]: {
        type: 'string',
        description: 'one event envelope per line (\\n or \\r\\n); a line that is not a valid envelope is dead-lettered alone',
      },
    },
  },
  'GET /v1/outputs': {
    okContent: {
      description: 'one output envelope per line, in publish order; an empty body is the end for now',
      mediaType: NDJSON,
      schema: { type: 'string' },
    },
    nextCursor: 'pass it as `after` for the next page',
  },
  'GET /v1/dealers/:dealerId/inbox': { nextCursor: 'pass it as `before` for older notifications' },
  'GET /v1/notifications': { nextCursor: 'pass it as `after` for the next page' },
  // The board's lists (issue 9): the header is there only while another page follows.
  ...Object.fromEntries(
    [
      '/v1/dealers',
      '/v1/dealers/:dealerId/timeline',
      '/v1/dealers/:dealerId/deliveries',
      '/v1/stock/alerts',
      '/v1/deliveries',
      '/v1/rebates/statements',
      '/v1/cash-discounts',
      '/v1/credit/decisions',
      '/v1/tier-suggestions',
    ].map((url) => [`GET ${url}`, { nextCursor: 'pass it as `after` for the next page', nextCursorWhen: 'present while another page follows' }]),
  ),
};
