import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryEventStore } from '../../adapters/index.js';
import { ENDPOINTS } from '../../bus/index.js';
import { SimulatedClock, createApprovalAuthority, createEventFactory, createIdSource, silentLogger, type ApprovedTrade, type TradeIntent } from '../../core/index.js';
import { ApprovalKey } from './ApprovalKey.js';
import { BridgedBus } from './BridgedBus.js';
import { DurableOutbox } from './DurableOutbox.js';
import { RemoteApprovalGate } from './RemoteApprovalGate.js';

const intent: TradeIntent = {
  intentId: 'i1', signalId: 's1', accountId: 'paper', strategyId: 'st', instrumentId: 'X.SIM', action: 'BUY', side: 'BUY', quantity: 10,
  orderType: 'MARKET', timeInForce: 'GTC', reduceOnly: false, confidence: 0.9, timeframe: '1m', ts: 1, correlationId: 's1', reason: 'test',
};

function setup() {
  const clock = new SimulatedClock(1);
  const store = new MemoryEventStore();
  const outbox = new DurableOutbox({ store, publisher: { publish: () => undefined, flush: () => Promise.resolve() }, logger: silentLogger });
  const bus = new BridgedBus({ store, outbox });
  const key = ApprovalKey.parse('s'.repeat(32));
  const authority = createApprovalAuthority();
  const executed: ApprovedTrade[] = [];
  bus.register(ENDPOINTS.executionExecute, (trade) => executed.push(trade));
  const gate = new RemoteApprovalGate({ bus, key, approve: authority.approve, clock, ids: createIdSource(clock, 3), logger: silentLogger });
  gate.start();
  const remote = createEventFactory('risk', clock, createIdSource(clock, 9));
  const intentEvent = remote.create('TradeIntentCreated', { intent }, { key: 'X.SIM', idempotencyKey: 'intent:i1' });
  const approval = (quantity: number, signature: string | undefined) =>
    remote.create('RiskApproved', { intentId: 'i1', decisionId: 'd1', quantity, ...(signature !== undefined ? { signature } : {}) }, { key: 'X.SIM', idempotencyKey: `risk:i1:${quantity}:${signature ?? ''}` });
  return { bus, key, store, executed, authority, intentEvent, approval, gate };
}

describe('remote approval gate', () => {
  it('mints a local approved trade for a correctly signed approval, whichever of approval and intent arrives first', () => {
    const { bus, key, executed, authority, intentEvent, approval } = setup();
    bus.deliverRemote(approval(10, key.sign({ intent, quantity: 10, decisionId: 'd1' })));
    assert.equal(executed.length, 0, 'waits for its intent');
    bus.deliverRemote(intentEvent);
    assert.equal(executed.length, 1);
    assert.ok(authority.verify(executed[0]), 'minted by the local authority');
    assert.equal(executed[0]!.quantity, 10);
  });

  it('refuses an approval without a signature, with ErrorRaised naming the code, and executes nothing', async () => {
    const { bus, executed, store, intentEvent, approval } = setup();
    bus.deliverRemote(intentEvent);
    bus.deliverRemote(approval(10, undefined));
    assert.equal(executed.length, 0);
    const errors = (await store.read({ types: ['ErrorRaised'] })).map((s) => s.event);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.type === 'ErrorRaised' && errors[0]!.payload.code, 'APPROVAL_SIGNATURE_MISSING');
  });

  it('refuses an approval whose quantity was changed after signing', async () => {
    const { bus, key, executed, store, intentEvent, approval } = setup();
    bus.deliverRemote(intentEvent);
    bus.deliverRemote(approval(9, key.sign({ intent, quantity: 10, decisionId: 'd1' })));
    assert.equal(executed.length, 0);
    const errors = (await store.read({ types: ['ErrorRaised'] })).map((s) => s.event);
    assert.equal(errors[0]!.type === 'ErrorRaised' && errors[0]!.payload.code, 'APPROVAL_SIGNATURE_INVALID');
  });

  it('refuses a signed approval of more than the intent asked for', async () => {
    const { bus, key, executed, store, intentEvent, approval } = setup();
    bus.deliverRemote(intentEvent);
    bus.deliverRemote(approval(11, key.sign({ intent, quantity: 11, decisionId: 'd1' })));
    assert.equal(executed.length, 0);
    const errors = (await store.read({ types: ['ErrorRaised'] })).map((s) => s.event);
    assert.equal(errors[0]!.type === 'ErrorRaised' && errors[0]!.payload.code, 'INVARIANT_BROKEN');
  });

  it('a short or missing key stops startup naming the variable', () => {
    assert.throws(() => ApprovalKey.parse(undefined), /FORTRESS_APPROVAL_KEY is required/);
    assert.throws(() => ApprovalKey.parse('short'), /too short \(5 characters\): use at least 32/);
  });
});
