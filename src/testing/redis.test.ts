import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedisServer } from './redis.js';

describe('redis-server test harness', () => {
  it('fails, saying what to install, when the binary is missing', async () => {
    await assert.rejects(startRedisServer({ binary: '/nonexistent/redis-server' }), /install redis-server/);
  });

  it('starts a server on a free port, and a restart with AOF keeps the data', async () => {
    const server = await startRedisServer({ appendOnly: true });
    const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 20 });
    try {
      await client.connect();
      await client.xadd('harness', '*', 'k', 'v');
      await server.restart();
      assert.equal(server.running, true);
      assert.equal(await client.xlen('harness'), 1);
      await server.stop();
      assert.equal(server.running, false);
    } finally {
      client.disconnect();
      await server.close();
    }
  });
});
