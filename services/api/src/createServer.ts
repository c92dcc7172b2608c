import { defaultNotifyPolicy, type NotifyPolicy } from '@dealerflow/domain';
import type {
  CreditHoldReader,
  DealerBoard,
  DealerDirectory,
  EventLog,
  HealthProbe,
  InboxReader,
  NotificationAdmin,
  OutputReader,
  PreferencesStore,
  WebhookSecretAdmin,
  SessionStore,
} from '@dealerflow/runtime';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { TokenTable } from './auth/tokens';
import { boardRoutes } from './board/boardRoutes';
import { creditHoldsRoute } from './credit/creditHoldsRoute';
import { dashboardsPlugin } from './dashboards/dashboardsPlugin';
import type { EmailStatusReader } from './dashboards/ops/emailStatus';
import { createMemorySessionStore } from './dashboards/session/memorySessionStore';
import { financeToolsRoute } from './credit/financeToolsRoute';
import { manualHoldRoute } from './credit/manualHoldRoute';
import { acknowledgementsRoute } from './stock/acknowledgementsRoute';
import { tierSuggestionsRoute } from './tiers/tierSuggestionsRoute';
import { eventsRoute } from './events/eventsRoute';
import { healthRoute } from './health/healthRoute';
import { errorAnswer } from './http/errorAnswer';
import { refuseUnstorableParameters } from './http/refuseUnstorableParameters';
import { inboxRoute } from './notifications/inboxRoute';
import { notificationsRoute } from './notifications/notificationsRoute';
import { preferencesRoute } from './notifications/preferencesRoute';
import { webhookSecretRoute } from './notifications/webhookSecretRoute';
import { registerOpenApi } from './openapi/registerOpenApi';
import { outputsRoute } from './outputs/outputsRoute';

export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

export interface ApiDeps {
  eventLog: EventLog;
  outputs: OutputReader;
  health: HealthProbe;
  tokens: TokenTable;
  logger: Logger;
  /** Largest request body taken; a larger one is answered 413 before anything is appended. Default 10 MiB. */
  bodyLimitBytes?: number;
  // Notifications (issue 8). Each route is registered only when the ports it needs are given.
  /** Master data as the pipeline last saw it; with `preferences` or `inbox`, tells an unknown dealer (404). */
  directory?: DealerDirectory;
  /** `GET`/`PUT /v1/dealers/{dealerId}/preferences` (with `directory`). */
  preferences?: PreferencesStore;
  /** `GET /v1/dealers/{dealerId}/inbox` (with `directory`). */
  inbox?: InboxReader;
  /** `GET /v1/notifications`, `POST /v1/notifications/{notificationId}/retry`. */
  notifications?: NotificationAdmin;
  /** `GET`, `POST`, `DELETE /v1/dealers/{dealerId}/webhook-secret` (with `directory`): dealers' own signing secrets. */
  webhookSecrets?: WebhookSecretAdmin;
  /** How email leaves (SMTP, an outbox folder, off): a line in /ops's notifications panel. */
  email?: EmailStatusReader;
  /** The notifier's settings, which decide the kinds a dealer can receive. Default: RULES.md §5. */
  notifyPolicy?: NotifyPolicy;
  // Credit holds. Registered only when the reader is given; the manual hold also needs `directory`.
  /** `GET /v1/credit/holds`, `POST /v1/credit/holds/{holdId}/decision`, `POST /v1/dealers/{dealerId}/credit-holds`. */
  creditHolds?: CreditHoldReader;
  // Dashboards (issue 9): the read models behind /ops, /finance, /dealer and their JSON routes.
  /** Registered only when given. */
  board?: DealerBoard;
  /** Where the dashboards keep sign-ins (`createSessionStore`: the database). Default: this process's memory, lost at restart. */
  sessions?: SessionStore;
  /** The time finance decisions are stamped with (`dealerflow start`: the pipeline's watermark). Default: the system clock. */
  clock?: () => Date;
}

/** The router's own refusals (a path that does not decode) in the API's error body, as every other 400. */
function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const answer = errorAnswer(error);
  void reply.code(answer.statusCode).type('application/json').send(answer.toBody());
}

/** The HTTP API over the runtime's ports, ready to `listen` or `inject`; nothing is started here. */
export function createServer(deps: ApiDeps) {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }),
    bodyLimit: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);

  app.setErrorHandler((error, request, reply) => {
    const answer = errorAnswer(error);
    if (answer.statusCode >= 500 && answer.code === 'internal_error') {
      request.log.error({ err: error }, 'request failed');
    }
    return reply
      .code(answer.statusCode)
      .headers(answer.headers ?? {})
      .type('application/json')
      .send(answer.toBody());
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/json')
      .send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );

  // Every route, before its own hooks: a parameter no database can hold is the caller's 400, never a 503.
  app.addHook('onRequest', refuseUnstorableParameters);

  // First: the document lists the routes registered after it, whichever optional ports are given.
  registerOpenApi(app);

  const { eventLog, outputs, health, tokens, logger } = deps;
  app.register(healthRoute, { health, logger });
  app.register(eventsRoute, { eventLog, tokens, logger });
  app.register(outputsRoute, { outputs, tokens, logger });

  const { directory, preferences, inbox, notifications } = deps;
  const policy = deps.notifyPolicy ?? defaultNotifyPolicy;
  if (directory && preferences) app.register(preferencesRoute, { directory, preferences, policy, tokens, logger });
  if (directory && inbox) app.register(inboxRoute, { directory, inbox, tokens, logger });
  if (notifications) app.register(notificationsRoute, { notifications, tokens, logger });
  const { webhookSecrets } = deps;
  if (directory && webhookSecrets) app.register(webhookSecretRoute, { directory, webhookSecrets, tokens, logger });

  const { creditHolds } = deps;
  const now = deps.clock ?? (() => new Date());
  if (creditHolds) app.register(creditHoldsRoute, { creditHolds, eventLog, tokens, logger, now });
  if (creditHolds && directory) app.register(manualHoldRoute, { directory, eventLog, tokens, logger, now });
  app.register(acknowledgementsRoute, { eventLog, directory, tokens, logger, now });

  const { board } = deps;
  if (board) app.register(boardRoutes, { board, tokens, logger });
  if (board) app.register(financeToolsRoute, { board, creditHolds, directory, eventLog, tokens, logger, now });
  if (board) app.register(tierSuggestionsRoute, { board, eventLog, tokens, logger, now });
  if (board) {
    const { email } = deps;
    const sessions = deps.sessions ?? createMemorySessionStore();
    app.register(dashboardsPlugin, { board, tokens, sessions, logger, eventLog, now, policy, creditHolds, notifications, email, directory, inbox, preferences });
  }
  return app;
}

export type ApiServer = ReturnType<typeof createServer>;
