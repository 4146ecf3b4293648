import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryEventStore } from '../adapters/index.js';
import { InProcessMessageBus } from '../bus/index.js';
import {
  SimulatedClock,
  ValidationError,
  createIdSource,
  createInstrument,
  createInstrumentProvider,
  silentLogger,
  type AnyEvent,
  type EventEnvelope,
} from '../core/index.js';
import { parseAmiBrokerSignals } from './parseAmiBrokerSignals.js';
import { parseWebhookSignal } from './parseWebhookSignal.js';
import { SignalIntake, type SignalIntakeOptions } from './SignalIntake.js';

const instruments = createInstrumentProvider([
  createInstrument({ symbol: 'NIFTY24NOVFUT', exchange: 'NFO', assetClass: 'FUTURE', currency: 'INR', tickSize: 0.05, lotSize: 25 }),
  createInstrument({ symbol: 'BANKNIFTY24NOVFUT', exchange: 'NFO', assetClass: 'FUTURE', currency: 'INR', tickSize: 0.05, lotSize: 15 }),
  createInstrument({ symbol: 'RELIANCE', exchange: 'NSE', currency: 'INR', tickSize: 0.05 }),
  createInstrument({ symbol: 'RELIANCE', exchange: 'BSE', currency: 'INR', tickSize: 0.05 }),
]);
const HEADER = 'symbol,signal_type,quantity,price,timeframe,strategy_name';
const SEED = `${HEADER}\nNIFTY24NOVFUT,BUY,50,25000.0,15min,MA_Crossover\nBANKNIFTY24NOVFUT,SELL,25,52000.0,5min,RSI_Strategy\n`;
const NOW_MS = 1_730_790_000_000;

function setup(options: Partial<SignalIntakeOptions> = {}, store = new MemoryEventStore()) {
  const clock = new SimulatedClock(NOW_MS);
  const bus = new InProcessMessageBus();
  bus.setJournal((event) => store.append(event));
  const seen: AnyEvent[] = [];
  bus.subscribeEvents((event) => seen.push(event));
  const active = new Set(['MA_Crossover', 'RSI_Strategy', 'tv-breakout']);
  const intake = new SignalIntake({
    bus, clock, ids: createIdSource(clock, 3), logger: silentLogger, instruments, isStrategyActive: (id) => active.has(id), ...options,
  });
  return { clock, bus, store, seen, intake };
}

const ofType = <T extends AnyEvent['type']>(events: readonly AnyEvent[], type: T) => events.filter((e): e is EventEnvelope<T> & AnyEvent => e.type === type);

