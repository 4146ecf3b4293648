import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { approvalKeyFor, busUrlOf, distributedEnvironment, parsePartitionShare, storeUrlOf } from '../app/index.js';
import { servicesOf } from './service.js';

describe('fortress service command line', () => {
  it('names one service, all of them, or a chosen set', () => {
    assert.deepEqual(servicesOf('risk', undefined), ['risk']);
    assert.deepEqual(servicesOf('all', undefined), ['market-data', 'strategy', 'risk', 'execution', 'portfolio', 'api']);
    assert.deepEqual(servicesOf(undefined, 'risk, execution'), ['risk', 'execution']);
  });

  it('refuses an unknown service, or both a name and --services, naming what is allowed', () => {
    assert.throws(() => servicesOf('brokerage', undefined), /unknown service "brokerage" \(services: market-data, strategy, risk, execution, portfolio, api, or all\)/);
    assert.throws(() => servicesOf('risk', 'execution'), /name one service/);
  });

  it('takes the bus and store from flags or REDIS_URL / DATABASE_URL, and refuses other schemes', () => {
    const env = distributedEnvironment({ REDIS_URL: 'redis://r:6379', DATABASE_URL: 'postgres://u@d/db' });
    assert.equal(busUrlOf(undefined, env), 'redis://r:6379');
    assert.equal(storeUrlOf('postgres://x@y/z', env), 'postgres://x@y/z');
    assert.throws(() => busUrlOf(undefined, distributedEnvironment({})), /no bus given: pass --bus redis:\/\/host:6379 or set REDIS_URL/);
    assert.throws(() => storeUrlOf('mysql://a:secret@b/c', env), /"mysql:\/\/a:\*\*\*@b\/c" is not a postgres:\/\/ URL/);
  });

  it('requires FORTRESS_APPROVAL_KEY (32+ characters) only where risk or execution runs', () => {
    assert.equal(approvalKeyFor(['strategy', 'portfolio'], distributedEnvironment({})), undefined);
    assert.throws(() => approvalKeyFor(['risk'], distributedEnvironment({})), /FORTRESS_APPROVAL_KEY is required in distributed mode/);
    assert.throws(() => approvalKeyFor(['execution'], distributedEnvironment({ FORTRESS_APPROVAL_KEY: 'short' })), /too short/);
    assert.ok(approvalKeyFor(['execution'], distributedEnvironment({ FORTRESS_APPROVAL_KEY: 'x'.repeat(32) })) !== undefined);
  });

  it('reads a strategy partition as i/n', () => {
    assert.deepEqual(parsePartitionShare('1/2'), { index: 1, count: 2 });
    assert.throws(() => parsePartitionShare('2/2'), /0 <= i < n/);
  });
});
