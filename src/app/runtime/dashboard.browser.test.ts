import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { silentLogger } from '../../core/index.js';
import { makeTempDir, waitFor } from '../../testing/index.js';
import { artifactDir, builtDashboardDir, collectPageErrors, launchChromium } from '../../testing/browser.js';
import { startPaperNode, type RunningNode } from './startNode.js';

const ADMIN_PASSWORD = 'browser-test-admin-password';
const WEBHOOK_SECRET = 'browser-test-secret';
const STEP_TIMEOUT_MS = 20_000;

// A fast synthetic feed (a tick every 50 ms) and a strategy slow enough never to trade during the test, so
// the position the test opens stays open and its P&L moves with every tick.
const CONFIG = [
  'market:',
  '  intervalMs: 50',
  '  instruments: [{ symbol: ALPHA, exchange: SIM, startPrice: 100, tickSize: 0.01, volatility: 0.002 }]',
  'strategies:',
  '  - { id: alpha-sma, strategy: sma-crossover, instruments: [ALPHA.SIM], timeframe: 1m, params: { fast: 5, slow: 20 } }',
  '',
].join('\n');

async function screenshot(page: Page, dir: string, name: string): Promise<void> {
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** The text of a data-testid element once it differs from `before` (live values). Polled from here: the
 * page's content security policy forbids the string evaluation page.waitForFunction would need. */
async function textChangedFrom(page: Page, testId: string, before: string): Promise<string> {
  const element = page.getByTestId(testId);
  let text = before;
  await waitFor(`${testId} to change from "${before}"`, async () => {
    text = ((await element.textContent()) ?? '').trim();
    return text !== before;
  }, STEP_TIMEOUT_MS);
  return text;
}

async function logIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').filter({ hasText: username }).waitFor();
}

