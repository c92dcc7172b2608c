import type { DealerDirectory, EventLog } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { authorize } from '../auth/authorize';
import type { TokenTable } from '../auth/tokens';
import { dealerParams } from '../board/pageQuery';
import { manualHoldBodySchema, placeManualHold } from './placeManualHold';
import { postRecording, takeJsonBodies } from './recordingPost';

export interface ManualHoldRouteOptions {
  directory: DealerDirectory;
  eventLog: EventLog;
  tokens: TokenTable;
  logger: Logger;
  /** The wall clock a decision is stamped with. */
  now: () => Date;
}

/** Finance puts a dealer on hold by hand; the credit worker places (or extends) the hold. */
export const manualHoldRoute: FastifyPluginAsyncZod<ManualHoldRouteOptions> = async (app, options) => {
  const { directory, eventLog, tokens, logger, now } = options;
  const log = logger.child({ component: 'credit' });
  takeJsonBodies(app);
  postRecording(app, now, '/v1/dealers/:dealerId/credit-holds', {
    onRequest: authorize(tokens, ['admin', 'finance'], 'place credit holds'),
    schema: { params: dealerParams, body: manualHoldBodySchema },
    emptyBody: { send: 'send { "note": "<why the dealer is put on hold>" }', field: 'note' },
    record: ({ params, body, principal, at }) => placeManualHold({ directory, eventLog, log, principal, now: at, dealerId: params.dealerId, note: body.note }),
  });
};
