import type { DealerDirectory } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authorize } from '../auth/authorize';
import { dealerParams } from '../board/pageQuery';
import { manualHoldBodySchema, placeManualHold } from './placeManualHold';
import { postRecording, takeJsonBodies, type RecordingRouteOptions } from './recordingPost';

export interface ManualHoldRouteOptions extends RecordingRouteOptions {
  directory: DealerDirectory;
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
