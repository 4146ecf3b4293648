import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../core/index.js';
import {
  apiRateLimitFromEnvironment,
  backtestDataDirFromEnvironment,
  corsOriginsFromEnvironment,
  databaseUrlFromEnvironment,
  httpHostFromEnvironment,
  refuseRedisForSingleNode,
} from './environment.js';

describe('environment overrides of the node', () => {
  it('binds 127.0.0.1 unless FORTRESS_HOST says otherwise', () => {
    assert.equal(httpHostFromEnvironment({}), '127.0.0.1');
    assert.equal(httpHostFromEnvironment({ FORTRESS_HOST: '0.0.0.0' }), '0.0.0.0');
  });

  it('keeps CORS off without FORTRESS_CORS_ORIGINS and refuses an origin with a path, naming it', () => {
    assert.deepEqual(corsOriginsFromEnvironment({}), []);
    assert.deepEqual(corsOriginsFromEnvironment({ FORTRESS_CORS_ORIGINS: 'https://a.example, http://localhost:5173' }), ['https://a.example', 'http://localhost:5173']);
    assert.throws(() => corsOriginsFromEnvironment({ FORTRESS_CORS_ORIGINS: 'https://a.example/app' }), (e: unknown) => e instanceof ValidationError && /FORTRESS_CORS_ORIGINS/.test(e.message) && /a\.example\/app/.test(e.message));
  });

  it('reads the API rate limit per minute and refuses one that is not a positive whole number', () => {
    assert.equal(apiRateLimitFromEnvironment({}), undefined);
    assert.deepEqual(apiRateLimitFromEnvironment({ FORTRESS_API_RATE_LIMIT: '600' }), { max: 600, timeWindowMs: 60_000 });
    assert.throws(() => apiRateLimitFromEnvironment({ FORTRESS_API_RATE_LIMIT: '1.5' }), /FORTRESS_API_RATE_LIMIT/);
  });

  it('takes DATABASE_URL for the log, and stops a single node given REDIS_URL instead of ignoring it', () => {
    assert.equal(databaseUrlFromEnvironment({}), undefined);
    assert.equal(databaseUrlFromEnvironment({ DATABASE_URL: 'postgres://u@h/db' }), 'postgres://u@h/db');
    assert.doesNotThrow(() => refuseRedisForSingleNode({}));
    assert.throws(() => refuseRedisForSingleNode({ REDIS_URL: 'redis://127.0.0.1:6379' }), (e: unknown) => e instanceof ValidationError && /REDIS_URL/.test(e.message) && /fortress service/.test(e.message));
  });

  it('looks for backtest data in FORTRESS_DATA_DIR, else the home', () => {
    assert.equal(backtestDataDirFromEnvironment('/h', {}, '/cwd'), '/h/data');
    assert.equal(backtestDataDirFromEnvironment('/h', { FORTRESS_DATA_DIR: 'csv' }, '/cwd'), '/cwd/csv');
  });
});
