import type { InputEvent, InputType } from '@dealerflow/contracts';
import type { Page, TimelineEntry } from '../embedded/boardPorts';

export interface TimelineQuery {
  dealerId: string;
  limit: number;
  /** A cursor: the page after it. */
  after?: string;
  /** A cursor, or `'end'` (the newest page): the page before it. */
  before?: string;
  /** An RFC 3339 instant (without a cursor): the page that ends there, inclusive. */
  until?: string;
}

/**
 * The dealer history port: one dealer's past as the logs hold it — its inputs and the outputs about
 * it in event time (the dashboards' timeline), and its inputs of some types (the exposure chart,
 * folded by the domain).
 *
 * Why it exists: a consumer port (the output source, the input feed) hands out what comes next; a
 * page of one dealer's history by event time is a question to the store that keeps the logs, and
 * answering it from a copy of every input and output in a read model of its own would double what
 * the logs store. So the board asks this port, and the SQL stays in the log's adapter
 * (`createLogDealerHistory`, over `input_log` and `output_log` by their `(dealer_id, occurred_at,
 * seq)` indexes); a deployment whose logs are elsewhere gives the board another adapter.
 *
 * Cursors are the adapter's own, opaque; one it did not issue is refused with InvalidCursorError.
 */
export interface DealerHistory {
  /**
   * The dealer's inputs and outputs by `occurredAt`, then inputs before outputs, then log order;
   * oldest first within a page (see DealerBoard.timeline for paging).
   */
  timeline(query: TimelineQuery): Promise<Page<TimelineEntry>>;
  /** The dealer's accepted inputs of these types, in the order they were accepted. */
  inputs<T extends InputType>(dealerId: string, types: readonly T[]): Promise<Extract<InputEvent, { type: T }>[]>;
}
