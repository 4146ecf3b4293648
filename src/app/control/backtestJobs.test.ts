import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ControlError, type Actor, type BacktestJob } from '../../api/index.js';
import { RealClock, silentLogger } from '../../core/index.js';
import { SHARED_DATA_DIR, makeTempDir, skipUnlessSharedData, waitFor } from '../../testing/index.js';
import { createBacktestJobs, type BacktestJobs } from './backtestJobs.js';

const alice: Actor = { username: 'alice', role: 'trader', via: 'token' };
const sma = { strategy: 'sma-crossover', params: { fast: 5, slow: 20 } };

function jobsIn(home: string, maxConcurrent = 1): BacktestJobs {
  return createBacktestJobs({ home, dataDir: join(home, 'data'), logger: silentLogger, clock: new RealClock(), maxConcurrent });
}

async function settled(jobs: BacktestJobs, id: string): Promise<BacktestJob> {
  await waitFor(`backtest ${id} to finish`, () => ['done', 'failed'].includes(jobs.get(id)?.state ?? ''), 60_000);
  return jobs.get(id)!;
}

/** A daily CSV in Yahoo's layout: a gentle wave, so moving averages cross. */
function writeDailyCsv(path: string, days: number): void {
  const rows = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  for (let i = 0; i < days; i++) {
    const date = new Date(Date.UTC(2014, 0, 2) + i * 86_400_000).toISOString().slice(0, 10);
    const close = (50 + 5 * Math.sin(i / 6)).toFixed(2);
    rows.push(`${date},${close},${(Number(close) + 0.5).toFixed(2)},${(Number(close) - 0.5).toFixed(2)},${close},${close},100000`);
  }
  writeFileSync(path, `${rows.join('\n')}\n`);
}

function refusal(field: string, message?: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof ControlError && error.code === 'INVALID' && error.field === field && (message === undefined || message.test(error.message));
}

