import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeTempDir } from '../testing/index.js';

const BIN = resolve('bin/fortress.js');

function start(home: string, seconds: number): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [BIN, 'start', '--for', String(seconds)], {
    encoding: 'utf8',
    env: { ...process.env, FORTRESS_HOME: home, LOG_LEVEL: 'info', FORTRESS_PORT: '0' },
    timeout: 30_000,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('fortress start (npm start)', () => {
  it('writes a commented default configuration on first run, says where, logs JSON lines and stops cleanly', () => {
    const home = makeTempDir();
    const run = start(home, 1.5);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(existsSync(join(home, 'config.yaml')));
    assert.match(readFileSync(join(home, 'config.yaml'), 'utf8'), /^# Fortress node configuration/);
    assert.ok(existsSync(join(home, 'events.sqlite')));
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(lines.every((l) => typeof l.component === 'string' && typeof l.correlationId === 'string'), 'component and correlation id on every line');
    assert.ok(lines.some((l) => String(l.msg).includes('wrote a commented default configuration') && l.path === join(home, 'config.yaml')));
    assert.ok(lines.some((l) => String(l.msg).startsWith('stopped')));
  });

  it('refuses a configuration with a wrong type, an unknown key or a missing value, naming the key', () => {
    const home = makeTempDir();
    writeFileSync(join(home, 'config.yaml'), 'account: { startingCash: "lots" }\nmarket: { instruments: [] }\nsizing: { qty: 5 }\n');
    const run = start(home, 1);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /account\.startingCash: .*number/);
    assert.match(run.stderr, /sizing\.qty: unknown key/);
    assert.match(run.stderr, /market\.instruments: /);
    writeFileSync(join(home, 'config.yaml'), 'account: { id: x }\n');
    const missing = start(home, 1);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /market: /);
  });
});
