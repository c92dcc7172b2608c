import { readFileSync } from 'node:fs';
import type { NotifyPolicy } from '@dealerflow/domain';
import type {
  CreditHoldReader,
  DealerBoard,
  DealerDirectory,
  EventLog,
  InboxReader,
  NotificationAdmin,
  PreferencesStore,
  SessionStore,
} from '@dealerflow/runtime';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { TokenTable } from '../auth/tokens';
import { ApiError } from '../http/ApiError';
import { dealerRoutes } from './dealer/dealerRoutes';
import { financeRoutes } from './finance/financeRoutes';
import { errorPage } from './html/errorPage';
import { sendPage, STYLESHEET_PATH } from './html/layout';
import { PageError } from './html/PageError';
import type { EmailStatusReader } from './ops/emailStatus';
import { opsRoutes } from './ops/opsRoutes';
import { tierAcceptRoute } from './ops/tierAcceptRoute';
import { acceptFormBodies } from './session/formBody';
import { createPageAuth } from './session/pageAuth';
import { optionalSessionOf } from './session/pageGuard';
import { signinRoutes } from './signin/signinRoutes';

export interface DashboardsOptions {
  board: DealerBoard;
  tokens: TokenTable;
  /** Where sign-ins are kept (the database's store, or one process's memory). */
  sessions: SessionStore;
  logger: Logger;
  eventLog: EventLog;
  /** The time finance decisions are stamped with, as for the API's decision route. */
  now: () => Date;
  policy: NotifyPolicy;
  // Each optional port adds its section or form; without it the page says the data is not connected.
  creditHolds?: CreditHoldReader | undefined;
  notifications?: NotificationAdmin | undefined;
  email?: EmailStatusReader | undefined;
  directory?: DealerDirectory | undefined;
  inbox?: InboxReader | undefined;
  preferences?: PreferencesStore | undefined;
}

const STYLESHEET = readFileSync(new URL('./assets/style.css', import.meta.url), 'utf8');

/** Titles of the API's own refusals when a page shows them (a decision on a released hold is 409). */
const TITLES: Record<number, string> = {
  400: 'Not accepted',
  403: 'Not allowed',
  404: 'Not found',
  409: 'No longer possible',
  413: 'Too large',
  415: 'Not a form',
  503: 'Not available',
};

function sentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * The dashboards (issue 9): server-rendered pages for operations, finance and dealers, sign-in
 * to a server-side session (an HttpOnly cookie holds its id), and the forms that change things, each through the API's own code path.
 * Registered in its own scope: form bodies and HTML error pages here, JSON everywhere else.
 */
export async function dashboardsPlugin(app: FastifyInstance, options: DashboardsOptions): Promise<void> {
  acceptFormBodies(app);

  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const session = optionalSessionOf(request);
    let statusCode: number;
    let title: string;
    let message: string;
    if (error instanceof PageError) {
      ({ statusCode, title, message } = error);
    } else if (error instanceof ApiError && error.statusCode < 500) {
      statusCode = error.statusCode;
      title = TITLES[statusCode] ?? 'Not accepted';
      message = sentence(error.message);
    } else if (error instanceof ApiError && error.statusCode === 503) {
      statusCode = 503;
      title = TITLES[503]!;
      message = sentence(error.message);
    } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own refusals: a body over the limit, a post that is not a form.
      statusCode = error.statusCode;
      title = TITLES[statusCode] ?? 'Not accepted';
      message = statusCode === 415 ? 'Send the form from the page (application/x-www-form-urlencoded).' : sentence(error.message);
    } else {
      request.log.error({ err: error }, 'request failed');
      statusCode = 500;
      title = 'Something went wrong';
      message = 'The server failed to show this page; it has been logged.';
    }
    if (statusCode === 401) reply.header('www-authenticate', 'Bearer');
    return sendPage(reply, statusCode, errorPage({ title, message, session }));
  });

  app.get(STYLESHEET_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET),
  );

  const { board, tokens, logger } = options;
  const auth = createPageAuth({ tokens, store: options.sessions, logger });
  signinRoutes(app, { tokens, auth, logger });
  opsRoutes(app, {
    board,
    auth,
    logger,
    notifications: options.notifications,
    email: options.email,
    creditHolds: options.creditHolds,
    directory: options.directory,
  });
  tierAcceptRoute(app, { board, auth, logger, eventLog: options.eventLog, now: options.now });
  financeRoutes(app, {
    board,
    auth,
    logger,
    eventLog: options.eventLog,
    now: options.now,
    creditHolds: options.creditHolds,
    directory: options.directory,
  });
  dealerRoutes(app, {
    board,
    auth,
    logger,
    eventLog: options.eventLog,
    now: options.now,
    policy: options.policy,
    directory: options.directory,
    inbox: options.inbox,
    preferences: options.preferences,
  });
}
