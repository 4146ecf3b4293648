import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MINUTE_MS, T0, startTestNode } from './controlHarness.test.js';

describe('status control', () => {
  it('lists every component and is ok while they all are', () => {
    const t = startTestNode();
    t.bar(100);
    const status = t.controls.status.status();
    assert.equal(status.state, 'ok');
    assert.equal(status.mode, 'paper');
    assert.equal(status.startedAt, new Date(T0).toISOString());
    assert.equal(status.uptimeSeconds, MINUTE_MS / 1000);
    assert.deepEqual(status.components.map((c) => c.name), ['feed', 'event-log', 'trading', 'execution', 'signal-intake', 'strategies']);
    assert.equal(status.components.find((c) => c.name === 'strategies')?.detail, '1 of 1 running');
  });

  it('is degraded when trading is not ACTIVE or the broker session expired, and down when the feed stopped', () => {
    const t = startTestNode();
    t.node.risk.setTradingState('HALTED', 'carol', 'end of day');
    let status = t.controls.status.status();
    assert.equal(status.state, 'degraded');
    assert.deepEqual(status.components.find((c) => c.name === 'trading'), { name: 'trading', state: 'degraded', detail: 'HALTED (carol: end of day)' });
    t.node.execution.onReport({ kind: 'sessionExpired', reason: 'token expired', ts: t.clock.nowMs() });
    status = t.controls.status.status();
    assert.match(status.components.find((c) => c.name === 'execution')?.detail ?? '', /session expired: token expired/);
    t.stopFeed();
    assert.equal(t.controls.status.status().state, 'down');
  });

  it('names a strategy that could not be started', () => {
    const t = startTestNode();
    t.catalog.apply({ ...t.ofType('StrategyRegistered')[0]!, id: 'x', payload: { ...t.ofType('StrategyRegistered')[0]!.payload, strategyId: 'ghost', strategy: 'gone' } });
    const strategies = t.controls.status.status().components.find((c) => c.name === 'strategies');
    assert.equal(strategies?.state, 'degraded');
    assert.match(strategies?.detail ?? '', /could not start: ghost/);
  });
});
