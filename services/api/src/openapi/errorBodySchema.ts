import { z } from 'zod';
import type { ErrorBody } from '../http/ApiError';

/** What every error answer carries (`ApiError.toBody`), documented once as the `Error` component. */
export const errorBodySchema = z.object({
  error: z.string().describe('a stable code: invalid_request, unauthorized, forbidden, not_found, unavailable, …'),
  message: z.string().describe('for a person; never the internals'),
  details: z
    .array(
      z.looseObject({
        field: z.string().optional().describe('the part of the request at fault'),
        message: z.string(),
      }),
    )
    .optional(),
}) satisfies z.ZodType<ErrorBody>;
