import { SimulatedClock, createEventFactory, createIdSource } from '../../../core/index.js';
import type { AnyEvent, Bar, EventEnvelope, EventFactory } from '../../../core/index.js';
import { isMarketMessage, type TransportMessage } from './marketMessage.js';

/** Test support for the transport specs: envelopes made by the core's event factory. */
export const FIXTURE_START_MS = Date.UTC(2024, 0, 2, 14, 30);

export class TransportFixtures {
  private readonly clock = new SimulatedClock(FIXTURE_START_MS);
  private readonly factory: EventFactory;

  constructor(seed = 7, source = 'execution') {
    this.factory = createEventFactory(source, this.clock, createIdSource(this.clock, seed));
  }

  /** HIGH priority; `n` is carried as the broker order id so a spec can check the order per key. */
  accepted(key: string, n: number): EventEnvelope<'OrderAccepted'> {
    this.clock.advanceTo(this.clock.nowMs() + 1);
    return this.factory.create('OrderAccepted', { clientOrderId: `${key}-${n}`, brokerOrderId: String(n) }, { key });
  }

  /** CRITICAL: the kill switch. */
  killSwitch(): EventEnvelope<'TradingStateChanged'> {
    return this.factory.create(
      'TradingStateChanged',
      { from: 'ACTIVE', to: 'HALTED', by: 'kill-switch', reason: 'operator pressed the kill switch', cancelOpenOrders: true },
      { key: 'risk' },
    );
  }

  bar(instrumentId: string, n: number): Bar {
    return { instrumentId, timeframe: '1m', ts: FIXTURE_START_MS + n * 60_000, open: 10, high: 11, low: 9, close: 10.5, volume: 100 + n };
  }
}

/** The sequence number a fixture message carries (OrderAccepted's broker id, a bar's minute). */
export function sequenceOf(message: TransportMessage): number {
  if (isMarketMessage(message)) return message.kind === 'bar' ? (message.bar.ts - FIXTURE_START_MS) / 60_000 : message.tick.ts;
  const event = message as AnyEvent;
  return event.type === 'OrderAccepted' ? Number(event.payload.brokerOrderId) : -1;
}
