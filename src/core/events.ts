import type { AccountSnapshot, PositionSnapshot } from './position.js';
import type { Clock } from './clock.js';
import type { IdSource } from './ids.js';
import type { TradeIntent } from './intent.js';
import type { Order, OrderSide } from './order.js';
import type { Signal } from './signal.js';

export interface RiskRejection {
  readonly intentId: string;
  readonly signalId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly rule: string;
  /** The configured limit, as written in the configuration. */
  readonly limit: number | string;
  /** The value the rule observed. */
  readonly observed: number | string;
  readonly reason: string;
}

/** The event catalog: every event type with its payload. Names are past tense. */
export interface EventPayloads {
  SignalGenerated: { readonly signal: Signal };
  SignalReceived: { readonly signal: Signal };
  SignalIgnored: { readonly signalId: string; readonly strategyId: string; readonly instrumentId: string; readonly reason: string };
  TradeIntentCreated: { readonly intent: TradeIntent };
  RiskApproved: { readonly intentId: string; readonly decisionId: string; readonly quantity: number; readonly resizedBy?: string };
  RiskRejected: RiskRejection;
  OrderSubmitted: { readonly order: Order };
  OrderAccepted: { readonly clientOrderId: string; readonly brokerOrderId: string };
  OrderRejected: { readonly clientOrderId: string; readonly reason: string };
  OrderFilled: {
    readonly clientOrderId: string;
    readonly fillId: string;
    readonly accountId: string;
    readonly strategyId: string;
    readonly instrumentId: string;
    readonly side: OrderSide;
    readonly quantity: number;
    readonly price: number;
    readonly commissionMinor: number;
    readonly currency: string;
    readonly leavesQuantity: number;
    /** Market time of the fill (e.g. the open of the bar it filled on). */
    readonly fillTs: number;
  };
  OrderCancelRequested: { readonly clientOrderId: string; readonly reason: string };
  OrderCanceled: { readonly clientOrderId: string; readonly reason: string };
  OrderCancelRejected: { readonly clientOrderId: string; readonly reason: string };
  OrderReplaceRequested: { readonly clientOrderId: string; readonly quantity?: number; readonly limitPrice?: number; readonly stopPrice?: number };
  OrderReplaced: { readonly clientOrderId: string; readonly quantity: number; readonly limitPrice?: number; readonly stopPrice?: number };
  OrderReplaceRejected: { readonly clientOrderId: string; readonly reason: string };
  OrderExpired: { readonly clientOrderId: string };
  OrderTransitionRefused: { readonly clientOrderId: string; readonly status: string; readonly attempted: string; readonly reason: string };
  PositionChanged: { readonly position: PositionSnapshot };
  AccountUpdated: { readonly account: AccountSnapshot };
  ErrorRaised: { readonly component: string; readonly code: string; readonly message: string; readonly details?: Readonly<Record<string, unknown>> };
}

export type EventType = keyof EventPayloads;

/** Schema version of each event type's payload; bump when a payload changes shape. */
export const EVENT_VERSIONS: Readonly<Record<EventType, number>> = {
  SignalGenerated: 1, SignalReceived: 1, SignalIgnored: 1, TradeIntentCreated: 1, RiskApproved: 1, RiskRejected: 1,
  OrderSubmitted: 1, OrderAccepted: 1, OrderRejected: 1, OrderFilled: 1, OrderCancelRequested: 1, OrderCanceled: 1,
  OrderCancelRejected: 1, OrderReplaceRequested: 1, OrderReplaced: 1, OrderReplaceRejected: 1, OrderExpired: 1,
  OrderTransitionRefused: 1, PositionChanged: 1, AccountUpdated: 1, ErrorRaised: 1,
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
}

/** Builds envelopes for one component: ids from the seeded source, time from the clock. */
export function createEventFactory(source: string, clock: Clock, ids: IdSource): EventFactory {
  return {
    create<T extends EventType>(type: T, payload: EventPayloads[T], context: EventContext): EventEnvelope<T> {
      const id = ids.next();
      return {
        id,
        type,
        version: EVENT_VERSIONS[type],
        ts: clock.nowMs(),
        source,
        key: context.key,
        correlationId: context.correlationId ?? id,
        causationId: context.causationId ?? id,
        idempotencyKey: context.idempotencyKey ?? `${source}:${id}`,
        payload,
      };
    },
  };
}
