import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../adapters/index.js';
import { silentLogger } from '../../core/index.js';
import { makeTempDir, waitFor } from '../../testing/index.js';
import { reconcileHome } from './reconcileCommand.js';
import { PAPER_BROKER_STATE_FILE, startPaperNode } from './startNode.js';

describe('reconciliation at start', () => {
  it('starts trading when log and broker agree, fails closed when they differ, and resumes once an operator resolves it', async () => {
    const dir = makeTempDir();
    const home = join(dir, 'home');
    const signalDir = join(dir, 'signals');
    mkdirSync(home);
    writeFileSync(join(home, 'config.yaml'), [
      'market:',
      '  intervalMs: 10',
      '  instruments: [{ symbol: ALPHA, exchange: SIM, startPrice: 100, tickSize: 0.01 }]',
      'strategies: [{ id: desk, strategy: external, instruments: [ALPHA.SIM], timeframe: 1m }]',
      '',
    ].join('\n'));
    const start = () => startPaperNode(home, silentLogger, { port: 0, signalDir });

    const first = await start();
    writeFileSync(join(signalDir, 'buy.csv'), 'symbol,signal_type,quantity,price,timeframe,strategy_name\nALPHA,BUY,7,0,1m,desk\n');
    await waitFor('the AmiBroker buy to fill', () => first.node.portfolio.position('paper', 'ALPHA.SIM')?.quantity === 7);
    await first.stop();
    const saved = JSON.parse(readFileSync(join(home, PAPER_BROKER_STATE_FILE), 'utf8')) as { positions: unknown[] };
    assert.deepEqual(saved.positions, [{ accountId: 'paper', instrumentId: 'ALPHA.SIM', quantity: 7 }], 'the paper broker persisted its position');

    const agreed = await start();
    assert.equal(agreed.node.risk.tradingStatus.state, 'ACTIVE', 'log and broker agree: trading starts');
    await agreed.stop();

    // The broker lost its position (as after a crash between the log flush and its own write): fail closed.
    writeFileSync(join(home, PAPER_BROKER_STATE_FILE), JSON.stringify({ ...saved, positions: [] }));
    const differing = await start();
    assert.equal(differing.node.risk.tradingStatus.state, 'HALTED');
    assert.equal(differing.node.risk.tradingStatus.by, 'reconciliation');
    await differing.stop();

    const shown = await reconcileHome(home, { by: 'alice', logger: silentLogger });
    assert.deepEqual(shown, { differences: [{ kind: 'position-differs', accountId: 'paper', instrumentId: 'ALPHA.SIM', log: 7, broker: 0 }], resolved: false });
    const resolved = await reconcileHome(home, { adopt: 'log', by: 'alice', logger: silentLogger });
    assert.equal(resolved.resolved, true);

    const resumed = await start();
    assert.equal(resumed.node.risk.tradingStatus.state, 'ACTIVE', 'resolved: trading resumes');
    await resumed.stop();

    const store = SqliteEventStore.open(join(home, 'events.sqlite'));
    const audit = await store.read({ types: ['ReconciliationMismatch', 'ReconciliationResolved', 'TradingStateChanged'] });
    await store.close();
    assert.deepEqual(
      audit.map((s) => (s.event.type === 'TradingStateChanged' ? `${s.event.type} ${s.event.payload.to} by ${s.event.payload.by}` : s.event.type === 'ReconciliationResolved' ? `${s.event.type} by ${s.event.payload.by}` : s.event.type)),
      ['ReconciliationMismatch', 'TradingStateChanged HALTED by reconciliation', 'ReconciliationResolved by alice', 'TradingStateChanged ACTIVE by alice'],
    );
  });
});
