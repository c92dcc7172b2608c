import type { onRequestAsyncHookHandler } from 'fastify';
import { ApiError } from '../http/ApiError';
import { principalOf } from './authorize';

/**
 * An `onRequest` hook for `/v1/dealers/{dealerId}/…`, placed after `authorize`: a dealer token
 * naming another dealer gets the answer a dealer that does not exist gets, before anything is read
 * (body, database), so it learns nothing of others. Staff roles pass.
 */
export const ownDealerOnly: onRequestAsyncHookHandler = async (request) => {
  const { role } = principalOf(request);
  const { dealerId } = request.params as { dealerId?: string };
  if (role.kind === 'dealer' && dealerId !== role.dealerId) throw noSuchDealer();
};

export function noSuchDealer(): ApiError {
  return new ApiError(404, 'not_found', 'no such dealer');
}
