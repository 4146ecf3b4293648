export { streamRoutes, DEFAULT_STREAM_MAX_BUFFERED_BYTES, DEFAULT_STREAM_MAX_CLIENTS } from './streamRoutes.js';
export type { StreamRoutesOptions } from './streamRoutes.js';
export { DEFAULT_STREAM_BATCH_DELAY_MS, TOO_SLOW_CLOSE_CODE } from './StreamHub.js';
