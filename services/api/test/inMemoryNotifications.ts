import type { DealerProfile } from '@dealerflow/contracts';
import type { NotificationPreferences, NotifyPolicy } from '@dealerflow/domain';
import {
  InvalidCursorError,
  type DealerDirectory,
  type InboxItem,
  type InboxReader,
  type NotificationAdmin,
  type NotificationSummary,
  type PreferencesStore,
} from '@dealerflow/runtime';
import pino from 'pino';
import { createServer, parseTokens } from '../src';
import { createInMemoryEventLog, createInMemoryHealth, createInMemoryOutputReader, TOKEN_SPEC } from './inMemoryRuntime';

/**
 * In-memory implementations of the notification ports (issue 8). Cursors are `n<i>`, i the index
 * of the last item returned in the port's own order; anything else is refused as the real ports do.
 * `failWith` makes every call reject, as an unreachable database would.
 */
export function createInMemoryNotifications(seed: {
  profiles?: Record<string, DealerProfile>;
  inbox?: InboxItem[];
  notifications?: NotificationSummary[];
}) {
  const profiles = new Map(Object.entries(seed.profiles ?? {}));
  const stored = new Map<string, NotificationPreferences>();
  const rows = (seed.notifications ?? []).map((row) => ({ ...row }));
  const calls: string[] = [];
  let failure: Error | undefined;
  const guard = (call: string) => {
    calls.push(call);
    if (failure) throw failure;
  };

  const directory: DealerDirectory = {
    async profile(dealerId) {
      guard(`profile ${dealerId}`);
      return profiles.get(dealerId);
    },
  };

  const preferences: PreferencesStore = {
    async get(dealerId) {
      guard(`get ${dealerId}`);
      return stored.get(dealerId);
    },
    async put(dealerId, document) {
      guard(`put ${dealerId}`);
      stored.set(dealerId, document);
    },
  };

  const inbox: InboxReader = {
    async list(query) {
      guard(`inbox ${query.dealerId}`);
      const newestFirst = (seed.inbox ?? [])
        .filter((item) => item.dealerId === query.dealerId && (query.audience === undefined || item.audience === query.audience))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return page(newestFirst, query.limit, query.before);
    },
  };

  const notifications: NotificationAdmin = {
    async list(query) {
      guard('list');
      const oldestFirst = rows
        .filter((row) => (query.status === undefined || row.status === query.status) && (query.dealerId === undefined || row.dealerId === query.dealerId))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      return page(oldestFirst, query.limit, query.after);
    },
    async retry(notificationId) {
      guard(`retry ${notificationId}`);
      const row = rows.find((candidate) => candidate.notificationId === notificationId);
      if (row === undefined) return 'not_found';
      if (row.status !== 'failed') return 'not_failed';
      row.status = 'pending';
      row.attempts = 0;
      return 'retried';
    },
  };

  return {
    directory,
    preferences,
    inbox,
    notifications,
    stored,
    rows,
    calls,
    failWith(error: Error | undefined) {
      failure = error;
    },
  };
}

function page<T>(items: T[], limit: number, cursor: string | undefined): { items: T[]; nextCursor: string | null } {
  let start = 0;
  if (cursor !== undefined) {
    const match = /^n(\d+)$/.exec(cursor);
    if (!match) throw new InvalidCursorError(`unknown cursor ${cursor}`);
    start = Number(match[1]) + 1;
  }
  const taken = items.slice(start, start + limit);
  return { items: taken, nextCursor: taken.length === 0 ? null : `n${start + taken.length - 1}` };
}

export function dealerProfile(name: string, overrides: Partial<DealerProfile> = {}): DealerProfile {
  return {
    name,
    tier: 'B',
    region: 'East',
    locale: 'en',
    timezone: 'UTC',
    currency: 'CNY',
    creditLimit: 100_000,
    paymentTerms: { netDays: 30 },
    leadTimeDays: 7,
    ...overrides,
  };
}

/** A server with every port, the notification ones in memory, and the log captured. */
export function createNotificationTestServer(
  seed: Parameters<typeof createInMemoryNotifications>[0] = {},
  options: { notifyPolicy?: NotifyPolicy } = {},
) {
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const ports = createInMemoryNotifications(seed);
  const app = createServer({
    eventLog: createInMemoryEventLog().eventLog,
    outputs: createInMemoryOutputReader([]).reader,
    health: createInMemoryHealth({ watermark: null, lag: {} }).health,
    tokens: parseTokens(TOKEN_SPEC),
    logger,
    directory: ports.directory,
    preferences: ports.preferences,
    inbox: ports.inbox,
    notifications: ports.notifications,
    ...options,
  });
  return { app, ports, logLines };
}
