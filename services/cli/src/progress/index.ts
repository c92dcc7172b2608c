export { createProgress, LOG_INTERVAL_MS } from './createProgress';
export { createLineProgress } from './lineProgress';
export { createBarProgress } from './barProgress';
export type { Progress, ProgressOptions, ProgressStream } from './progress';
