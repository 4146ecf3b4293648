import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../api/index.js';
import { ALPHA, BETA, refusal, startTestNode } from './controlHarness.test.js';

const ALICE: Actor = { username: 'alice', role: 'trader', via: 'token' };
const ROOT: Actor = { username: 'root', role: 'admin', via: 'apiKey:k1' };

describe('strategy control', () => {
  it('lists the catalog with parameters, state and exchange, and the kinds with their parameter defaults', () => {
    const t = startTestNode();
    assert.deepEqual(t.controls.strategies.list(), [
      { strategyId: 'sma-1', strategy: 'sma-crossover', instruments: [ALPHA.id], timeframe: '1m', params: { fast: 2, slow: 3 }, active: true, running: true, exchange: 'SIM' },
    ]);
    const sma = t.controls.strategies.kinds().find((k) => k.name === 'sma-crossover');
    assert.deepEqual(sma?.params, { fast: 10, slow: 30, confidence: 1 });
    assert.equal(t.controls.strategies.get('nope'), undefined);
  });

  it('registers, deactivates, activates and re-parameterises, each an event naming the user', () => {
    const t = startTestNode();
    const s = t.controls.strategies;
    const registered = s.register({ strategyId: 'mom-1', strategy: 'momentum', instruments: [BETA.id], params: { lookback: 5 } }, ROOT);
    assert.equal(registered.timeframe, '1m', 'a registration without a timeframe takes the default');
    assert.equal(registered.running, true);
    assert.equal(s.deactivate('mom-1', ALICE).active, false);
    assert.equal(s.activate('mom-1', ALICE).running, true);
    assert.deepEqual(s.setParams('mom-1', { entryPct: 4 }, ALICE).params, { lookback: 5, entryPct: 4 });
    const registeredEvent = t.ofType('StrategyRegistered').at(-1)!;
    assert.equal(registeredEvent.payload.by, 'root');
    assert.match(registeredEvent.payload.reason, /via API \(apiKey:k1\)/);
    assert.deepEqual(t.ofType('StrategyDeactivated').map((e) => e.payload.by), ['alice']);
    assert.deepEqual(t.ofType('StrategyActivated').map((e) => e.payload.by), ['alice']);
    assert.deepEqual(t.ofType('StrategyParametersChanged').map((e) => e.payload.previous), [{ lookback: 5 }]);
  });

  it('refuses an unknown id as NOT_FOUND naming it, and a taken id as CONFLICT', () => {
    const t = startTestNode();
    const missing = refusal(() => t.controls.strategies.deactivate('ghost', ALICE));
    assert.equal(missing.code, 'NOT_FOUND');
    assert.equal(missing.field, 'strategyId');
    assert.match(missing.message, /"ghost".*registered: sma-1/);
    const taken = refusal(() => t.controls.strategies.register({ strategyId: 'sma-1', strategy: 'rsi', instruments: [ALPHA.id] }, ROOT));
    assert.equal(taken.code, 'CONFLICT');
  });

  it("refuses a parameter the strategy's schema rejects as INVALID naming the parameter, and changes nothing", () => {
    const t = startTestNode();
    const bad = refusal(() => t.controls.strategies.setParams('sma-1', { fast: 50 }, ALICE));
    assert.equal(bad.code, 'INVALID');
    assert.equal(bad.field, 'params.fast');
    assert.match(bad.message, /parameter "fast": must be less than slow/);
    assert.deepEqual(t.controls.strategies.get('sma-1')?.params, { fast: 2, slow: 3 });
    assert.equal(t.ofType('StrategyParametersChanged').length, 0);
  });

  it('refuses an unknown strategy or instrument naming the field', () => {
    const t = startTestNode();
    const kind = refusal(() => t.controls.strategies.register({ strategyId: 'x', strategy: 'martingale', instruments: [ALPHA.id] }, ROOT));
    assert.equal(kind.field, 'strategy');
    const instrument = refusal(() => t.controls.strategies.register({ strategyId: 'x', strategy: 'rsi', instruments: ['NOPE.SIM'] }, ROOT));
    assert.equal(instrument.field, 'instruments');
    const timeframe = refusal(() => t.controls.strategies.register({ strategyId: 'x', strategy: 'rsi', instruments: [ALPHA.id], timeframe: '2m' }, ROOT));
    assert.equal(timeframe.field, 'timeframe');
  });
});
