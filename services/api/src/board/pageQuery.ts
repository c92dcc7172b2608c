import { z } from 'zod';

export const DEFAULT_BOARD_PAGE = 50;
export const MAX_BOARD_PAGE = 500;

/** The paging parameters every board list takes; the board's cursors are opaque. */
export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_BOARD_PAGE)
    .default(DEFAULT_BOARD_PAGE)
    .describe(`page size, 1 to ${MAX_BOARD_PAGE}`),
  after: z.string().min(1).max(512).optional().describe('the Next-Cursor of the previous page'),
};

/** `/v1/dealers/{dealerId}/…`; ids are at most 64 characters (EVENTS.md), a longer one is malformed. */
export const dealerParams = z.strictObject({ dealerId: z.string().min(1).max(64) });

/** A filter on one dealer in the staff lists; an id no dealer has gives an empty list, as `/v1/outputs` does. */
export const dealerFilter = z.string().min(1).max(64).optional().describe("only this dealer's");

/** `open=true`: only orders not yet delivered in full (a late order still on its way, or a partial one); `false`: the others. */
export const openDeliveriesFilter = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .optional()
  .describe('true: only orders not yet delivered in full; false: only those delivered in full');