describe('signal intake', () => {
  it('turns each row of an active strategy into SignalReceived keyed by its source line', () => {
    const { intake, seen } = setup();
    const outcome = intake.accept(parseAmiBrokerSignals(SEED, 'seed.csv'), 'amibroker', 'f00d');
    assert.deepEqual(outcome, { received: 2, refused: 0, duplicates: 0, refusals: [] });
    const received = ofType(seen, 'SignalReceived');
    assert.deepEqual(received.map((e) => [e.idempotencyKey, e.correlationId, e.key, e.source]), [
      ['amibroker:f00d:2', 'ab-f00d-2', 'NIFTY24NOVFUT.NFO', 'signals'],
      ['amibroker:f00d:3', 'ab-f00d-3', 'BANKNIFTY24NOVFUT.NFO', 'signals'],
    ]);
    assert.deepEqual(received[0]!.payload.signal, {
      signalId: 'ab-f00d-2', strategyId: 'MA_Crossover', instrumentId: 'NIFTY24NOVFUT.NFO', action: 'BUY', confidence: 1,
      reason: 'AmiBroker MA_Crossover BUY (seed.csv:2)', timeframe: '15m', ts: NOW_MS, origin: 'amibroker', quantity: 50, price: 25000,
    });
  });

  it('refuses a row whose strategy is not registered or not active, naming it', () => {
    const { intake, seen } = setup();
    const outcome = intake.accept(parseAmiBrokerSignals(`${HEADER}\nNIFTY24NOVFUT,BUY,50,0,15min,Unknown_AFL\n`, 'u.csv'), 'amibroker', 'abc');
    assert.equal(outcome.refused, 1);
    assert.deepEqual(ofType(seen, 'SignalRefused').map((e) => [e.idempotencyKey, e.payload]), [
      ['amibroker:abc:2', {
        origin: 'amibroker', sourceRef: 'abc', line: 2, raw: 'NIFTY24NOVFUT,BUY,50,0,15min,Unknown_AFL',
        reason: 'strategy "Unknown_AFL" is not registered or not active, and no external-signal account is configured',
      }],
    ]);
    assert.equal(ofType(seen, 'SignalReceived').length, 0);
  });

  it('books signals of unregistered strategies under the external-signal account when one is configured', () => {
    const { intake, seen } = setup({ externalAccountStrategy: 'external', defaultConfidence: 0.9 });
    intake.accept(parseAmiBrokerSignals(`${HEADER}\nRELIANCE.NSE,SHORT,10,2450.5,1d,Unknown_AFL\n`, 'x.csv'), 'amibroker', 'abc');
    const signal = ofType(seen, 'SignalReceived')[0]!.payload.signal;
    assert.equal(signal.strategyId, 'external');
    assert.equal(signal.confidence, 0.9);
    assert.equal(signal.reason, 'AmiBroker Unknown_AFL SHORT (x.csv:2) via external account external');
  });

  it('refuses an unknown symbol and an ambiguous one, and keeps going with the rest', () => {
    const { intake, seen } = setup();
    const text = `${HEADER}\nTCS,BUY,1,,1d,MA_Crossover\nRELIANCE,BUY,1,,1d,MA_Crossover\nRELIANCE.BSE,BUY,1,,1d,MA_Crossover\n`;
    const outcome = intake.accept(parseAmiBrokerSignals(text, 's.csv'), 'amibroker', 'abc');
    assert.deepEqual([outcome.received, outcome.refused], [1, 2]);
    const reasons = ofType(seen, 'SignalRefused').map((e) => [e.payload.line, e.payload.reason]);
    assert.match(String(reasons[0]![1]), /^unknown symbol "TCS" \(configured instruments: NIFTY24NOVFUT.NFO/);
    assert.deepEqual(reasons[1], [3, 'symbol "RELIANCE" is ambiguous: RELIANCE.NSE, RELIANCE.BSE (write SYMBOL.EXCHANGE)']);
    assert.equal(ofType(seen, 'SignalReceived')[0]!.payload.signal.instrumentId, 'RELIANCE.BSE');
  });

  it('records each row that did not parse as a refusal naming its line, in file order with the good rows', () => {
    const { intake, seen } = setup();
    const text = `${HEADER}\nNIFTY24NOVFUT,BUY,-50,25000,15min,MA_Crossover\nNIFTY24NOVFUT,BUY,50,25000,15min,MA_Crossover\nX,HOLD,1,1,1d,S\n`;
    intake.accept(parseAmiBrokerSignals(text, 'n.csv'), 'amibroker', 'abc');
    const signals = seen.filter((e) => e.type === 'SignalReceived' || e.type === 'SignalRefused');
    assert.deepEqual(signals.map((e) => [e.type, e.idempotencyKey]), [
      ['SignalRefused', 'amibroker:abc:2'],
      ['SignalReceived', 'amibroker:abc:3'],
      ['SignalRefused', 'amibroker:abc:4'],
    ]);
    assert.equal(ofType(seen, 'SignalRefused')[0]!.payload.reason, 'quantity must be > 0, got -50');
  });

  it('snaps a reference price to the tick and refuses a quantity finer than the lot grid', () => {
    const { intake, seen } = setup();
    intake.accept(parseAmiBrokerSignals(`${HEADER}\nNIFTY24NOVFUT,BUY,50,25000.03,15min,MA_Crossover\nNIFTY24NOVFUT,BUY,2.5,1,15min,MA_Crossover\n`, 'p.csv'), 'amibroker', 'abc');
    assert.equal(ofType(seen, 'SignalReceived')[0]!.payload.signal.price, 25000.05);
    assert.match(ofType(seen, 'SignalRefused')[0]!.payload.reason, /quantity 2.5 is finer than NIFTY24NOVFUT.NFO's lot grid \(lot 25\)/);
  });

  it('emits nothing for a file accepted twice, so the log holds each row once', () => {
    const { intake, seen, store } = setup();
    const rows = parseAmiBrokerSignals(`${SEED}TCS,BUY,1,,1d,MA_Crossover\n`, 'seed.csv');
    intake.accept(rows, 'amibroker', 'f00d');
    const again = intake.accept(parseAmiBrokerSignals(`${SEED}TCS,BUY,1,,1d,MA_Crossover\n`, 'copy.csv'), 'amibroker', 'f00d');
    assert.deepEqual(again, { received: 0, refused: 0, duplicates: 3, refusals: [] });
    assert.equal(seen.length, 3);
    assert.equal(store.all().length, 3);
  });

  it('after a restart, remembers from the replayed log which rows were taken', async () => {
    const store = new MemoryEventStore();
    setup({}, store).intake.accept(parseAmiBrokerSignals(SEED, 'seed.csv'), 'amibroker', 'f00d');
    const restarted = setup({}, store);
    for (const { event } of await store.read()) restarted.intake.apply(event);
    const outcome = restarted.intake.accept(parseAmiBrokerSignals(`${SEED}RELIANCE.NSE,BUY,1,,1d,MA_Crossover\n`, 'seed.csv'), 'amibroker', 'f00d');
    assert.deepEqual([outcome.received, outcome.duplicates], [1, 2]);
    assert.deepEqual(store.all().map((s) => s.event.idempotencyKey), ['amibroker:f00d:2', 'amibroker:f00d:3', 'amibroker:f00d:4']);
  });

  it('takes a webhook as one signal keyed by its request, and a bad one as one refusal naming every field', () => {
    const { intake, seen } = setup();
    const good = parseWebhookSignal({ secret: 'x', strategy: 'tv-breakout', ticker: 'NSE:RELIANCE', side: 'buy', quantity: 5, comment: 'range break' });
    assert.equal(intake.accept(good, 'webhook', 'req-1').received, 1);
    const signal = ofType(seen, 'SignalReceived')[0]!;
    assert.equal(signal.idempotencyKey, 'webhook:req-1');
    assert.deepEqual([signal.payload.signal.instrumentId, signal.payload.signal.timeframe, signal.payload.signal.reason], ['RELIANCE.NSE', '1m', 'webhook tv-breakout BUY: range break']);
    assert.equal(intake.accept(good, 'webhook', 'req-1').duplicates, 1, 'a redelivered webhook changes nothing');
    const bad = parseWebhookSignal({ secret: 'x', strategy: 'tv-breakout', symbol: 'RELIANCE.NSE', action: 'hold', quantity: -1 });
    const outcome = intake.accept(bad, 'webhook', 'req-2');
    assert.equal(outcome.refused, 1);
    const refused = ofType(seen, 'SignalRefused')[0]!.payload;
    assert.match(refused.reason, /^action unknown action "hold".*; quantity must be > 0$/);
    assert.equal(refused.line, undefined);
    assert.doesNotMatch(refused.raw, /secret/);
  });

  it('refuses a source ref that could not serve as a key', () => {
    const { intake } = setup();
    assert.throws(() => intake.accept({ signals: [], problems: [] }, 'webhook', 'a:b'), ValidationError);
    assert.throws(() => intake.accept({ signals: [], problems: [] }, 'webhook', ''), /source ref "" must be 1..64 letters/);
  });
});
