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
  /** Only outputs of these types (absent: every type). */
  types?: readonly string[];
  /** Notification outputs (`dealer.notifications.v1`) only when told to this audience (`data.audience`); others pass. */
  notificationAudience?: 'dealer' | 'ops' | 'finance';
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
  /** When the database last answered (RFC 3339), where the probe knows it. */
  lastDatabaseContact?: string;
}

export interface HealthProbe {
  /** Rejects when the database cannot be reached (the embedded runtime's: has not answered for a while). */
  check(): Promise<RuntimeHealth>;
}

/** Thrown by `OutputReader.read` for a cursor it did not issue. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

// ---- notifications (issue 8): what the API reads and changes; the notifier owns the tables ----

/** Master data as the pipeline last saw it. */
export interface DealerDirectory {
  /** The dealer's profile, or undefined when no `dealer.upserted` was seen for it. */
  profile(dealerId: string): Promise<import('@dealerflow/contracts').DealerProfile | undefined>;
}

export interface PreferencesStore {
  /** What the dealer stored, or undefined (the defaults of RULES.md §5 apply). */
  get(dealerId: string): Promise<import('@dealerflow/domain').NotificationPreferences | undefined>;
  /** Replaces the dealer's document (already validated). */
  put(dealerId: string, preferences: import('@dealerflow/domain').NotificationPreferences): Promise<void>;
}

export interface InboxItem {
  notificationId: string;
  dealerId: string;
  audience: 'dealer' | 'ops' | 'finance';
  outputType: string;
  locale: 'en' | 'zh-CN';
  title: string;
  body: string;
  createdAt: string;
}

export interface InboxReader {
  /** Newest first; `before` is a cursor from a previous page. */
  list(query: { dealerId: string; audience?: InboxItem['audience']; limit: number; before?: string }): Promise<{ items: InboxItem[]; nextCursor: string | null }>;
}

export interface NotificationSummary {
  notificationId: string;
  dealerId: string;
  audience: 'dealer' | 'ops' | 'finance';
  channel: 'webhook' | 'email' | 'inApp';
  status: 'pending' | 'held' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  outputType: string;
  createdAt: string;
  updatedAt: string;
}

export interface NotificationAdmin {
  /** Oldest first; `after` is a cursor from a previous page. The failed ones are the notifier's dead-letter list. */
  list(query: { status?: NotificationSummary['status']; dealerId?: string; limit: number; after?: string }): Promise<{ items: NotificationSummary[]; nextCursor: string | null }>;
  /** Puts a failed notification back on its queue (attempts start again). */
  retry(notificationId: string): Promise<'retried' | 'not_found' | 'not_failed'>;
}

// ---- dealers' webhook secrets (issue 18): operators create and rotate them; the notifier owns the table ----

/** What is known of a dealer's webhook secrets; never a secret itself. Times are RFC 3339. */
export interface WebhookSecretSummary {
  dealerId: string;
  /** `own`: its webhooks are signed with its own secret(s); `default`: with DEALERFLOW_WEBHOOK_SECRET. */
  signedWith: 'own' | 'default';
  /** When the current secret was made; null when the dealer has none of its own. */
  createdAt: string | null;
  /** Secrets a rotation replaced that still sign each delivery beside the current one, newest first. */
  previous: { createdAt: string; retiredAt: string; validUntil: string }[];
}

/** A week: a rotation's overlap is for receivers to change their key, not a second key to keep. */
export const MAX_WEBHOOK_SECRET_OVERLAP_SECONDS = 7 * 86_400;

export interface WebhookSecretAdmin {
  describe(dealerId: string): Promise<WebhookSecretSummary>;
  /**
   * Makes the dealer a new secret: its first, or one that replaces the current one, which keeps signing beside it for
   * `overlapSeconds` (default: the notifier's setting). The answer is the only place the new secret is ever given.
   */
  rotate(dealerId: string, options: { overlapSeconds?: number }): Promise<{ secret: string; replaced: boolean; summary: WebhookSecretSummary }>;
  /** Drops every secret of the dealer, at once: its webhooks are signed with the default from then on. */
  remove(dealerId: string): Promise<void>;
}

/** Thrown by `WebhookSecretAdmin.rotate` when no key is set up to seal secrets with (DEALERFLOW_SECRETS_KEY). */
export class SecretsKeyMissingError extends Error {
  override readonly name = 'SecretsKeyMissingError';
}

// ---- credit holds: what finance and ops read before deciding; the credit worker owns the facts ----

type HoldPlacedData = import('@dealerflow/contracts').OutputDataOf<'credit.hold.placed'>;
type HoldReviewData = import('@dealerflow/contracts').OutputDataOf<'credit.review.requested'>;
type HoldReleasedData = import('@dealerflow/contracts').OutputDataOf<'credit.hold.released'>;

/** A hold as the credit topic tells it: the placement's figures and reasons, its review, its release. */
export type CreditHold = HoldPlacedData & {
  dealerId: string;
  status: 'active' | 'released';
  /** `occurredAt` of `credit.hold.placed` (event time). */
  placedAt: string;
  /** From `credit.review.requested`; null until that output is read. */
  review: (Pick<HoldReviewData, 'paymentBehaviour' | 'suggestedAction'> & { score: HoldReviewData['score'] | null }) | null;
  /** From `credit.hold.released` (`releasedAt` is its `occurredAt`); null while active. */
  release: (Omit<HoldReleasedData, 'holdId'> & { releasedAt: string }) | null;
};

export interface CreditHoldReader {
  /** `active`: most urgent first (largest maxDaysPastDue, then largest excess over the limit); `all`: by placedAt. */
  list(query: { status: 'active' | 'all'; dealerId?: string }): Promise<CreditHold[]>;
  get(holdId: string): Promise<CreditHold | undefined>;
}
