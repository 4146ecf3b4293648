import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EVENT_TYPES } from '../../../core/index.js';
import { ORDER_EVENT_VERSIONS } from '../../../core/catalog/orderEvents.js';
import { PORTFOLIO_EVENT_VERSIONS } from '../../../core/catalog/portfolioEvents.js';
import { RISK_EVENT_VERSIONS } from '../../../core/catalog/riskEvents.js';
import { RUNTIME_EVENT_VERSIONS } from '../../../core/catalog/runtimeEvents.js';
import { SIGNAL_EVENT_VERSIONS } from '../../../core/catalog/signalEvents.js';
import { SYSTEM_EVENT_VERSIONS } from '../../../core/catalog/systemEvents.js';
import { EVENT_FAMILIES } from './eventFamilies.js';
import { barMessage } from './marketMessage.js';
import { StreamLayout, parsePartitionShare } from './StreamLayout.js';
import { TransportFixtures } from './redisTransportFixtures.js';

const CATALOG = { signal: SIGNAL_EVENT_VERSIONS, risk: RISK_EVENT_VERSIONS, order: ORDER_EVENT_VERSIONS, portfolio: PORTFOLIO_EVENT_VERSIONS, runtime: RUNTIME_EVENT_VERSIONS, system: SYSTEM_EVENT_VERSIONS };

describe('event families and stream layout', () => {
  it('gives every event type the family of its catalog file', () => {
    for (const type of EVENT_TYPES) {
      const family = Object.entries(CATALOG).find(([, versions]) => Object.hasOwn(versions, type))?.[0];
      assert.equal(EVENT_FAMILIES[type].family, family, type);
    }
  });

  it('ranks the kill switch, risk state, broker session and reconciliation above orders, orders above signals, market data last', () => {
    for (const type of ['TradingStateChanged', 'RiskLimitBreached', 'BrokerSessionExpired', 'BrokerSessionRestored', 'ReconciliationMismatch'] as const) {
      assert.equal(EVENT_FAMILIES[type].priority, 'CRITICAL', type);
    }
    for (const type of ['OrderFilled', 'OrderSubmitted', 'RiskApproved', 'RiskRejected'] as const) assert.equal(EVENT_FAMILIES[type].priority, 'HIGH', type);
    for (const type of ['SignalGenerated', 'TradeIntentCreated', 'PositionChanged', 'AccountUpdated', 'StrategyRegistered'] as const) {
      assert.equal(EVENT_FAMILIES[type].priority, 'NORMAL', type);
    }
    for (const type of ['SessionRegimeChanged', 'UserActionRecorded'] as const) assert.equal(EVENT_FAMILIES[type].priority, 'LOW', type);
    const layout = new StreamLayout();
    assert.equal(layout.streamFor(barMessage(new TransportFixtures().bar('X', 1))), 'fortress:market:low:0');
  });

  it('sends one key always to the same stream of its family, within the partition count', () => {
    const layout = new StreamLayout({ partitions: { order: 4, market: 3 } });
    const fixtures = new TransportFixtures();
    fc.assert(
      fc.property(fc.string(), fc.nat(1000), (key, n) => {
        const stream = layout.streamFor(fixtures.accepted(key, n));
        assert.equal(stream, layout.streamFor(fixtures.accepted(key, n + 1)));
        assert.match(stream, /^fortress:order:high:[0-3]$/);
        assert.equal(stream, `fortress:order:high:${layout.partitionOf('order', key)}`);
      }),
    );
    const used = new Set(Array.from({ length: 40 }, (_, i) => layout.partitionOf('order', `INSTR${i}.XNAS`)));
    assert.equal(used.size, 4, 'forty instruments spread over all four partitions');
    assert.equal(layout.partitionOf('order', 'AAPL.NASDAQ'), new StreamLayout({ partitions: { order: 4 } }).partitionOf('order', 'AAPL.NASDAQ'));
  });

  it('lists streams highest priority first, and a partition share takes every n-th partition', () => {
    const layout = new StreamLayout({ partitions: { market: 4, order: 2 } });
    const risk = layout.streams({ families: ['risk'] }).map((s) => s.name);
    assert.deepEqual(risk, ['fortress:risk:critical:0', 'fortress:risk:high:0']);
    const share = layout.streams({ families: ['market', 'order'], share: parsePartitionShare('1/2') });
    assert.deepEqual(share.map((s) => s.name), ['fortress:order:high:1', 'fortress:market:low:1', 'fortress:market:low:3']);
    assert.equal(layout.streams().filter((s) => s.priority === 'CRITICAL').length, 3);
  });

  it('refuses a bad partition share or count with a message naming it', () => {
    assert.throws(() => parsePartitionShare('2/2'), /0 <= i < n/);
    assert.throws(() => parsePartitionShare('half'), /written i\/n/);
    assert.throws(() => new StreamLayout({ partitions: { order: 0 } }), /partitions of stream family order/);
  });
});
