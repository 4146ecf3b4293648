export { InProcessMessageBus } from './MessageBus.js';
export type { HandlerErrorPolicy, Journal, MessageBus, Unsubscribe } from './MessageBus.js';
export { ENDPOINTS, TOPICS } from './switchboard.js';
export type {
  AnyEventHandler,
  BarSubscription,
  CancelAllRequest,
  CancelRequest,
  Endpoint,
  SessionTick,
  EndpointMessages,
  Topic,
  TopicMessages,
} from './switchboard.js';
