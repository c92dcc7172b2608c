export { generateStream } from './generateStream';
export { simulateOptionsSchema, type SimulateOptions, type SimulateOptionsInput } from './options';
export { createRandom, type Random } from './random';
export { createEventTally, type EventTally } from './tally';
