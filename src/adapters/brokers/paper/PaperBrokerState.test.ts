import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock, createInstrument, createInstrumentProvider, type Bar, type BrokerReport } from '../../../core/index.js';
import { PaperBroker } from './PaperBroker.js';
import { parsePaperBrokerState } from './PaperBrokerState.js';

const instrument = createInstrument({ symbol: 'X', exchange: 'SIM', tickSize: 0.01 });
const instruments = createInstrumentProvider([instrument]);
const bar = (ts: number, open: number, low = open, high = open): Bar => ({ instrumentId: 'X.SIM', timeframe: '1m', ts, open, high, low, close: open, volume: 1000 });

describe('paper broker durable state', () => {
  it('a restored broker has the same working orders and positions and goes on filling them', async () => {
    const clock = new SimulatedClock(0);
    const first = new PaperBroker({ clock, instruments, config: { fillModel: 'next-open' } });
    first.setListener(() => undefined);
    first.onBar(bar(0, 10));
    first.submit({ clientOrderId: 'buy', accountId: 'a', instrumentId: 'X.SIM', side: 'BUY', type: 'MARKET', quantity: 5, timeInForce: 'GTC' });
    first.onBar(bar(60_000, 10.5));
    first.submit({ clientOrderId: 'limit', accountId: 'a', instrumentId: 'X.SIM', side: 'SELL', type: 'LIMIT', limitPrice: 12, quantity: 5, timeInForce: 'GTC' });
    const saved = JSON.parse(JSON.stringify(first.snapshot())) as unknown;

    const second = new PaperBroker({ clock, instruments, config: { fillModel: 'next-open' } });
    const reports: BrokerReport[] = [];
    second.setListener((r) => reports.push(r));
    second.restore(parsePaperBrokerState(saved, 'paper-broker.json'));
    assert.deepEqual(await second.openOrders(), await first.openOrders());
    assert.deepEqual(await second.positions(), [{ accountId: 'a', instrumentId: 'X.SIM', quantity: 5 }]);
    second.onBar(bar(120_000, 11, 11, 12.5));
    assert.deepEqual(reports.map((r) => (r.kind === 'filled' ? `${r.fillId} ${r.quantity}@${r.price}` : r.kind)), ['limit-f1 5@12']);
    assert.deepEqual(await second.positions(), []);
  });

  it('refuses a damaged state, naming the field', () => {
    assert.throws(() => parsePaperBrokerState({ version: 1, brokerSeq: 1, orders: [{ clientOrderId: 'x' }], positions: [] }, 'paper-broker.json'), /paper-broker\.json: .*orders\.0\.brokerOrderId/);
  });
});
