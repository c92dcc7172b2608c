/**
 * What the embedded runtime offers the HTTP API. The API only builds these inputs from requests
 * and turns the results into responses; the runtime owns durability and ordering.
 */

/** One item of an ingest body: a line of NDJSON (text) or an element of a JSON body (value). */
export type IngestItem = { text: string } | { value: unknown };

export interface IngestResult {
  /** Events now durably in the input log (first time seen). */
  accepted: number;
  /** Events whose `eventId` was already in the log: acknowledged, no effect. */
  duplicates: number;
  /** Items durably on the dead-letter topic. */
  deadLettered: number;
  /** Why each dead-lettered item was rejected, by its position in the body (0-based). */
  reasons: { index: number; reason: string }[];
  /** The input log position of the last event this append added (null when it added none). */
  lastSeq: bigint | null;
}

export interface EventLog {
  /** Resolves only once every item is durably in the input log or on the dead-letter topic. */
  append(items: readonly IngestItem[]): Promise<IngestResult>;
}

export interface OutputQuery {
  topic?: string;
  dealerId?: string;
  /** A cursor from a previous page's `nextCursor`; outputs after it. */
  after?: string;
  limit: number;
}

export interface OutputPage {
  /** NDJSON lines (the replay format), in publish order. */
  lines: string[];
  /** Cursor of the last line returned; null when the page is empty. */
  nextCursor: string | null;
}

export interface OutputReader {
  read(query: OutputQuery): Promise<OutputPage>;
}

export interface RuntimeHealth {
  /** The watermark as RFC 3339, or null before the first event. */
  watermark: string | null;
  /** Per worker: input events in the log not yet applied. */
  lag: Record<string, number>;
}

export interface HealthProbe {
  /** Rejects when the database cannot be reached. */
  check(): Promise<RuntimeHealth>;
}

/** Thrown by `OutputReader.read` for a cursor it did not issue. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}
