import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENDPOINTS, InProcessMessageBus, TOPICS } from '../bus/index.js';
import { SimulatedClock, createEventFactory, createIdSource, silentLogger, type Bar } from '../core/index.js';
import { StrategyRunner } from './StrategyRunner.js';
import type { Strategy } from './Strategy.js';

const bar = (instrumentId: string, ts: number): Bar => ({ instrumentId, timeframe: '1m', ts, open: 1, high: 1, low: 1, close: 1, volume: 1 });

describe('StrategyRunner and exchange sessions', () => {
  it('pauses strategies while their exchange is CLOSED and resumes when it opens; other exchanges go on', () => {
    const bus = new InProcessMessageBus();
    bus.register(ENDPOINTS.dataSubscribeBars, () => undefined);
    const clock = new SimulatedClock(0);
    const ids = createIdSource(clock, 1);
    const exchanges: Record<string, string> = { 'A.NSE': 'NSE', 'B.SIM': 'SIM' };
    const runner = new StrategyRunner({ bus, clock, ids, logger: silentLogger, accountId: 'acc', exchangeOf: (id) => exchanges[id] });
    const seen: string[] = [];
    const strategy: Strategy = {
      subscriptions: [{ instrumentId: 'A.NSE', timeframe: '1m' }, { instrumentId: 'B.SIM', timeframe: '1m' }],
      onBar: (b) => void seen.push(`${b.instrumentId}@${b.ts}`),
    };
    runner.add('s', strategy);
    runner.start();
    const session = createEventFactory('session', clock, ids);
    const regime = (exchange: string, to: 'CLOSED' | 'OPEN'): void =>
      bus.emit(session.create('SessionRegimeChanged', { exchange, from: 'UNKNOWN', to }, { key: exchange }));

    bus.publish(TOPICS.bar, bar('A.NSE', 1));
    regime('NSE', 'CLOSED');
    bus.publish(TOPICS.bar, bar('A.NSE', 2));
    bus.publish(TOPICS.bar, bar('B.SIM', 2));
    regime('NSE', 'OPEN');
    bus.publish(TOPICS.bar, bar('A.NSE', 3));
    assert.deepEqual(seen, ['A.NSE@1', 'B.SIM@2', 'A.NSE@3']);
  });
});
