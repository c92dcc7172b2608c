import { calendarDate } from '@dealerflow/contracts';
import { z } from 'zod';

/** What to simulate. `.parse({})` gives the defaults. */
export const simulateOptionsSchema = z.object({
  dealers: z.number().int().min(1).default(50),
  skus: z.number().int().min(1).default(200),
  days: z.number().int().min(1).default(30),
  seed: z.number().int().min(0).max(0xffffffff).default(1),
  /** The first simulated day (UTC), `YYYY-MM-DD`. */
  start: calendarDate.default('2026-01-01'),
  warehouses: z.number().int().min(1).default(3),
});

export type SimulateOptions = z.infer<typeof simulateOptionsSchema>;
export type SimulateOptionsInput = z.input<typeof simulateOptionsSchema>;
