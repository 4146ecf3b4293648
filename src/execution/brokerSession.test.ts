import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PaperBroker } from '../adapters/brokers/index.js';
import { InProcessMessageBus } from '../bus/index.js';
import { createApprovalAuthority, createIdSource, silentLogger, SimulatedClock, ValidationError, type BrokerReport } from '../core/index.js';
import { engineHarness, INSTRUMENTS, ORCL, T0 } from './engineHarness.test.js';
import { ExecutionEngine } from './ExecutionEngine.js';

const SESSION_REFUSAL = /^broker paper session expired \(token expired at 15:30\): no new order is sent until a fresh token is supplied$/;

describe('ExecutionEngine and the broker session', () => {
  it('sends no new order while the broker session is expired: nothing reaches the broker, BrokerSessionExpired says why once', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.execute('working', { orderType: 'LIMIT', limitPrice: 9 });
    h.broker.expireSession('token expired at 15:30');
    h.broker.expireSession('token expired at 15:30'); // the venue repeats itself
    const received = h.broker.requestsReceived;
    h.execute('entry');
    h.execute('exit', { side: 'SELL', reduceOnly: true });
    assert.equal(h.broker.requestsReceived, received);
    assert.deepEqual(h.of('BrokerSessionExpired').map((e) => [e.key, e.source, e.payload]), [
      ['paper', 'ExecutionEngine', { broker: 'paper', reason: 'token expired at 15:30' }],
    ]);
    assert.deepEqual(h.of('OrderDenied').map((e) => e.payload.order.clientOrderId), ['entry', 'exit']);
    assert.ok(h.of('OrderDenied').every((e) => SESSION_REFUSAL.test(e.payload.order.reason ?? '')));
    assert.deepEqual(h.engine.brokerSession, { broker: 'paper', expired: true, reason: 'token expired at 15:30', sinceMs: T0 });
  });

  it('leaves working orders alone (they still fill) and still attempts cancels', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.execute('buy', { orderType: 'LIMIT', limitPrice: 9 });
    h.execute('far', { orderType: 'LIMIT', limitPrice: 1 });
    h.broker.expireSession('token expired at 15:30');
    h.bar(8);
    assert.equal(h.status('buy'), 'FILLED');
    assert.equal(h.engine.cancel('far', 'operator'), true);
    assert.deepEqual(h.of('OrderCancelRequested').map((e) => e.payload.clientOrderId), ['far']);
    assert.deepEqual(h.of('OrderCancelRejected').map((e) => e.payload.reason), ['session expired: token expired at 15:30']);
    assert.equal(h.status('far'), 'ACCEPTED');
  });

  it('rejects orders still waiting for the rate budget when the session expires', () => {
    const h = engineHarness({ fillModel: 'next-open', ordersPerSecond: 1 });
    h.execute('first');
    h.execute('second');
    assert.equal(h.status('second'), 'INITIALIZED');
    h.broker.expireSession('token expired at 15:30');
    h.bar(10);
    assert.equal(h.status('second'), 'REJECTED');
    assert.match(h.engine.registry.get('second')?.reason ?? '', SESSION_REFUSAL);
    assert.equal(h.broker.requestsReceived, 1);
  });

  it('resumes when a fresh token is supplied: BrokerSessionRestored, then orders reach the broker again', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.broker.expireSession('token expired at 15:30');
    assert.throws(() => h.engine.updateBrokerToken('  '), ValidationError);
    h.engine.updateBrokerToken('fresh-token');
    assert.deepEqual(h.of('BrokerSessionRestored').map((e) => e.payload), [{ broker: 'paper' }]);
    assert.deepEqual(h.engine.brokerSession, { broker: 'paper', expired: false });
    h.execute('after');
    assert.equal(h.status('after'), 'ACCEPTED');
    assert.equal(h.broker.requestsReceived, 1);
    h.engine.updateBrokerToken('another');
    assert.equal(h.of('BrokerSessionRestored').length, 1, 'a token for a session that was not expired changes nothing');
  });

  it('stays paused after a restart whose log ends with the session expired, until a fresh token arrives', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.broker.expireSession('token expired at 15:30');
    const clock = new SimulatedClock(T0);
    const bus = new InProcessMessageBus();
    const broker = new PaperBroker({ clock, instruments: INSTRUMENTS, config: { fillModel: 'next-open' } });
    const authority = createApprovalAuthority();
    const engine = new ExecutionEngine({ bus, clock, ids: createIdSource(clock, 9), logger: silentLogger, broker, verify: authority.verify, instruments: INSTRUMENTS });
    engine.start();
    for (const event of h.events) engine.applySessionEvent(event);
    const intent = h.intent('again');
    assert.equal(engine.execute(authority.approve(intent, intent.quantity, 'd')), 'denied');
    assert.equal(broker.requestsReceived, 0);
    engine.updateBrokerToken('fresh-token');
    const next = h.intent('later');
    assert.equal(engine.execute(authority.approve(next, next.quantity, 'd2')), 'submitted');
    assert.equal(broker.requestsReceived, 1);
  });
});

describe('PaperBroker session simulation', () => {
  it('rejects submissions with the token reason and reports the session gone until a fresh token; a blank token is invalid', () => {
    const clock = new SimulatedClock(T0);
    const broker = new PaperBroker({ clock, instruments: INSTRUMENTS, config: { fillModel: 'next-open' } });
    const reports: BrokerReport[] = [];
    broker.setListener((report) => reports.push(report));
    const request = { clientOrderId: 'x1', accountId: 'acc', instrumentId: ORCL.id, side: 'BUY', type: 'MARKET', quantity: 5, timeInForce: 'GTC' } as const;
    broker.expireSession('revoked by the venue');
    broker.submit(request);
    broker.updateToken(' ');
    broker.updateToken('fresh');
    broker.submit(request);
    assert.deepEqual(reports, [
      { kind: 'sessionExpired', reason: 'revoked by the venue', ts: T0 },
      { kind: 'rejected', clientOrderId: 'x1', reason: 'session expired: revoked by the venue', ts: T0 },
      { kind: 'sessionExpired', reason: 'revoked by the venue', ts: T0 },
      { kind: 'sessionExpired', reason: 'invalid access token: empty', ts: T0 },
      { kind: 'sessionRestored', ts: T0 },
      { kind: 'accepted', clientOrderId: 'x1', brokerOrderId: 'paper-1', ts: T0 },
    ]);
  });
});
