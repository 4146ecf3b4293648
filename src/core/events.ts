import type { Clock } from './clock.js';
import type { IdSource } from './ids.js';

export type { RiskRejection } from './catalog/riskEvents.js';
export type { ReconciliationDifference } from './catalog/systemEvents.js';
export { TIME_REGIMES, type TimeRegime } from './catalog/runtimeEvents.js';
import { ORDER_EVENT_VERSIONS, type OrderEventPayloads } from './catalog/orderEvents.js';
import { PORTFOLIO_EVENT_VERSIONS, type PortfolioEventPayloads } from './catalog/portfolioEvents.js';
import { RISK_EVENT_VERSIONS, type RiskEventPayloads } from './catalog/riskEvents.js';
import { RUNTIME_EVENT_VERSIONS, type RuntimeEventPayloads } from './catalog/runtimeEvents.js';
import { SIGNAL_EVENT_VERSIONS, type SignalEventPayloads } from './catalog/signalEvents.js';
import { SYSTEM_EVENT_VERSIONS, type SystemEventPayloads } from './catalog/systemEvents.js';

/**
 * The event catalog: every event type with its payload, one file per family under catalog/. Names are
 * past tense. Adding an event = one line in its family's interface and one in its versions table.
 */
export interface EventPayloads
  extends SignalEventPayloads,
    RiskEventPayloads,
    OrderEventPayloads,
    PortfolioEventPayloads,
    RuntimeEventPayloads,
    SystemEventPayloads {}

export type EventType = keyof EventPayloads;

/** Schema version of each event type's payload; bump when a payload changes shape. */
export const EVENT_VERSIONS: Readonly<Record<EventType, number>> = {
  ...SIGNAL_EVENT_VERSIONS,
  ...RISK_EVENT_VERSIONS,
  ...ORDER_EVENT_VERSIONS,
  ...PORTFOLIO_EVENT_VERSIONS,
  ...RUNTIME_EVENT_VERSIONS,
  ...SYSTEM_EVENT_VERSIONS,
};

export const EVENT_TYPES = Object.keys(EVENT_VERSIONS) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_VERSIONS, value);
}

/** The one envelope around every event. */
export interface EventEnvelope<T extends EventType = EventType> {
  /** Sortable, unique. */
  readonly id: string;
  readonly type: T;
  readonly version: number;
  /** Event time from the Clock (epoch ms). */
  readonly ts: number;
  /** Component that produced it. */
  readonly source: string;
  /** Partition key, normally the instrument id. */
  readonly key: string;
  /** Id of the signal (or command) that started the chain. */
  readonly correlationId: string;
  /** Id of the event that directly caused this one (its own id for a chain's first event). */
  readonly causationId: string;
  /** Consumers drop a second event with the same key. */
  readonly idempotencyKey: string;
  readonly payload: EventPayloads[T];
}

/** Any event, discriminated on `type`. */
export type AnyEvent = { [K in EventType]: EventEnvelope<K> }[EventType];

export interface EventContext {
  readonly key: string;
  /** Defaults to the new event's own id (it starts a chain). */
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Defaults to `<source>:<id>`; give a deterministic one when a retry could produce the same event twice. */
  readonly idempotencyKey?: string;
}

export interface EventFactory {
  create<T extends EventType>(type: T, payload: EventPayloads[T], context: EventContext): EventEnvelope<T>;
  /**
   * `create` with the context spelled out as arguments (undefined takes the same default): no context object
   * to build and read, which is the form the order path uses.
   */
  createWith<T extends EventType>(
    type: T, payload: EventPayloads[T], key: string, correlationId: string | undefined, causationId: string | undefined, idempotencyKey: string | undefined,
  ): EventEnvelope<T>;
}

/** EVENT_VERSIONS as a Map: one hash lookup per event instead of a keyed load over ~50 properties. */
const VERSION_OF: ReadonlyMap<string, number> = new Map(Object.entries(EVENT_VERSIONS));

/** Builds envelopes for one component: ids from the seeded source, time from the clock. */
export function createEventFactory(source: string, clock: Clock, ids: IdSource): EventFactory {
  const createWith = <T extends EventType>(
    type: T, payload: EventPayloads[T], key: string, correlationId: string | undefined, causationId: string | undefined, idempotencyKey: string | undefined,
  ): EventEnvelope<T> => {
    const id = ids.next();
    return {
      id,
      type,
      version: VERSION_OF.get(type)!,
      ts: clock.nowMs(),
      source,
      key,
      correlationId: correlationId ?? id,
      causationId: causationId ?? id,
      idempotencyKey: idempotencyKey ?? `${source}:${id}`,
      payload,
    };
  };
  return {
    create: (type, payload, context) => createWith(type, payload, context.key, context.correlationId, context.causationId, context.idempotencyKey),
    createWith,
  };
}
