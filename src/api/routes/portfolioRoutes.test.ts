import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STARTING_CASH_MINOR } from '../../app/control/controlHarness.test.js';
import { startRoutesApi, statusByRole, type RoutesApi } from './routesHarness.test.js';

describe('portfolio routes', () => {
  let api: RoutesApi;
  before(async () => {
    api = await startRoutesApi();
    api.node.bar(100);
    api.node.signal('BUY', 30, { strategyId: 'trend' });
    api.node.signal('SHORT', 10, { strategyId: 'hedge' });
    api.node.bar(100);
    api.node.bar(102.5);
  });
  after(() => api.close());

  it('serves account, positions, summary and equity to any logged-in user', async () => {
    for (const path of ['/account', '/positions', '/positions?books=true', '/portfolio/summary', '/portfolio/equity']) {
      assert.deepEqual(await statusByRole(api, 'GET', path), { anonymous: 401, viewer: 200, trader: 200, admin: 200 }, path);
    }
  });

  it('answers net positions by default and every book with books=true, marked at the last price', async () => {
    const net = await api.call('GET', '/positions', { as: 'viewer' });
    assert.deepEqual(net.body['positions'], [{
      accountId: 'paper-1', strategyId: '*', instrumentId: 'ALPHA.SIM', currency: 'USD', quantity: 20, avgPrice: 100, costMinor: 200_000,
      realizedMinor: 0, commissionMinor: 0, openedTs: api.node.node.portfolio.position('paper-1', 'ALPHA.SIM')!.openedTs,
      lastPrice: 102.5, marketValueMinor: 205_000, unrealizedMinor: 5_000,
    }]);
    const books = await api.call('GET', '/positions?books=true', { as: 'viewer' });
    const unrealized = Object.fromEntries((books.body['positions'] as { strategyId: string; unrealizedMinor: number }[]).map((p) => [p.strategyId, p.unrealizedMinor]));
    assert.deepEqual(unrealized, { '*': 5_000, trend: 7_500, hedge: -2_500 });
    const bad = await api.call('GET', '/positions?books=maybe', { as: 'viewer' });
    assert.deepEqual([bad.status, bad.body.error?.field], [400, 'querystring.books']);
  });

  it('sums the account: equity, P&L, exposure, in minor units with their digits', async () => {
    const account = await api.call('GET', '/account', { as: 'viewer' });
    assert.deepEqual(account.body, {
      accountId: 'paper-1', currency: 'USD', cashMinor: STARTING_CASH_MINOR - 200_000, realizedMinor: 0, commissionMinor: 0, equityMinor: STARTING_CASH_MINOR + 5_000, minorDigits: 2,
    });
    const summary = await api.call('GET', '/portfolio/summary', { as: 'viewer' });
    assert.deepEqual(
      [summary.body['equityMinor'], summary.body['pnlTodayMinor'], summary.body['pnlTotalMinor'], summary.body['unrealizedMinor'], summary.body['grossExposureMinor'], summary.body['openPositions']],
      [STARTING_CASH_MINOR + 5_000, 5_000, 5_000, 5_000, 205_000, 1],
    );
  });

  it('serves the equity curve oldest first, ending at the equity now', async () => {
    const curve = await api.call('GET', '/portfolio/equity', { as: 'viewer' });
    const points = curve.body['points'] as [number, number][];
    assert.ok(points.length >= 2);
    assert.deepEqual(points.at(-1), [api.node.clock.nowMs(), STARTING_CASH_MINOR + 5_000]);
  });
});
