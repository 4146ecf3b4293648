import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENDPOINTS } from '../bus/index.js';
import { createApprovalAuthority, type AnyEvent } from '../core/index.js';
import type { RiskRule } from './RiskRule.js';
import { createTestEngine } from './testEngine.js';
import { makeIntent, TUESDAY_OPEN_MS } from './testSupport.js';

const decisionsOf = (events: readonly AnyEvent[]) => events.filter((e) => e.type === 'RiskApproved' || e.type === 'RiskRejected');

describe('RiskEngine', () => {
  it('approves an intent that passes every rule and sends the trade to execution', () => {
    const { engine, events, executed, authority } = createTestEngine();
    const intent = makeIntent({ quantity: 10 });
    const decision = engine.evaluate(intent);
    assert.equal(decision.approved, true);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.ok(event?.type === 'RiskApproved');
    assert.equal(event.source, 'risk');
    assert.equal(event.key, 'ORCL.NASDAQ');
    assert.equal(event.correlationId, intent.correlationId);
    assert.equal(event.causationId, intent.intentId);
    assert.equal(event.idempotencyKey, `risk:${intent.intentId}`);
    assert.equal(event.payload.intentId, intent.intentId);
    assert.equal(event.payload.quantity, 10);
    assert.equal(executed.length, 1);
    const trade = executed[0]!;
    assert.equal(trade.intent, intent);
    assert.equal(trade.decisionId, event.payload.decisionId);
    assert.equal(authority.verify(trade), true);
  });

  it('mints trades that another approval authority does not recognise', () => {
    const { engine, executed } = createTestEngine();
    engine.evaluate(makeIntent());
    const stranger = createApprovalAuthority();
    assert.equal(stranger.verify(executed[0]), false);
    assert.equal(stranger.verify({ ...executed[0]! }), false);
  });

  it('evaluates intents sent to the RiskEngine.evaluate endpoint', () => {
    const { bus, events, executed } = createTestEngine();
    bus.send(ENDPOINTS.riskEvaluate, makeIntent());
    assert.deepEqual(events.map((e) => e.type), ['RiskApproved']);
    assert.equal(executed.length, 1);
  });

  it('rejects with one RiskRejected event naming the rule, limit and observed value, and sends nothing on', () => {
    const { engine, events, executed } = createTestEngine();
    const intent = makeIntent({ confidence: 0.5 });
    const decision = engine.evaluate(intent);
    assert.equal(decision.approved, false);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.ok(event?.type === 'RiskRejected');
    assert.deepEqual(event.payload, {
      intentId: intent.intentId, signalId: intent.signalId, strategyId: 'sma', instrumentId: 'ORCL.NASDAQ',
      rule: 'min-confidence', limit: 0.6, observed: 0.5, reason: 'confidence 0.5 is below the minimum 0.6',
    });
    assert.equal(event.idempotencyKey, `risk:${intent.intentId}`);
    assert.equal(executed.length, 0);
  });

  it('lets the first failing rule in the fixed order decide', () => {
    const { engine } = createTestEngine();
    const decision = engine.evaluate(makeIntent({ confidence: 0.1, quantity: 10_000 }));
    assert.ok(!decision.approved);
    assert.equal(decision.rejection.rule, 'min-confidence');
  });

  it('skips a disabled rule', () => {
    const { engine } = createTestEngine({ rules: { minConfidence: { enabled: false } } });
    assert.equal(engine.evaluate(makeIntent({ confidence: 0.1 })).approved, true);
  });

  it('emits exactly one decision event per intent', () => {
    const { engine, events } = createTestEngine();
    const intents = Array.from({ length: 40 }, (_, i) =>
      makeIntent({ confidence: (i % 10) / 10, quantity: 1 + i * 20, strategyId: `s${i % 3}`, ts: TUESDAY_OPEN_MS + i * 30_000 }),
    );
    for (const intent of intents) engine.evaluate(intent);
    const decisions = decisionsOf(events);
    assert.equal(decisions.length, intents.length);
    assert.deepEqual(new Set(decisions.map((e) => e.payload.intentId)).size, intents.length);
  });

  it('counts only approvals: a rejected intent does not trigger the duplicate window, an approved one does', () => {
    const { engine } = createTestEngine();
    assert.equal(engine.evaluate(makeIntent({ confidence: 0.1 })).approved, false);
    assert.equal(engine.evaluate(makeIntent({ ts: TUESDAY_OPEN_MS + 1_000 })).approved, true);
    const again = engine.evaluate(makeIntent({ ts: TUESDAY_OPEN_MS + 2_000 }));
    assert.ok(!again.approved);
    assert.equal(again.rejection.rule, 'duplicate-signal');
  });

  it('answers a redelivered intent with its first decision and changes nothing', () => {
    const { engine, events, executed } = createTestEngine();
    const intent = makeIntent();
    const first = engine.evaluate(intent);
    const second = engine.evaluate(intent);
    assert.equal(second, first);
    assert.equal(events.length, 1);
    assert.equal(executed.length, 1);
    assert.equal(engine.state.ordersOnDay('acc-1', Math.floor(TUESDAY_OPEN_MS / 86_400_000)), 1);
  });

  it('fails closed when a rule throws: the intent is rejected under that rule and an ErrorRaised is emitted', () => {
    const broken: RiskRule = { name: 'broken', check: () => { throw new Error('index out of range'); } };
    const { engine, events, executed } = createTestEngine({}, { rules: [broken] });
    const decision = engine.evaluate(makeIntent());
    assert.ok(!decision.approved);
    assert.equal(decision.rejection.rule, 'broken');
    assert.match(decision.rejection.reason, /index out of range/);
    assert.deepEqual(events.map((e) => e.type), ['ErrorRaised', 'RiskRejected']);
    const error = events[0];
    assert.ok(error?.type === 'ErrorRaised');
    assert.equal(error.payload.component, 'risk');
    assert.match(error.payload.message, /broken.*index out of range/);
    assert.equal(executed.length, 0);
  });

  it('fails closed when a port a rule reads throws (equity of an account the portfolio does not know)', () => {
    const { engine, events, executed } = createTestEngine();
    const decision = engine.evaluate(makeIntent({ accountId: 'acc-unknown' }));
    assert.ok(!decision.approved);
    assert.equal(decision.rejection.rule, 'max-position-pct');
    assert.equal(decision.rejection.observed, 'UNKNOWN_ACCOUNT');
    assert.match(decision.rejection.reason, /no account acc-unknown/);
    assert.equal(events[0]?.type, 'ErrorRaised');
    assert.equal(executed.length, 0);
  });

  it('approves the smaller quantity a rule resizes to and says which rule resized it', () => {
    const halve: RiskRule = { name: 'halve', check: (intent) => ({ ok: true, quantity: intent.quantity / 2 }) };
    const { engine, events, executed, authority } = createTestEngine({}, { rules: [halve] });
    engine.evaluate(makeIntent({ quantity: 8 }));
    const [event] = events;
    assert.ok(event?.type === 'RiskApproved');
    assert.equal(event.payload.quantity, 4);
    assert.equal(event.payload.resizedBy, 'halve');
    assert.equal(executed[0]?.quantity, 4);
    assert.equal(authority.verify(executed[0]), true);
  });

  it('fails closed when a rule "resizes" a trade upwards', () => {
    const grow: RiskRule = { name: 'grow', check: (intent) => ({ ok: true, quantity: intent.quantity * 2 }) };
    const { engine, executed } = createTestEngine({}, { rules: [grow] });
    const decision = engine.evaluate(makeIntent());
    assert.ok(!decision.approved);
    assert.equal(decision.rejection.rule, 'grow');
    assert.equal(executed.length, 0);
  });

  it('fails closed on an intent the approval authority refuses (non-positive quantity)', () => {
    const { engine, executed } = createTestEngine();
    const decision = engine.evaluate(makeIntent({ quantity: 0 }));
    assert.ok(!decision.approved);
    assert.equal(executed.length, 0);
  });
});