describe('the dashboard in a browser (Chromium against the running paper node)', () => {
  let browser: Browser;
  let running: RunningNode;
  let shots: string;

  before(async () => {
    builtDashboardDir();
    shots = artifactDir('dashboard');
    browser = await launchChromium();
    const home = join(makeTempDir(), 'home');
    mkdirSync(home);
    writeFileSync(join(home, 'config.yaml'), CONFIG);
    // First run: the admin is created with this password (there is no default password).
    running = await startPaperNode(home, silentLogger, { port: 0, signalDir: join(home, 'signals'), webhookSecret: WEBHOOK_SECRET, adminPassword: ADMIN_PASSWORD });
    assert.equal(running.admin.created, true);
  });

  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('logs in, sees live P&L move, deactivates a strategy, halts with the kill switch and charts a backtest', { timeout: 120_000 }, async () => {
    const base = running.http.url;
    // A long position through the webhook intake, so unrealized P&L follows the ticks. Risk refuses an order it
    // cannot price (max-order-notional), so the alert goes once the feed has ticked.
    await waitFor('a first price', () => running.node.portfolio.lastPrice('ALPHA.SIM') !== undefined);
    const alert = await fetch(`${base}/signals/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ strategy: 'alpha-sma', symbol: 'ALPHA', action: 'buy', quantity: 40, secret: WEBHOOK_SECRET }),
    });
    assert.equal(alert.status, 202, await alert.text());
    await waitFor('the webhook buy to fill', () => running.node.portfolio.position('paper', 'ALPHA.SIM', 'alpha-sma')?.quantity === 40);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const errors = collectPageErrors(page);

    await logIn(page, base, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('stream-state').filter({ hasText: 'live' }).waitFor();

    // Overview: the position is listed and P&L moves as ticks arrive.
    await page.getByTestId('position-ALPHA.SIM').waitFor();
    const firstPnl = await textChangedFrom(page, 'pnl-total', '—');
    const movedPnl = await textChangedFrom(page, 'pnl-total', firstPnl);
    assert.notEqual(movedPnl, firstPnl);
    await waitFor('the equity curve to have points', async () => Number(await page.getByTestId('equity-chart').getAttribute('data-points')) >= 2, STEP_TIMEOUT_MS);
    await screenshot(page, shots, '1-overview-live-pnl');

    // Strategies: deactivate one; the page and the node agree.
    await page.getByTestId('nav-strategies').click();
    await page.getByTestId('strategy-state-alpha-sma').filter({ hasText: /^active$/ }).waitFor();
    await page.getByTestId('strategy-toggle-alpha-sma').click();
    await page.getByTestId('strategy-state-alpha-sma').filter({ hasText: /^inactive$/ }).waitFor();
    assert.equal(running.strategies.list().find((s) => s.strategyId === 'alpha-sma')?.active, false);
    await screenshot(page, shots, '2-strategy-deactivated');

    // Kill switch: it asks first (with a reason), then trading is HALTED everywhere.
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('trading-state').filter({ hasText: 'ACTIVE' }).waitFor();
    await page.getByTestId('kill-switch').click();
    await page.getByTestId('kill-switch-modal').waitFor();
    assert.equal(running.node.risk.tradingStatus.state, 'ACTIVE', 'nothing happens before the confirmation');
    await page.getByTestId('kill-switch-reason').fill('browser test');
    await screenshot(page, shots, '3-kill-switch-confirm');
    await page.getByTestId('kill-switch-modal-confirm').click();
    await page.getByTestId('trading-state').filter({ hasText: 'HALTED' }).waitFor();
    await page.getByTestId('header-trading-state').filter({ hasText: 'HALTED' }).waitFor();
    assert.equal(running.node.risk.tradingStatus.state, 'HALTED');
    await screenshot(page, shots, '4-halted');

    // Orders, risk and the event log: the webhook trade is in the history, the rules are listed, and its
    // correlation id opens the trade's whole story.
    await page.getByTestId('nav-orders').click();
    await page.locator('[data-testid="order-history"] tbody tr').filter({ hasText: 'FILLED' }).first().waitFor();
    await screenshot(page, shots, '5-orders');
    await page.getByTestId('nav-risk').click();
    await page.getByTestId('risk-rules').waitFor();
    await page.getByTestId('set-state-HALTED').and(page.locator(':disabled')).waitFor();
    await screenshot(page, shots, '6-risk');
    await page.getByTestId('nav-events').click();
    await page.getByTestId('event-type-filter').selectOption('SignalReceived');
    await page.locator('[data-testid="event-row"][data-type="SignalReceived"] [data-testid="story-link"]').first().click();
    await page.locator('[data-testid="story-event"][data-type="OrderFilled"]').waitFor();
    const story = await page.getByTestId('story-event').evaluateAll((items) => items.map((item) => item.getAttribute('data-type')));
    assert.deepEqual(story.slice(0, 3), ['SignalReceived', 'TradeIntentCreated', 'RiskApproved']);
    await screenshot(page, shots, '7-event-story');

    // Backtests: run one from the form, watch it finish, see its charts.
    await page.getByTestId('nav-backtests').click();
    await page.getByTestId('backtest-instrument').fill('synthetic:DEMO');
    await page.getByTestId('backtest-run').click();
    await page.getByTestId('backtest-state').filter({ hasText: 'done' }).waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="backtest-price-chart"] canvas').first().waitFor();
    await page.locator('[data-testid="backtest-equity-chart"] canvas').first().waitFor();
    await page.getByTestId('backtest-stats').waitFor();
    assert.ok((await page.locator('[data-testid="backtest-trades"] tbody tr').count()) > 0, 'the report lists the trades drawn on the chart');
    await screenshot(page, shots, '8-backtest-report');

    // A phone-sized screen: the same overview, readable.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('pnl-total').waitFor();
    await screenshot(page, shots, '9-overview-phone');

    assert.deepEqual(errors, [], 'the page raised no errors');
  });

  it('shows a viewer everything with the commands disabled, signs out for good, and sends a refused token back to the login page', { timeout: 60_000 }, async () => {
    const base = running.http.url;
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${base}/auth/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ username: 'watcher', password: 'watcher-password-1', role: 'viewer' }),
    });
    assert.equal(created.status, 201, await created.text());

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    // The refused token below makes the browser log its 401s; nothing else may be an error.
    const errors = collectPageErrors(page, [/status of 401/]);
    await logIn(page, base, 'watcher', 'watcher-password-1');
    assert.equal(await page.getByTestId('kill-switch').isDisabled(), true);
    await page.getByTestId('nav-strategies').click();
    await page.getByTestId('strategy-toggle-alpha-sma').waitFor();
    assert.equal(await page.getByTestId('strategy-toggle-alpha-sma').isDisabled(), true);
    await page.getByTestId('nav-backtests').click();
    assert.equal(await page.getByTestId('backtest-run').isDisabled(), true);
    await screenshot(page, shots, '10-viewer');
    // Access: a viewer's own account, and why there are no API keys; nothing of the users.
    await page.getByTestId('nav-access').click();
    await page.getByTestId('api-keys-not-allowed').filter({ hasText: 'trader role' }).waitFor();
    await page.getByTestId('password-form').waitFor();
    assert.equal(await page.getByTestId('api-key-form').count(), 0);
    assert.equal(await page.getByTestId('users').count(), 0);

    // Signing out tells the node: the token the page held is refused from then on, wherever a copy of it went.
    const held = await page.evaluate(() => {
      // Runs in the page (this file is compiled without the DOM's types).
      const storage = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage;
      return (JSON.parse(storage.getItem('fortress.session') ?? '{}') as { token?: string }).token ?? '';
    });
    assert.equal((await fetch(`${base}/auth/me`, { headers: { authorization: `Bearer ${held}` } })).status, 200);
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    const afterSignOut = await fetch(`${base}/auth/me`, { headers: { authorization: `Bearer ${held}` } });
    assert.equal(afterSignOut.status, 401);
    assert.match(await afterSignOut.text(), /token revoked/);
    await logIn(page, base, 'watcher', 'watcher-password-1');
    // The stream opens once the page has asked who the token is and stored the answer (with the token): only
    // then is the stored token tampered with, or that answer could write the good token back over it.
    await page.getByTestId('stream-state').filter({ hasText: 'live' }).waitFor();

    // A token the server no longer accepts (tampered here) ends the session: back to the login page.
    await page.evaluate(() => {
      // Runs in the page (this file is compiled without the DOM's types).
      const storage = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void } }).sessionStorage;
      const stored = JSON.parse(storage.getItem('fortress.session') ?? '{}') as { token?: string };
      storage.setItem('fortress.session', JSON.stringify({ ...stored, token: `${stored.token ?? ''}x` }));
    });
    await page.reload();
    await page.getByTestId('login-form').waitFor();
    await page.getByTestId('login-notice').waitFor();
    await context.close();
    assert.deepEqual(errors, [], 'the page raised no errors');
  });

  it('manages access as an admin (a user, an API key shown once then revoked, a role, a forgotten password) and lets a user change their password', { timeout: 90_000 }, async () => {
    const base = running.http.url;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    // Refusals the test asks for on purpose make the browser log their status (409 last admin, 400 short
    // password, a 401 of a request still in flight when the password change ended the session).
    const errors = collectPageErrors(page, [/status of (400|401|409)/]);
    await logIn(page, base, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('nav-access').click();
    await page.getByTestId('account-role').filter({ hasText: 'admin' }).waitFor();

    // A new viewer.
    await page.getByTestId('user-username').fill('keeper');
    await page.getByTestId('user-password').fill('keeper-password-1');
    await page.getByTestId('user-role').selectOption('viewer');
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-state-keeper').filter({ hasText: 'active' }).waitFor();
    assert.equal(await page.getByTestId('user-role-keeper').inputValue(), 'viewer');

    // An API key, shown once: it works for a script, until it is revoked (after a confirmation).
    await page.getByTestId('api-key-name').fill('browser test script');
    await page.getByTestId('api-key-role').selectOption('trader');
    await page.getByTestId('api-key-create').click();
    await page.getByTestId('new-key').filter({ hasText: 'Shown once' }).waitFor();
    const key = await page.getByTestId('new-key-value').inputValue();
    const asKey = { headers: { authorization: `Bearer ${key}` } };
    const me = await fetch(`${base}/auth/me`, asKey);
    assert.equal(me.status, 200);
    const actor = (await me.json()) as { username: string; role: string; via: string };
    assert.equal(actor.username, 'admin');
    assert.equal(actor.role, 'trader');
    const keyId = actor.via.replace(/^apiKey:/, '');
    await page.getByTestId(`api-key-state-${keyId}`).filter({ hasText: 'active' }).waitFor();
    await screenshot(page, shots, '11-access-key-shown-once');
    await page.getByTestId(`api-key-revoke-${keyId}`).click();
    await page.getByTestId('revoke-key-modal').waitFor();
    assert.equal((await fetch(`${base}/auth/me`, asKey)).status, 200, 'nothing happens before the confirmation');
    await page.getByTestId('revoke-key-modal-confirm').click();
    await page.getByTestId(`api-key-state-${keyId}`).filter({ hasText: 'revoked' }).waitFor();
    assert.equal(await page.getByTestId('new-key').count(), 0, 'the revoked key is no longer offered for copying');
    assert.equal((await fetch(`${base}/auth/me`, asKey)).status, 401);

    // Roles: the new user becomes a trader; the last admin cannot stop being one, and the page says why.
    await page.getByTestId('user-role-keeper').selectOption('trader');
    await page.getByTestId('user-role-keeper').and(page.locator(':enabled')).waitFor();
    await page.getByTestId('user-role-admin').selectOption('viewer');
    await page.getByTestId('users-error').filter({ hasText: 'last active admin' }).waitFor();
    await waitFor('the refused role to be shown as it stays', async () => (await page.getByTestId('user-role-admin').inputValue()) === 'admin', STEP_TIMEOUT_MS);
    assert.equal(await page.getByTestId('user-role-keeper').inputValue(), 'trader');
    // A forgotten password: the admin sets a new one; the old one stops working.
    await page.getByTestId('user-set-password-keeper').click();
    await page.getByTestId('user-new-password').fill('keeper-reset-pass');
    await page.getByTestId('user-password-modal-confirm').click();
    await page.getByTestId('user-password-done').filter({ hasText: 'keeper' }).waitFor();
    const oldLogin = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'keeper', password: 'keeper-password-1' }) });
    assert.equal(oldLogin.status, 401);
    await screenshot(page, shots, '12-access-admin');
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();

    // The new user, now a trader, sees no users and changes their password: the policy is the API's, and
    // afterwards the page asks to sign in again, with the new password.
    await logIn(page, base, 'keeper', 'keeper-reset-pass');
    await page.getByTestId('nav-access').click();
    await page.getByTestId('account-role').filter({ hasText: 'trader' }).waitFor();
    await page.getByTestId('api-key-form').waitFor();
    assert.equal(await page.getByTestId('users').count(), 0, 'a non-admin sees nothing of the users');
    await page.getByTestId('password-current').fill('keeper-reset-pass');
    await page.getByTestId('password-new').fill('too-short');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-error').filter({ hasText: 'newPassword' }).waitFor();
    assert.equal(await page.getByTestId('password-new').getAttribute('aria-invalid'), 'true');
    await page.getByTestId('password-new').fill('keeper-password-2');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, shots, '13-access-phone');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('login-notice').filter({ hasText: 'Password changed: sign in again' }).waitFor();
    await logIn(page, base, 'keeper', 'keeper-password-2');
    await context.close();
    assert.deepEqual(errors, [], 'the page raised no errors');
  });

  it('shows the API documentation at /docs: every route, no page errors', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const errors = collectPageErrors(page);
    await page.goto(`${running.http.url}/docs`);
    await page.locator('.opblock').first().waitFor();
    const document = (await (await fetch(`${running.http.url}/docs/json`)).json()) as { paths: Record<string, unknown> };
    const operations = Object.values(document.paths).reduce<number>((n, methods) => n + Object.keys(methods as object).length, 0);
    assert.ok(operations >= 40, `the document lists every route (${operations})`);
    assert.equal(await page.locator('.opblock').count(), operations);
    await page.screenshot({ path: join(shots, '14-api-docs.png') });
    await page.close();
    assert.deepEqual(errors, [], 'the docs page raised no errors');
  });
});
