import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PaperBroker, SqliteEventStore, readAll } from '../../adapters/index.js';
import {
  SimulatedClock, ValidationError, createIdSource, createInstrument, createInstrumentProvider, silentLogger, type AnyEvent,
} from '../../core/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import { defaultRiskConfig } from '../../risk/index.js';
import { makeTempDir } from '../../testing/index.js';
import { createNode } from '../createNode.js';
import { parseNodeConfig } from './nodeConfig.js';
import { startStrategyCatalog } from './startStrategyCatalog.js';

const instrumentSpecs = [{ symbol: 'ALPHA', exchange: 'SIM', tickSize: 0.01 }, { symbol: 'BETA', exchange: 'SIM', tickSize: 0.05 }];
const instruments = createInstrumentProvider(instrumentSpecs.map((spec) => createInstrument(spec)));
const T0 = Date.UTC(2024, 0, 2, 14, 30);

const configText = (strategies: string): string => `
market:
  instruments:
    - { symbol: ALPHA, exchange: SIM, startPrice: 100 }
    - { symbol: BETA, exchange: SIM, startPrice: 250, tickSize: 0.05 }
strategies:
${strategies}`;

const FIRST = configText(`
  - { id: alpha-sma, strategy: sma-crossover, instruments: [ALPHA.SIM], timeframe: 1s, params: { fast: 5, slow: 20 } }
  - { id: beta-rsi, strategy: rsi, instruments: [BETA.SIM], timeframe: 1s }
`);

/** Start a paper node on the SQLite log at `path` the way the runtime does: replay the log, then build the catalog. */
async function start(path: string, config: string, startMs: number) {
  const clock = new SimulatedClock(startMs);
  const store = SqliteEventStore.open(path);
  const logged: AnyEvent[] = [];
  for await (const { event } of readAll(store)) logged.push(event);
  const broker = new PaperBroker({ clock, instruments, config: { fillModel: 'tick' } });
  const ids = createIdSource(clock, 11);
  const node = createNode(
    { clock, ids, logger: silentLogger, broker, simulatedMarket: broker, store, instruments, calendar: new ExchangeCalendar() },
    { accountId: 'paper', currency: 'USD', startingCashMinor: 10_000_000, sizing: { mode: 'fixed-quantity', quantity: 10 }, pyramiding: false, timeInForce: 'GTC', risk: defaultRiskConfig() },
  );
  try {
    const catalog = startStrategyCatalog({ node, clock, ids, logger: silentLogger, instruments, logged, configured: parseNodeConfig(config, 'config.yaml').strategies });
    return { node, catalog, store, clock, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

const summary = (c: { list(): readonly { strategyId: string; strategy: string; params: unknown; active: boolean; running: boolean; by: string }[] }) =>
  c.list().map((s) => [s.strategyId, s.strategy, s.params, s.active, s.running, s.by]);

describe('startStrategyCatalog: config seeds, the log owns', () => {
  it('registers the configured strategies on the first run, then rebuilds them from the log with their changes after a restart', async () => {
    const path = join(makeTempDir(), 'events.sqlite');
    const first = await start(path, FIRST, T0);
    assert.deepEqual(summary(first.catalog), [
      ['alpha-sma', 'sma-crossover', { fast: 5, slow: 20 }, true, true, 'config'],
      ['beta-rsi', 'rsi', {}, true, true, 'config'],
    ]);
    first.catalog.setParameters('alpha-sma', { fast: 8 }, { by: 'alice', reason: 'slower' });
    first.catalog.deactivate('beta-rsi', { by: 'alice', reason: 'noisy' });
    await first.close();

    // The config file still says fast: 5 and lists beta-rsi as active, and gains a third strategy.
    const second = await start(path, configText(`
  - { id: alpha-sma, strategy: sma-crossover, instruments: [ALPHA.SIM], timeframe: 1s, params: { fast: 5, slow: 20 } }
  - { id: beta-rsi, strategy: rsi, instruments: [BETA.SIM], timeframe: 1s }
  - { id: ami, strategy: external, instruments: [ALPHA.SIM, BETA.SIM], timeframe: 1d }
`), T0 + 60_000);
    assert.deepEqual(summary(second.catalog), [
      ['alpha-sma', 'sma-crossover', { fast: 8, slow: 20 }, true, true, 'alice'],
      ['beta-rsi', 'rsi', {}, false, false, 'alice'],
      ['ami', 'external', {}, true, true, 'config'],
    ]);
    assert.deepEqual(second.node.strategies.strategyIds(), ['alpha-sma', 'beta-rsi', 'ami']);
    assert.equal(second.catalog.isStrategyActive('beta-rsi'), false);
    assert.equal(second.catalog.isStrategyActive('ami'), true);
    await second.close();

    const third = await start(path, FIRST, T0 + 120_000);
    assert.deepEqual(summary(third.catalog), summary(second.catalog), 'a strategy dropped from the config file stays: the log owns the catalog');
    const registered: string[] = [];
    for await (const { event } of readAll(third.store)) if (event.type === 'StrategyRegistered') registered.push(event.payload.strategyId);
    assert.deepEqual(registered, ['alpha-sma', 'beta-rsi', 'ami'], 'each strategy is registered once');
    await third.close();
  });

  it('stops startup on a configured strategy that does not validate, naming strategies.<id> and what is wrong', async () => {
    const path = join(makeTempDir(), 'events.sqlite');
    const bad = configText(`
  - { id: gamma, strategy: sma-crossover, instruments: [GAMMA.SIM], timeframe: 1s }
`);
    await assert.rejects(start(path, bad, T0), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /^config\.yaml: strategies\.gamma: unknown instrument "GAMMA\.SIM" \(configured: ALPHA\.SIM, BETA\.SIM\)$/);
      return true;
    });
  });
});
