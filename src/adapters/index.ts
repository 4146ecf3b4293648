export * from './brokers/index.js';
export * from './feeds/index.js';
export * from './stores/index.js';
export * from './signals/index.js';
export * from './transports/redis/index.js';
