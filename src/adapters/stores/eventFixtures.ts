import { ACCOUNT_BOOK, SimulatedClock, createEventFactory, createIdSource, createRandom, notionalMinor, roundToTick } from '../../core/index.js';
import type { AnyEvent, Order, Signal } from '../../core/index.js';

/** Test support for the store specs: realistic event chains built with the core's event factory. */
export const FIXTURE_START_MS = Date.UTC(2024, 0, 2, 14, 30);
export const ORCL = 'ORCL.NASDAQ';
export const MSFT = 'MSFT.NASDAQ';

/**
 * Twelve events: chain A (ORCL, seq 1–8) runs from a strategy signal to a fill, its position and the account;
 * chain B (MSFT, seq 9–12) is an AmiBroker signal the risk engine rejects, then an error keyed `system`.
 * Several events share a ts so inclusive time bounds are tested. Times are FIXTURE_START_MS + 0…6 s.
 */
export function createSampleEvents(): AnyEvent[] {
  const clock = new SimulatedClock(FIXTURE_START_MS);
  const ids = createIdSource(clock, 42);
  const strategy = createEventFactory('strategy', clock, ids);
  const signals = createEventFactory('signals', clock, ids);
  const brain = createEventFactory('brain', clock, ids);
  const risk = createEventFactory('risk', clock, ids);
  const execution = createEventFactory('execution', clock, ids);
  const portfolio = createEventFactory('portfolio', clock, ids);
  const at = (secondsAfterStart: number): void => clock.advanceTo(FIXTURE_START_MS + secondsAfterStart * 1000);

  const signalA: Signal = {
    signalId: 'sig-A', strategyId: 'sma-cross', instrumentId: ORCL, action: 'BUY', confidence: 0.75, strength: -0.125,
    reason: 'fast SMA crossed above slow', timeframe: '1d', ts: FIXTURE_START_MS, origin: 'strategy',
  };
  const generated = strategy.create('SignalGenerated', { signal: signalA }, { key: ORCL });
  const a = { key: ORCL, correlationId: generated.id };
  const intentA = {
    intentId: 'int-A', signalId: 'sig-A', accountId: 'SIM-001', strategyId: 'sma-cross', instrumentId: ORCL, action: 'BUY',
    side: 'BUY', quantity: 100, orderType: 'LIMIT', limitPrice: 37.25, timeInForce: 'DAY', reduceOnly: false, confidence: 0.75,
    timeframe: '1d', ts: FIXTURE_START_MS, correlationId: generated.id, reason: 'fast SMA crossed above slow',
  } as const;
  const intent = brain.create('TradeIntentCreated', { intent: intentA }, { ...a, causationId: generated.id });
  at(1);
  const approved = risk.create('RiskApproved', { intentId: 'int-A', decisionId: 'dec-A', quantity: 80, resizedBy: 'maxPositionPct' }, { ...a, causationId: intent.id });
  const order: Order = {
    clientOrderId: 'O-int-A', intentId: 'int-A', accountId: 'SIM-001', strategyId: 'sma-cross', instrumentId: ORCL, side: 'BUY',
    type: 'LIMIT', quantity: 80, limitPrice: 37.25, timeInForce: 'DAY', status: 'SUBMITTED', filledQuantity: 0, avgFillPrice: 0,
    correlationId: generated.id, reduceOnly: false, createdTs: FIXTURE_START_MS + 1000, updatedTs: FIXTURE_START_MS + 1000,
  };
  const submitted = execution.create('OrderSubmitted', { order }, { ...a, causationId: approved.id, idempotencyKey: 'submit:O-int-A' });
  at(2);
  const accepted = execution.create('OrderAccepted', { clientOrderId: 'O-int-A', brokerOrderId: 'B-981' }, { ...a, causationId: submitted.id });
  at(3);
  const filled = execution.create('OrderFilled', {
    clientOrderId: 'O-int-A', fillId: 'F-1', accountId: 'SIM-001', strategyId: 'sma-cross', instrumentId: ORCL, side: 'BUY',
    quantity: 80, price: 37.23, commissionMinor: 100, currency: 'USD', leavesQuantity: 0, fillTs: FIXTURE_START_MS + 3000,
  }, { ...a, causationId: accepted.id, idempotencyKey: 'fill:F-1' });
  const position = portfolio.create('PositionChanged', {
    position: {
      accountId: 'SIM-001', strategyId: 'sma-cross', instrumentId: ORCL, currency: 'USD', quantity: 80, avgPrice: 37.23,
      costMinor: 297_840, realizedMinor: 0, commissionMinor: 100, openedTs: FIXTURE_START_MS + 3000,
    },
  }, { ...a, causationId: filled.id });
  const account = portfolio.create('AccountUpdated', {
    account: { accountId: 'SIM-001', currency: 'USD', cashMinor: 9_702_060, realizedMinor: 0, commissionMinor: 100 },
  }, { ...a, causationId: filled.id });

  at(4);
  const signalB: Signal = {
    signalId: 'sig-B', strategyId: 'afl-breakout', instrumentId: MSFT, action: 'SHORT', confidence: 0.5, reason: 'AFL Short=1',
    timeframe: '5m', ts: FIXTURE_START_MS + 4000, origin: 'amibroker', quantity: 25, price: 402.15,
  };
  const received = signals.create('SignalReceived', { signal: signalB }, { key: MSFT, idempotencyKey: 'afl:sig-B' });
  const b = { key: MSFT, correlationId: received.id };
  const { limitPrice: _limitPrice, ...marketIntent } = intentA;
  const intentB = brain.create('TradeIntentCreated', {
    intent: {
      ...marketIntent, intentId: 'int-B', signalId: 'sig-B', strategyId: 'afl-breakout', instrumentId: MSFT, action: 'SHORT',
      side: 'SELL', quantity: 25, orderType: 'MARKET', timeframe: '5m', ts: FIXTURE_START_MS + 4000, correlationId: received.id,
      reason: 'AFL Short=1',
    },
  }, { ...b, causationId: received.id });
  at(5);
  const rejected = risk.create('RiskRejected', {
    intentId: 'int-B', signalId: 'sig-B', strategyId: 'afl-breakout', instrumentId: MSFT, rule: 'maxNotional', limit: 5_000,
    observed: '10053.75', reason: 'notional 10,053.75 USD exceeds 5,000 USD',
  }, { ...b, causationId: intentB.id });
  at(6);
  const error = risk.create('ErrorRaised', {
    component: 'risk', code: 'RULE_DEGRADED', message: 'quote is stale',
    details: { limits: { maxNotionalMinor: 500_000, maxPositions: [3, 5.5, -1e-7] }, stale: true, lastQuote: null, venue: 'NASDAQ' },
  }, { key: 'system', correlationId: received.id, causationId: rejected.id });
  return [generated, intent, approved, submitted, accepted, filled, position, account, received, intentB, rejected, error];
}

