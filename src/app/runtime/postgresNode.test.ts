import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresEventStore } from '../../adapters/index.js';
import { silentLogger } from '../../core/index.js';
import { makeTempDir, usePostgresServer, waitFor } from '../../testing/index.js';
import { startPaperNode } from './startNode.js';

const postgres = usePostgresServer();

describe('the paper node on PostgreSQL (DATABASE_URL)', () => {
  it('keeps its event log in PostgreSQL, and a restart rebuilds orders and positions from it', { timeout: 90_000 }, async () => {
    const home = join(makeTempDir(), 'home');
    mkdirSync(home);
    writeFileSync(join(home, 'config.yaml'), [
      'market:',
      '  intervalMs: 10',
      '  instruments: [{ symbol: ALPHA, exchange: SIM, startPrice: 100, tickSize: 0.01 }]',
      'strategies: [{ id: alpha-sma, strategy: sma-crossover, instruments: [ALPHA.SIM], timeframe: 1m, params: { fast: 5, slow: 20 } }]',
      '',
    ].join('\n'));
    const options = { port: 0, databaseUrl: postgres.server.url, adminPassword: 'postgres-node-password', webhookSecret: 'pg-secret' };
    const first = await startPaperNode(home, silentLogger, options);
    try {
      const alert = { secret: 'pg-secret', strategy: 'alpha-sma', symbol: 'ALPHA', action: 'buy', quantity: 7 };
      const accepted = await fetch(`${first.http.url}/signals/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alert) });
      assert.equal(accepted.status, 202, await accepted.clone().text());
      await waitFor('the webhook buy filled', () => first.node.portfolio.position('paper', 'ALPHA.SIM', 'alpha-sma')?.quantity === 7);
      const status = (await (await fetch(`${first.http.url}/health`)).json()) as { components: { name: string; state: string; detail?: string }[] };
      const log = status.components.find((c) => c.name === 'event-log');
      assert.equal(log?.state, 'ok');
      assert.match(log?.detail ?? '', /^postgres(ql)?:\/\//, 'the health names the PostgreSQL log');
    } finally {
      await first.stop();
    }
    const cashBefore = first.node.portfolio.account('paper')?.cashMinor;

    const store = await PostgresEventStore.open(postgres.server.url);
    const fills = await store.read({ types: ['OrderFilled'] });
    const snapshot = await store.loadSnapshot('node');
    await store.close();
    assert.equal(fills.length, 1, 'the fill is in PostgreSQL');
    assert.ok(snapshot !== undefined && snapshot.seq > 0, 'the stop left a snapshot');

    const second = await startPaperNode(home, silentLogger, options);
    try {
      assert.equal(second.node.portfolio.position('paper', 'ALPHA.SIM', 'alpha-sma')?.quantity, 7, 'the position came back from the log');
      assert.equal(second.node.portfolio.account('paper')?.cashMinor, cashBefore);
      assert.equal(second.node.risk.tradingStatus.state, 'ACTIVE', 'log and paper broker agree: no reconciliation halt');
    } finally {
      await second.stop();
    }
  });
});