describe('backtest jobs', () => {
  it('runs a synthetic backtest on a worker thread, reporting progress, and writes result.json and report.html', async () => {
    const home = makeTempDir();
    const jobs = jobsIn(home);
    const job = jobs.start({ ...sma, instruments: ['synthetic:DEMO'] }, alice);
    assert.match(job.id, /^bt-/);
    assert.equal(job.requestedBy, 'alice');
    assert.ok(['queued', 'running'].includes(job.state));
    const done = await settled(jobs, job.id);
    assert.equal(done.state, 'done', done.error);
    assert.equal(done.progress, 1);
    assert.equal(done.summary?.['instrument'], 'DEMO.SIM');
    assert.equal(done.summary?.['bars'], 2_000);
    const result = (await jobs.result(job.id)) as { stats: { trades: number }; equity: unknown[]; risk: { rejected: number } };
    assert.equal(result.equity.length, 2_000);
    assert.equal(done.summary?.['trades'], result.stats.trades);
    assert.ok(result.stats.trades > 0, 'the demo trades');
    assert.equal(result.risk.rejected, 0, 'entries are sized within the default position limit');
    assert.match(await jobs.report(job.id), /^<!DOCTYPE html>/i);
    assert.ok(existsSync(join(home, 'backtests', job.id, 'report.html')));
    await jobs.close();
  });

  it('runs one at a time by default; the rest wait in order', async () => {
    const home = makeTempDir();
    const jobs = jobsIn(home);
    const first = jobs.start({ ...sma, instruments: ['synthetic:AAA'] }, alice);
    const second = jobs.start({ ...sma, instruments: ['synthetic:BBB'] }, alice);
    assert.equal(first.state, 'running');
    assert.equal(second.state, 'queued');
    assert.deepEqual(jobs.list().map((j) => j.id), [second.id, first.id], 'newest first');
    assert.equal((await settled(jobs, second.id)).state, 'done');
    assert.ok(jobs.get(first.id)!.finishedAt! <= jobs.get(second.id)!.finishedAt!);
    await jobs.close();
  });

  it('reads bars by symbol from the data directory and narrows them to from/to', async () => {
    const home = makeTempDir();
    mkdirSync(join(home, 'data'));
    writeDailyCsv(join(home, 'data', 'wave-2014.csv'), 200);
    const jobs = jobsIn(home);
    const job = jobs.start({ ...sma, instruments: ['WAVE'], from: '2014-02-01', to: '2014-05-31' }, alice);
    const done = await settled(jobs, job.id);
    assert.equal(done.state, 'done', done.error);
    assert.equal(done.summary?.['instrument'], 'WAVE.NYSE');
    assert.equal(done.summary?.['bars'], 120);
    const result = (await jobs.result(job.id)) as { run: { data: string } };
    assert.equal(result.run.data, 'wave-2014.csv');
    await jobs.close();
  });

  it('finds real daily bars by symbol: ORCL is the longest orcl file', { skip: skipUnlessSharedData('orcl-1995-2014.txt') }, async () => {
    const jobs = createBacktestJobs({ home: makeTempDir(), dataDir: SHARED_DATA_DIR, logger: silentLogger, clock: new RealClock() });
    const job = jobs.start({ strategy: 'sma-crossover', instruments: ['ORCL'], to: '2004-12-31' }, alice);
    const done = await settled(jobs, job.id);
    assert.equal(done.state, 'done', done.error);
    assert.equal(done.summary?.['instrument'], 'ORCL.NYSE');
    assert.equal(done.summary?.['startTime'], '1995-01-03T00:00:00.000Z');
    const result = (await jobs.result(job.id)) as { run: { data: string }; stats: { trades: number }; risk: { rejected: number } };
    assert.equal(result.run.data, 'orcl-1995-2014.txt');
    assert.ok(result.stats.trades > 10);
    assert.equal(result.risk.rejected, 0);
    await jobs.close();
  });

  it('fails a job whose window holds no bars, and refuses its result with CONFLICT', async () => {
    const home = makeTempDir();
    mkdirSync(join(home, 'data'));
    writeDailyCsv(join(home, 'data', 'wave.csv'), 50);
    const jobs = jobsIn(home);
    const job = jobs.start({ ...sma, instruments: ['wave'], from: '2020-01-01' }, alice);
    const failed = await settled(jobs, job.id);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error ?? '', /no 1d bars of WAVE\.NYSE/);
    await assert.rejects(jobs.result(job.id), (error: unknown) => error instanceof ControlError && error.code === 'CONFLICT');
    await assert.rejects(jobs.report('bt-nope'), (error: unknown) => error instanceof ControlError && error.code === 'NOT_FOUND');
    await jobs.close();
  });

  it('checks a request up front and names the field at fault', () => {
    const home = makeTempDir();
    const jobs = jobsIn(home);
    const synthetic = { instruments: ['synthetic:X'] };
    assert.throws(() => jobs.start({ strategy: 'astrology', ...synthetic }, alice), refusal('strategy', /unknown strategy "astrology".*sma-crossover/));
    assert.throws(() => jobs.start({ ...sma, params: { fast: 30, slow: 20 }, ...synthetic }, alice), refusal('params.fast'));
    assert.throws(() => jobs.start({ ...sma, params: { speed: 3 }, ...synthetic }, alice), refusal('params.speed', /unknown parameter "speed"/));
    assert.throws(() => jobs.start({ ...sma, instruments: ['ORCL'] }, alice), refusal('instruments.0', /no data file for "ORCL"/));
    assert.throws(() => jobs.start({ ...sma, instruments: ['../etc/passwd'] }, alice), refusal('instruments.0'));
    assert.throws(() => jobs.start({ ...sma, instruments: ['synthetic:A', 'synthetic:B'] }, alice), refusal('instruments'));
    assert.throws(() => jobs.start({ ...sma, ...synthetic, timeframe: '7m' }, alice), refusal('timeframe'));
    assert.throws(() => jobs.start({ ...sma, ...synthetic, from: 'last tuesday' }, alice), refusal('from'));
    assert.throws(() => jobs.start({ ...sma, ...synthetic, from: '2024-02-01', to: '2024-01-01' }, alice), refusal('from'));
    assert.throws(() => jobs.start({ ...sma, ...synthetic, from: '2020-01-01', to: '2024-01-01', timeframe: '1s' }, alice), refusal('to', /at most/));
    assert.throws(() => jobs.start({ ...sma, ...synthetic, startingCash: 0 }, alice), refusal('startingCash'));
    assert.deepEqual(jobs.list(), [], 'nothing refused was queued');
  });

  it('keeps finished jobs across a restart; a job cut off by the stop comes back failed', async () => {
    const home = makeTempDir();
    const first = jobsIn(home);
    const done = first.start({ ...sma, instruments: ['synthetic:KEEP'] }, alice);
    await settled(first, done.id);
    const cut = first.start({ ...sma, instruments: ['synthetic:CUT'], timeframe: '1s', from: '2024-01-01T00:00:00Z', to: '2024-01-10T00:00:00Z' }, alice);
    await first.close();
    assert.equal(first.get(cut.id)?.state, 'failed');
    assert.throws(() => first.start({ ...sma, instruments: ['synthetic:LATE'] }, alice), (error: unknown) => error instanceof ControlError && error.code === 'UNAVAILABLE');

    const index = JSON.parse(readFileSync(join(home, 'backtests', 'index.json'), 'utf8')) as { jobs: BacktestJob[] };
    assert.equal(index.jobs.length, 2);
    const second = jobsIn(home);
    assert.equal(second.get(done.id)?.state, 'done');
    assert.equal(second.get(done.id)?.summary?.['instrument'], 'KEEP.SIM');
    assert.match(await second.report(done.id), /<html/i);
    assert.equal(second.get(cut.id)?.state, 'failed');
    await second.close();
  });

  it('starts with an empty list when the index file is unreadable', async () => {
    const home = makeTempDir();
    mkdirSync(join(home, 'backtests'));
    writeFileSync(join(home, 'backtests', 'index.json'), '{"version": 1, "jobs": [{"id": 3}]}');
    const jobs = jobsIn(home);
    assert.deepEqual(jobs.list(), []);
    await jobs.close();
  });
});
