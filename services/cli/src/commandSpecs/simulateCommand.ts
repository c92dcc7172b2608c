import { defineCommand } from '../commandLine/commandSpec';

/** The defaults are the generator's own (simulateOptionsSchema); a test keeps them equal. */
export const simulateCommand = defineCommand({
  name: 'simulate',
  summary: 'generate a realistic, seeded stream of input events as NDJSON',
  description:
    'Generates a realistic, seeded stream of input events (dealers, products, orders, deliveries, stock counts, payments, a clock tick each day) as NDJSON. The same options always give the same bytes. Progress on stderr, then a one-line summary. Exit 1 for a bad option, 2 when the output cannot be written.',
  options: {
    output: { type: 'string', placeholder: 'FILE', required: true, description: 'where the events are written; - for stdout' },
    dealers: { type: 'string', placeholder: 'N', default: '50', description: 'number of dealers' },
    skus: { type: 'string', placeholder: 'N', default: '200', description: 'number of products (SKUs)' },
    days: { type: 'string', placeholder: 'N', default: '30', description: 'number of simulated days' },
    seed: { type: 'string', placeholder: 'N', default: '1', description: 'seed of the random choices: same seed, same stream' },
    start: { type: 'string', placeholder: 'YYYY-MM-DD', default: '2026-01-01', description: 'first simulated day (UTC)' },
    warehouses: { type: 'string', placeholder: 'N', default: '3', description: 'number of warehouses orders ship from' },
  },
});