/** `count` events alternating OrderFilled and PositionChanged with varied prices, sizes and P&L. */
export function createFillStream(count: number, seed: number): AnyEvent[] {
  const clock = new SimulatedClock(FIXTURE_START_MS);
  const ids = createIdSource(clock, seed);
  const random = createRandom(seed);
  const execution = createEventFactory('execution', clock, ids);
  const portfolio = createEventFactory('portfolio', clock, ids);
  const instruments = [ORCL, MSFT, 'RELIANCE.NSE', 'BTCUSDT.BINANCE'];
  const events: AnyEvent[] = [];
  let quantity = 0;
  while (events.length < count) {
    clock.advanceTo(clock.nowMs() + 1 + random.int(60_000));
    const instrumentId = instruments[random.int(instruments.length)]!;
    const side = random.next() < 0.5 ? 'BUY' : 'SELL';
    const fillQuantity = 1 + random.int(1_000);
    const price = roundToTick(0.05 + random.next() * 5_000, 0.05, 2);
    const correlationId = ids.next();
    const fill = execution.create('OrderFilled', {
      clientOrderId: `O-${correlationId}`, fillId: `F-${correlationId}`, accountId: 'SIM-001', strategyId: 'mean-revert',
      instrumentId, side, quantity: fillQuantity, price, commissionMinor: random.int(2_000), currency: 'USD',
      leavesQuantity: random.int(3) * 10, fillTs: clock.nowMs(),
    }, { key: instrumentId, correlationId });
    quantity += side === 'BUY' ? fillQuantity : -fillQuantity;
    events.push(fill);
    if (events.length === count) break;
    events.push(portfolio.create('PositionChanged', {
      position: {
        accountId: 'SIM-001', strategyId: ACCOUNT_BOOK, instrumentId, currency: 'USD', quantity, avgPrice: price,
        costMinor: notionalMinor(price, quantity, 2, 0, 2), realizedMinor: random.int(2_000_000) - 1_000_000,
        commissionMinor: random.int(5_000), openedTs: quantity === 0 ? 0 : clock.nowMs(),
      },
    }, { key: instrumentId, correlationId, causationId: fill.id }));
  }
  return events;
}
