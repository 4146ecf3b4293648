import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { MemoryEventStore } from '../adapters/index.js';
import { InProcessMessageBus, TOPICS, type BarSubscription } from '../bus/index.js';
import {
  SimulatedClock, ValidationError, createIdSource, createInstrument, createInstrumentProvider, silentLogger,
  type AnyEvent, type Bar, type EventEnvelope, type EventType,
} from '../core/index.js';
import { DataEngine } from '../data/index.js';
import { SignalIntake, parseAmiBrokerSignals } from '../signals/index.js';
import { createDefaultStrategyRegistry } from './createDefaultStrategyRegistry.js';
import type { Strategy, StrategyDefinition } from './Strategy.js';
import { StrategyCatalog } from './StrategyCatalog.js';
import { StrategyRunner } from './StrategyRunner.js';

const ALPHA = createInstrument({ symbol: 'ALPHA', exchange: 'SIM', tickSize: 0.01 });
const BETA = createInstrument({ symbol: 'BETA', exchange: 'SIM', tickSize: 0.05 });
const instruments = createInstrumentProvider([ALPHA, BETA]);
const T0 = Date.UTC(2024, 0, 2, 14, 30);
const WHO = { by: 'operator', reason: 'spec' } as const;

/** A real strategy for specs: every instance writes `<tag>#<instance>@<close>` for each bar it sees into `seen`, and throws on a close of `failAt`. */
const seen: string[] = [];
let instances = 0;
const recorder: StrategyDefinition<{ tag: string; failAt?: number | undefined }> = {
  name: 'recorder',
  description: 'records the bars it receives',
  params: z.object({ tag: z.string().min(1).default('r'), failAt: z.coerce.number().optional() }).strict(),
  create(params, setup): Strategy {
    const instance = ++instances;
    const subscriptions: BarSubscription[] = setup.instrumentIds.map((instrumentId) => ({ instrumentId, timeframe: setup.timeframe }));
    return {
      subscriptions,
      onBar: (bar: Bar) => {
        if (bar.close === params.failAt) throw new Error(`cannot handle ${bar.close}`);
        seen.push(`${params.tag}#${instance}@${bar.close}`);
      },
    };
  },
};

/** One node's worth of real parts on a log: bus journaled to `store`, data engine, runner, catalog, signal intake. */
function node(store = new MemoryEventStore(), clock = new SimulatedClock(T0)) {
  const bus = new InProcessMessageBus();
  bus.setJournal((event) => store.append(event));
  const events: AnyEvent[] = [];
  bus.subscribeEvents((event) => events.push(event));
  const ids = createIdSource(clock, 7);
  new DataEngine({ bus, logger: silentLogger }).start();
  const runner = new StrategyRunner({ bus, clock, ids, logger: silentLogger, accountId: 'paper' });
  runner.start();
  const registry = createDefaultStrategyRegistry().register(recorder);
  const catalog = new StrategyCatalog({ bus, clock, ids, logger: silentLogger, registry, runner, instruments });
  const intake = new SignalIntake({ bus, clock, ids, logger: silentLogger, instruments, isStrategyActive: catalog.isStrategyActive });
  const of = <T extends EventType>(type: T) => events.filter((e): e is EventEnvelope<T> & AnyEvent => e.type === type);
  let minute = 0;
  return {
    store, bus, clock, runner, catalog, intake, events, of,
    /** One 1m bar of `instrumentId` closing at `close`, published at its close time. */
    bar(close: number, instrumentId = ALPHA.id): void {
      const ts = T0 + minute++ * 60_000;
      clock.advanceTo(Math.max(clock.nowMs(), ts + 60_000));
      bus.publish(TOPICS.bar, { instrumentId, timeframe: '1m', ts, open: close, high: close, low: close, close, volume: 100 });
    },
    /** Replay everything this node's log holds into a fresh node (a restart), then start its catalog. */
    restarted() {
      const next = node(store, new SimulatedClock(clock.nowMs()));
      for (const { event } of store.all()) next.catalog.apply(event);
      next.catalog.start();
      return next;
    },
  };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected the command to be refused');
}

