import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../adapters/index.js';
import { silentLogger } from '../../core/index.js';
import { makeTempDir, waitFor } from '../../testing/index.js';
import { startPaperNode } from './startNode.js';

describe('the live paper node', () => {
  it('serves health and metrics, takes AmiBroker files and webhook alerts through risk to the paper broker', async () => {
    const dir = makeTempDir();
    const home = join(dir, 'home');
    const signalDir = join(dir, 'signals');
    mkdirSync(home);
    writeFileSync(join(home, 'config.yaml'), [
      'market:',
      '  intervalMs: 10',
      '  instruments: [{ symbol: ALPHA, exchange: SIM, startPrice: 100, tickSize: 0.01 }, { symbol: BETA, exchange: SIM, startPrice: 20, tickSize: 0.01 }]',
      'strategies:',
      '  - { id: alpha-sma, strategy: sma-crossover, instruments: [ALPHA.SIM], timeframe: 1m, params: { fast: 5, slow: 20 } }',
      '  - { id: beta-rsi, strategy: rsi, instruments: [BETA.SIM], timeframe: 1m }',
      '',
    ].join('\n'));
    const running = await startPaperNode(home, silentLogger, { port: 0, signalDir, webhookSecret: 's3cret' });
    try {
      const base = running.http.url;
      const health = await fetch(`${base}/health`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { status: string }).status, 'ok');

      // An AmiBroker file: the good row becomes a signal and an order; the bad one is named in the sidecar.
      writeFileSync(join(signalDir, 'batch1.csv'), 'symbol,signal_type,quantity,price,timeframe,strategy_name\nALPHA,BUY,10,0,1m,alpha-sma\nBETA,HOLD,5,0,1m,beta-rsi\n');
      await waitFor('the file in errors/ with its sidecar', () => existsSync(join(signalDir, 'errors')) && readdirSync(join(signalDir, 'errors')).some((f) => f.endsWith('.errors.txt')));
      await waitFor('a fill for the AmiBroker signal', () => running.node.portfolio.position('paper', 'ALPHA.SIM', 'alpha-sma')?.quantity === 10);

      // A webhook alert: a wrong secret is refused and emits nothing; the right one reaches the broker.
      const alert = { strategy: 'beta-rsi', symbol: 'BETA', action: 'buy', quantity: 5 };
      const refused = await fetch(`${base}/signals/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...alert, secret: 'nope' }) });
      assert.equal(refused.status, 401);
      const accepted = await fetch(`${base}/signals/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...alert, secret: 's3cret' }) });
      assert.equal(accepted.status, 202, await accepted.clone().text());
      await waitFor('a fill for the webhook signal', () => running.node.portfolio.position('paper', 'BETA.SIM', 'beta-rsi')?.quantity === 5);

      const metrics = await (await fetch(`${base}/metrics`)).text();
      assert.match(metrics, /fortress_fills_total\{instrument="ALPHA\.SIM"\} 1/);
      assert.match(metrics, /fortress_trading_state 0/);
    } finally {
      await running.stop();
    }
    const store = SqliteEventStore.open(join(home, 'events.sqlite'));
    const received = await store.read({ types: ['SignalReceived'] });
    const refusedEvents = await store.read({ types: ['SignalRefused'] });
    await store.close();
    assert.deepEqual(received.map((s) => s.event.type === 'SignalReceived' && s.event.payload.signal.origin), ['amibroker', 'webhook']);
    assert.equal(refusedEvents.length, 1, 'the unparsable row is an event too');
  });
});
