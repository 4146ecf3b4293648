import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PaperBroker, SqliteEventStore } from '../../adapters/index.js';
import { SimulatedClock, createIdSource, createInstrument, createInstrumentProvider, silentLogger } from '../../core/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import { defaultRiskConfig } from '../../risk/index.js';
import { makeTempDir } from '../../testing/index.js';
import { createNode } from '../createNode.js';
import { NODE_SNAPSHOT, equityReferencesIn, foldRecovery, nodeSnapshotState, readRecovery } from './recoverFromLog.js';

const ALPHA = createInstrument({ symbol: 'ALPHA', exchange: 'SIM', tickSize: 0.01 });

function nodeOn(store: SqliteEventStore, clock: SimulatedClock) {
  const instruments = createInstrumentProvider([ALPHA]);
  const broker = new PaperBroker({ clock, instruments, config: { fillModel: 'tick', slippageBps: 0 } });
  return createNode(
    { clock, ids: createIdSource(clock, 1), logger: silentLogger, broker, simulatedMarket: broker, store, instruments, calendar: new ExchangeCalendar({}) },
    { accountId: 'paper', currency: 'USD', startingCashMinor: 10_000_000, sizing: { mode: 'fixed-quantity', quantity: 1 }, pyramiding: false, timeInForce: 'GTC', risk: defaultRiskConfig() },
  );
}

describe("the node's snapshot", () => {
  it("carries the risk engine's equity references (day start, peak) to the restarted node", async () => {
    const dir = makeTempDir();
    const clock = new SimulatedClock(Date.UTC(2026, 10, 20, 15, 0));
    const store = SqliteEventStore.open(join(dir, 'events.sqlite'));
    const before = nodeOn(store, clock);
    before.onBar({ instrumentId: ALPHA.id, timeframe: '1m', ts: clock.nowMs(), open: 10, high: 10, low: 10, close: 10, volume: 100 });
    const references = before.risk.equityReferences();
    assert.equal(references.length, 1, 'the bar made the engine sample the account');
    await store.saveSnapshotAtHead(NODE_SNAPSHOT, clock.nowMs(), nodeSnapshotState(before));
    await store.close();

    const reopened = SqliteEventStore.open(join(dir, 'events.sqlite'));
    const after = nodeOn(reopened, clock);
    assert.equal(after.risk.metrics.get('paper'), undefined);
    foldRecovery(await readRecovery(reopened, clock.nowMs()), after);
    assert.deepEqual(after.risk.equityReferences(), references);
    await reopened.close();
  });

  it('reads back only well-formed equity references: a damaged entry is dropped and sampled again, never trusted', () => {
    const good = { accountId: 'paper', equityMinor: 100, dayStartEquityMinor: 90, peakEquityMinor: 120, sampledMs: 5 };
    assert.deepEqual(equityReferencesIn([good, { ...good, accountId: 7 }, { ...good, peakEquityMinor: 1.5 }, null, 'x']), [good]);
    assert.deepEqual(equityReferencesIn(undefined), []);
    assert.deepEqual(equityReferencesIn({ accountId: 'paper' }), []);
  });
});
