import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENDPOINTS } from '../bus/index.js';
import { createEventFactory, createIdSource, SimulatedClock } from '../core/index.js';
import { RiskStateFold } from './RiskStateFold.js';
import { createTestEngine, createWorld } from './testEngine.js';
import { makeIntent, TUESDAY_OPEN_MS } from './testSupport.js';

describe('RiskStateFold', () => {
  it('rebuilds from the log the counters the engine built live', () => {
    const live = createTestEngine();
    const brain = createEventFactory('brain', new SimulatedClock(TUESDAY_OPEN_MS), createIdSource(new SimulatedClock(TUESDAY_OPEN_MS), 1));
    const intents = [
      makeIntent({ ts: TUESDAY_OPEN_MS }),
      makeIntent({ ts: TUESDAY_OPEN_MS + 10_000 }), // duplicate: rejected
      makeIntent({ ts: TUESDAY_OPEN_MS + 20_000, strategyId: 'other' }),
      makeIntent({ ts: TUESDAY_OPEN_MS + 30_000, confidence: 0.1, action: 'SHORT', side: 'SELL' }), // rejected
    ];
    for (const intent of intents) {
      live.bus.emit(brain.create('TradeIntentCreated', { intent }, { key: intent.instrumentId }));
      live.bus.send(ENDPOINTS.riskEvaluate, intent);
    }
    assert.equal(live.executed.length, 2);

    const fold = new RiskStateFold();
    for (const event of live.events) fold.apply(event);
    const day = Math.floor(TUESDAY_OPEN_MS / 86_400_000);
    assert.equal(fold.state.ordersOnDay('acc-1', day), live.engine.state.ordersOnDay('acc-1', day));
    assert.equal(fold.state.lastApprovedTs('acc-1', 'sma', 'ORCL.NASDAQ', 'BUY'), TUESDAY_OPEN_MS);
    assert.equal(fold.state.lastApprovedTs('acc-1', 'sma', 'ORCL.NASDAQ', 'SHORT'), undefined);

    const restarted = createTestEngine({}, { world: { ...createWorld(), state: fold.state } });
    const decision = restarted.engine.evaluate(makeIntent({ ts: TUESDAY_OPEN_MS + 40_000 }));
    assert.ok(!decision.approved);
    assert.equal(decision.rejection.rule, 'duplicate-signal');
  });
});
