/** The Redis Streams transport as the distributed runtime uses it (one import point). */
export {
  RedisStreamsConsumer, RedisStreamsPublisher, StreamLayout, decodeStreamEntry, parsePartitionShare, stableHash,
} from '../../adapters/index.js';
export type {
  ConsumerHealth, DeadLetter, PartitionShare, PublisherHealth, StreamFamily, StreamLag, StreamRef, StreamSelection,
} from '../../adapters/index.js';
