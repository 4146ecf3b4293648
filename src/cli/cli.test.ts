import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeTempDir, sharedDataFile, skipUnlessSharedData } from '../testing/index.js';

const BIN = resolve('bin/fortress.js');

function fortress(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('fortress backtest (the command a user runs)', () => {
  it('runs the issue example and writes result.json and a self-contained report.html', { skip: skipUnlessSharedData('orcl-1995-2014.txt') }, () => {
    const dir = makeTempDir();
    const json = join(dir, 'result.json');
    const report = join(dir, 'report.html');
    const run = fortress([
      'backtest', '--data', sharedDataFile('orcl-1995-2014.txt'), '--strategy', 'sma-crossover', '--param', 'fast=10', '--param', 'slow=30',
      '--qty', '100', '--cash', '100000', '--fill', 'next-open', '--json', json, '--report', report, '--cache-dir', dir,
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /final equity/);
    assert.match(run.stdout, /written .*result\.json/);
    const result = JSON.parse(readFileSync(json, 'utf8')) as {
      stats: Record<string, unknown>;
      trades: { entryTime: string; exitTime: string; quantity: number; pnl: number }[];
      equity: [string, number][];
      risk: { approved: number; rejected: number; byRule: Record<string, number> };
    };
    for (const key of ['finalEquity', 'totalReturn', 'sharpe', 'maxDrawdown', 'trades']) assert.ok(key in result.stats, key);
    assert.equal(result.trades.length, result.stats.trades);
    assert.match(result.trades[0]!.entryTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(result.equity.length, 5036);
    assert.equal(result.equity[0]![0], '1995-01-03T00:00:00.000Z');
    assert.deepEqual(result.risk.byRule, {});
    const html = readFileSync(report, 'utf8');
    assert.match(html, /LightweightCharts/);
    assert.doesNotMatch(html, /<script[^>]+src=/, 'no external scripts: the page is self-contained');
  });

  it('runs on synthetic data without any files', () => {
    const dir = makeTempDir();
    const run = fortress(['backtest', '--synthetic', '5000', '--exchange', 'SIM', '--strategy', 'rsi', '--qty', '10', '--json', join(dir, 'r.json')]);
    assert.equal(run.status, 0, run.stderr);
    assert.ok((JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { equity: unknown[] }).equity.length === 5000);
  });

  it('stops on a malformed CSV with a message naming file, line and problem', () => {
    const dir = makeTempDir();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,abc,2,0.5,1.5,100\n');
    const run = fortress(['backtest', '--data', file, '--strategy', 'sma-crossover', '--cache-dir', dir]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /bad\.csv:3: .*open.*"abc"/);
  });

  it('reads a file with unusual headers when the columns are mapped by flag', () => {
    const dir = makeTempDir();
    const file = join(dir, 'odd.csv');
    const rows = Array.from({ length: 60 }, (_, i) => `${new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()},${100 + (i % 7)},${102 + (i % 7)},${99 + (i % 7)},${100 + (i % 3) + (i % 7)},${1000 + i}`);
    writeFileSync(file, `Stamp,O,H,L,C,Qty\n${rows.join('\n')}\n`);
    const unmapped = fortress(['backtest', '--data', file, '--strategy', 'sma-crossover', '--param', 'fast=3', '--param', 'slow=8', '--exchange', 'SIM', '--cache-dir', dir]);
    assert.equal(unmapped.status, 2);
    assert.match(unmapped.stderr, /odd\.csv.*missing/i);
    const mapped = fortress([
      'backtest', '--data', file, '--strategy', 'sma-crossover', '--param', 'fast=3', '--param', 'slow=8', '--exchange', 'SIM',
      '--columns', 'time=Stamp,open=O,high=H,low=L,close=C,volume=5', '--json', join(dir, 'r.json'), '--cache-dir', dir,
    ]);
    assert.equal(mapped.status, 0, mapped.stderr);
    assert.equal((JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { equity: unknown[] }).equity.length, 60);
  });

  it('runs under a risk file and counts rejections by rule in result.json', () => {
    const dir = makeTempDir();
    const risk = join(dir, 'risk_rules.yaml');
    writeFileSync(risk, 'rules:\n  maxOrdersPerDay: { limit: 1 }\n  duplicateSignal: { enabled: false }\n');
    const json = join(dir, 'r.json');
    const run = fortress(['backtest', '--synthetic', '3000', '--exchange', 'SIM', '--strategy', 'sma-crossover', '--param', 'fast=5', '--param', 'slow=20', '--qty', '10', '--risk', risk, '--json', json]);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(readFileSync(json, 'utf8')) as { risk: { approved: number; rejected: number; byRule: Record<string, number> }; run: { risk: string } };
    assert.ok(result.risk.byRule['max-orders-per-day']! > 0, JSON.stringify(result.risk));
    assert.equal(result.risk.rejected, Object.values(result.risk.byRule).reduce((a, b) => a + b, 0));
    assert.equal(result.run.risk, 'risk_rules.yaml');
    writeFileSync(risk, 'rules:\n  maxOrdersPerDay: { limit: "one" }\n');
    const bad = fortress(['backtest', '--synthetic', '300', '--strategy', 'sma-crossover', '--risk', risk]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /rules\.maxOrdersPerDay\.limit/);
  });

  it('names the flag that is wrong', () => {
    const run = fortress(['backtest', '--synthetic', '100', '--strategy', 'sma-crossover', '--qty', 'ten']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--qty: .*"ten"/);
    const unknown = fortress(['backtest', '--synthetic', '100', '--strategy', 'no-such']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no-such/);
    assert.match(unknown.stderr, /sma-crossover/, 'lists the known strategies');
    const bad = fortress(['backtest', '--synthetic', '100', '--strategy', 'sma-crossover', '--param', 'fast=50']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /fast/);
  });
});