const amiBroker = (strategy: string): string => `symbol,signal_type,quantity,price,timeframe,strategy_name\nALPHA,BUY,10,100.5,1m,${strategy}\n`;

describe('StrategyCatalog', () => {
  it('registers a strategy: emits StrategyRegistered with who and why, and the runner feeds it bars', () => {
    const n = node();
    n.catalog.start();
    instances = 0;
    seen.length = 0;
    const view = n.catalog.register({ strategyId: 'alpha-rec', strategy: 'recorder', instruments: [ALPHA.id], timeframe: '1m', params: { tag: 'a' } }, WHO);
    assert.deepEqual(n.of('StrategyRegistered').map((e) => [e.key, e.idempotencyKey, e.payload]), [[
      'alpha-rec', 'strategy:alpha-rec:registered',
      { strategyId: 'alpha-rec', strategy: 'recorder', instrumentIds: [ALPHA.id], timeframe: '1m', params: { tag: 'a' }, active: true, by: 'operator', reason: 'spec' },
    ]]);
    assert.equal(view.running, true);
    assert.equal(n.catalog.isStrategyActive('alpha-rec'), true);
    n.bar(100);
    assert.deepEqual(seen, ['a#1@100']);
  });

  it('refuses to register an unknown strategy, an unknown instrument, bad parameters, a taken id, or no who/why, naming each; nothing is emitted', () => {
    const n = node();
    n.catalog.start();
    const spec = { strategyId: 's1', strategy: 'sma-crossover', instruments: [ALPHA.id], timeframe: '1m', params: { fast: 5, slow: 20 } } as const;
    n.catalog.register(spec, WHO);
    const before = n.events.length;
    assert.match(refusal(() => n.catalog.register({ ...spec, strategyId: 's2', strategy: 'golden-goose' }, WHO)), /unknown strategy "golden-goose" \(known: .*sma-crossover/);
    assert.match(refusal(() => n.catalog.register({ ...spec, strategyId: 's2', instruments: ['NOPE.SIM'] }, WHO)), /unknown instrument "NOPE.SIM" \(configured: ALPHA.SIM, BETA.SIM\)/);
    assert.equal(refusal(() => n.catalog.register({ ...spec, strategyId: 's2', params: { fast: 50 } }, WHO)), 'strategy "sma-crossover": parameter "fast": must be less than slow (30), got 50');
    assert.match(refusal(() => n.catalog.register({ ...spec, strategyId: 's2', params: { fsat: 5 } }, WHO)), /unknown parameter "fsat"/);
    assert.match(refusal(() => n.catalog.register(spec, WHO)), /strategy id "s1" is already registered/);
    assert.match(refusal(() => n.catalog.register({ ...spec, strategyId: 's 2' }, WHO)), /register strategy: strategyId: letters, digits/);
    assert.match(refusal(() => n.catalog.register({ ...spec, strategyId: 's2', timeframe: '2m' as '1m' }, WHO)), /register strategy: timeframe: /);
    assert.match(refusal(() => n.catalog.register({ ...spec, strategyId: 's2' }, { by: '', reason: 'x' })), /register strategy: by: /);
    assert.equal(n.events.length, before);
    assert.deepEqual(n.catalog.list().map((s) => s.strategyId), ['s1']);
  });

  it('deactivates a strategy: it receives no bars and the signal intake refuses its external signals; activating resumes both', () => {
    const n = node();
    n.catalog.start();
    seen.length = 0;
    instances = 0;
    n.catalog.register({ strategyId: 'ami', strategy: 'recorder', instruments: [ALPHA.id], timeframe: '1m', params: { tag: 'x' } }, WHO);
    const view = n.catalog.deactivate('ami', { by: 'alice', reason: 'misbehaving' });
    assert.deepEqual([view.active, view.running, view.by, view.reason], [false, false, 'alice', 'misbehaving']);
    assert.deepEqual(n.of('StrategyDeactivated').map((e) => e.payload), [{ strategyId: 'ami', by: 'alice', reason: 'misbehaving' }]);
    n.bar(101);
    assert.deepEqual(seen, []);
    const refused = n.intake.accept(parseAmiBrokerSignals(amiBroker('ami'), 'a.csv'), 'amibroker', 'f1');
    assert.deepEqual([refused.received, refused.refused], [0, 1]);
    assert.match(n.of('SignalRefused')[0]!.payload.reason, /strategy "ami" is not registered or not active/);

    n.catalog.activate('ami', { by: 'alice', reason: 'fixed' });
    assert.deepEqual(n.of('StrategyActivated').map((e) => e.payload), [{ strategyId: 'ami', by: 'alice', reason: 'fixed' }]);
    n.bar(102);
    assert.deepEqual(seen, ['x#1@102']);
    const taken = n.intake.accept(parseAmiBrokerSignals(amiBroker('ami'), 'b.csv'), 'amibroker', 'f2');
    assert.equal(taken.received, 1);
    assert.equal(n.of('SignalReceived')[0]!.payload.signal.strategyId, 'ami');
  });

  it('emits nothing when activating an active or deactivating an inactive strategy, and refuses an unknown id', () => {
    const n = node();
    n.catalog.start();
    n.catalog.register({ strategyId: 'r', strategy: 'recorder', instruments: [ALPHA.id], timeframe: '1m' }, WHO);
    const before = n.events.length;
    n.catalog.activate('r', WHO);
    n.catalog.deactivate('r', WHO);
    n.catalog.deactivate('r', WHO);
    assert.equal(n.events.length, before + 1);
    assert.equal(refusal(() => n.catalog.activate('ghost', WHO)), 'unknown strategy id "ghost" (registered: r)');
    assert.match(refusal(() => n.catalog.deactivate('ghost', WHO)), /unknown strategy id "ghost"/);
    assert.match(refusal(() => n.catalog.setParameters('ghost', { tag: 'y' }, WHO)), /unknown strategy id "ghost"/);
    assert.match(refusal(() => n.catalog.activate('r', { by: 'x', reason: ' ' })), /activate strategy: reason: /);
  });

  it('activating revives a strategy the runner stopped after it threw; until then its external signals are refused', () => {
    const n = node();
    n.catalog.start();
    seen.length = 0;
    instances = 0;
    n.catalog.register({ strategyId: 'r', strategy: 'recorder', instruments: [ALPHA.id], timeframe: '1m', params: { tag: 'r', failAt: 13 } }, WHO);
    n.bar(13);
    assert.deepEqual(n.of('ErrorRaised').map((e) => e.payload.code), ['STRATEGY_FAILED']);
    assert.deepEqual([n.catalog.get('r')?.active, n.catalog.get('r')?.running, n.catalog.isStrategyActive('r')], [true, false, false]);
    n.catalog.activate('r', { by: 'ops', reason: 'looked into it' });
    assert.equal(n.of('StrategyActivated').length, 1);
    n.bar(14);
    assert.deepEqual(seen, ['r#1@14']);
    assert.equal(n.catalog.isStrategyActive('r'), true);
  });

  it('changes parameters by swapping in a new instance (indicators restart), keeping the active flag; refuses bad values naming them', () => {
    const n = node();
    n.catalog.start();
    seen.length = 0;
    instances = 0;
    n.catalog.register({ strategyId: 'r', strategy: 'recorder', instruments: [ALPHA.id], timeframe: '1m', params: { tag: 'old' } }, WHO);
    n.bar(100);
    const view = n.catalog.setParameters('r', { tag: 'new' }, { by: 'bob', reason: 'retune' });
    assert.deepEqual(view.params, { tag: 'new' });
    assert.deepEqual(n.of('StrategyParametersChanged').map((e) => e.payload), [{ strategyId: 'r', params: { tag: 'new' }, previous: { tag: 'old' }, by: 'bob', reason: 'retune' }]);
    n.bar(101);
    assert.deepEqual(seen, ['old#1@100', 'new#2@101']);
    const before = n.events.length;
    n.catalog.setParameters('r', { tag: 'new' }, WHO);
    assert.equal(n.events.length, before, 'unchanged parameters emit nothing');
    assert.match(refusal(() => n.catalog.setParameters('r', { tag: '' }, WHO)), /strategy "recorder": parameter "tag": /);
    assert.match(refusal(() => n.catalog.setParameters('r', { period: 3 }, WHO)), /unknown parameter "period"/);
    n.catalog.deactivate('r', WHO);
    n.catalog.setParameters('r', { tag: 'quiet' }, WHO);
    n.bar(102);
    assert.deepEqual(seen, ['old#1@100', 'new#2@101'], 'a deactivated strategy stays deactivated with new parameters');
    assert.equal(n.events.length, before + 2);
  });

  it('rebuilds the same strategies, parameters and active flags from the log after a restart', () => {
    const n = node();
    n.catalog.start();
    n.catalog.register({ strategyId: 'a', strategy: 'sma-crossover', instruments: [ALPHA.id], timeframe: '1m', params: { fast: 5, slow: 20 } }, WHO);
    n.catalog.register({ strategyId: 'b', strategy: 'recorder', instruments: [BETA.id], timeframe: '1m', params: { tag: 'b' } }, WHO);
    n.catalog.register({ strategyId: 'ext', strategy: 'external', instruments: [ALPHA.id, BETA.id], timeframe: '1d', active: false }, WHO);
    n.catalog.setParameters('a', { fast: 3 }, WHO);
    n.catalog.deactivate('b', WHO);
    const summary = (c: StrategyCatalog) => c.list().map((s) => [s.strategyId, s.strategy, s.params, s.active, s.running, s.instrumentIds, s.timeframe]);
    const restarted = n.restarted();
    assert.deepEqual(summary(restarted.catalog), summary(n.catalog));
    assert.deepEqual(summary(restarted.catalog), [
      ['a', 'sma-crossover', { fast: 3, slow: 20 }, true, true, [ALPHA.id], '1m'],
      ['b', 'recorder', { tag: 'b' }, false, false, [BETA.id], '1m'],
      ['ext', 'external', {}, false, false, [ALPHA.id, BETA.id], '1d'],
    ]);
    assert.deepEqual(restarted.runner.strategyIds(), ['a', 'b', 'ext']);
    assert.equal(restarted.events.length, 0, 'replay emits nothing');
    seen.length = 0;
    restarted.bar(50, BETA.id);
    assert.deepEqual(seen, [], 'deactivated before the restart, deactivated after');
    assert.equal(restarted.catalog.isStrategyActive('ext'), false);
    restarted.catalog.activate('ext', WHO);
    assert.equal(restarted.catalog.isStrategyActive('ext'), true);
  });

  it('keeps a logged strategy that can no longer be built inactive, naming why, and refuses to activate it', () => {
    const n = node();
    n.catalog.start();
    n.catalog.register({ strategyId: 'r', strategy: 'recorder', instruments: [ALPHA.id], timeframe: '1m' }, WHO);
    const store = new MemoryEventStore();
    for (const { event } of n.store.all()) store.append(event);
    const bus = new InProcessMessageBus();
    const clock = new SimulatedClock(T0);
    const errors: string[] = [];
    bus.subscribe('ErrorRaised', (e) => errors.push(e.payload.code));
    new DataEngine({ bus, logger: silentLogger }).start();
    const ids = createIdSource(clock, 1);
    const runner = new StrategyRunner({ bus, clock, ids, logger: silentLogger, accountId: 'paper' });
    const catalog = new StrategyCatalog({ bus, clock, ids, logger: silentLogger, registry: createDefaultStrategyRegistry(), runner, instruments });
    for (const { event } of store.all()) catalog.apply(event);
    catalog.start();
    const view = catalog.get('r')!;
    assert.deepEqual([view.active, view.running], [true, false]);
    assert.match(view.problem ?? '', /unknown strategy "recorder"/);
    assert.deepEqual(errors, ['STRATEGY_START_FAILED']);
    assert.equal(catalog.isStrategyActive('r'), false);
    assert.match(refusal(() => catalog.activate('r', WHO)), /unknown strategy "recorder"/);
  });
});
