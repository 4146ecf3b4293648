import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../api/index.js';
import { RECENT_REJECTIONS } from './RejectionLog.js';
import { createRiskControl, engineTradingCommands } from './riskControl.js';
import { ACCOUNT, startTestNode } from './controlHarness.test.js';

const ALICE: Actor = { username: 'alice', role: 'trader', via: 'token' };

describe('risk control', () => {
  it('shows each rule with its settings, and the measured ones against their limit', () => {
    const t = startTestNode();
    t.bar(100);
    t.signal('BUY', 100);
    t.bar(100); // filled at 100: 10,000.00 of 1,000,000.00 equity
    t.bar(90); // marked at 90: equity down 1,000.00 today
    const rules = new Map(t.controls.risk.status().rules.map((r) => [r.rule, r]));
    assert.deepEqual(rules.get('trading-state')?.limits, { state: 'ACTIVE', by: 'startup', reason: 'default' });
    assert.deepEqual(rules.get('min-confidence'), { rule: 'min-confidence', enabled: true, limits: { min: 0.6 } });
    assert.deepEqual(rules.get('max-daily-loss'), { rule: 'max-daily-loss', enabled: true, limits: { limitPct: 5, action: 'HALTED' }, current: 0.1, limit: 5, usedPct: 2 });
    assert.equal(rules.get('max-gross-exposure')?.current, 0.9, '9,000.00 of 999,000.00 equity');
    assert.equal(rules.get('max-orders-per-day')?.current, 1);
    assert.equal(rules.get('liquidity-guard')?.enabled, false);
  });

  it('keeps the last 50 rejections newest first with their reasons, and counts every rejection by rule', () => {
    const t = startTestNode();
    t.bar(100);
    for (let i = 0; i < RECENT_REJECTIONS + 5; i++) t.signal('BUY', 10, { confidence: 0.1, strategyId: `s${i}` });
    const status = t.controls.risk.status();
    assert.equal(status.recentRejections.length, RECENT_REJECTIONS);
    assert.equal(status.recentRejections[0]?.strategyId, `s${RECENT_REJECTIONS + 4}`, 'newest first');
    assert.equal(status.recentRejections.at(-1)?.strategyId, 's5');
    assert.match(status.recentRejections[0]!.reason, /confidence 0.1 is below the minimum 0.6/);
    assert.equal(status.recentRejections[0]!.correlationId, t.ofType('RiskRejected').at(-1)!.correlationId);
    assert.deepEqual(status.rejectionsByRule, { 'min-confidence': RECENT_REJECTIONS + 5 });
  });

  it('seeds the rejections from the events read from the log at start', () => {
    const t = startTestNode();
    t.bar(100);
    t.signal('BUY', 10, { confidence: 0.2 });
    const restarted = createRiskControl({ risk: t.node.risk, commands: engineTradingCommands(t.node.risk), bus: t.node.bus, portfolio: t.node.portfolio, accountId: ACCOUNT, clock: t.clock, logged: t.events });
    assert.deepEqual(restarted.status().rejectionsByRule, { 'min-confidence': 1 });
    restarted.stop();
  });

  it('sets the trading state in the name of the user, and the engine then rejects new entries', () => {
    const t = startTestNode();
    t.bar(100);
    const info = t.controls.risk.setTradingState('REDUCING', 'volatile open', ALICE);
    assert.deepEqual(info, { state: 'REDUCING', by: 'alice', reason: 'volatile open', since: new Date(t.clock.nowMs()).toISOString() });
    assert.deepEqual(t.ofType('TradingStateChanged').map((e) => [e.payload.to, e.payload.by, e.payload.cancelOpenOrders]), [['REDUCING', 'alice', false]]);
    t.signal('BUY', 10);
    assert.equal(t.ofType('RiskRejected').at(-1)?.payload.rule, 'trading-state');
    assert.equal(t.controls.risk.status().tradingState.state, 'REDUCING');
  });

  it('kill switch: HALTED at once and every open order asked to be canceled, naming the user', () => {
    const t = startTestNode();
    t.bar(100);
    t.signal('BUY', 10, { strategyId: 'a' });
    t.signal('BUY', 20, { strategyId: 'b' });
    assert.equal(t.controls.execution.openOrders().length, 2);
    const info = t.controls.risk.killSwitch('runaway strategy', ALICE);
    assert.equal(info.state, 'HALTED');
    assert.equal(info.by, 'alice');
    const changed = t.ofType('TradingStateChanged').at(-1)!;
    assert.equal(changed.payload.cancelOpenOrders, true);
    const requests = t.ofType('OrderCancelRequested');
    assert.equal(requests.length, 2);
    assert.ok(requests.every((e) => e.payload.by === 'alice'));
    assert.equal(t.controls.execution.openOrders().length, 0, 'the paper broker canceled both');
  });
});
