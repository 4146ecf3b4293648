import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError, silentLogger } from '../../core/index.js';
import { makeTempDir } from '../../testing/index.js';
import { startPaperNode } from './startNode.js';

describe('starting the paper node (what start-up overlaps stays in order)', () => {
  it('refuses a short admin password before it writes the risk rules or opens the event log', async () => {
    const home = makeTempDir();
    await assert.rejects(
      startPaperNode(home, silentLogger, { port: 0, adminPassword: 'short' }),
      (error: unknown) => error instanceof ValidationError && /^FORTRESS_ADMIN_PASSWORD must be at least 12 characters/.test(error.message),
    );
    assert.equal(existsSync(join(home, 'risk_rules.yaml')), false);
    assert.equal(existsSync(join(home, 'events.sqlite')), false);
  });

  it('has the first admin (hashed while the node was built) able to log in as soon as it is running', async () => {
    const home = makeTempDir();
    const running = await startPaperNode(home, silentLogger, { port: 0 });
    try {
      assert.equal(running.admin.created, true);
      const password = running.admin.oneTimePassword;
      assert.ok(password !== undefined);
      const login = await fetch(`${running.http.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
      assert.equal(login.status, 200, await login.clone().text());
      const { token } = (await login.json()) as { token: string };
      const me = await fetch(`${running.http.url}/status`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.status, 200, await me.clone().text());
    } finally {
      await running.stop();
    }
  });
});
