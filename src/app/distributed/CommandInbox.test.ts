import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ControlError } from '../../api/index.js';
import { silentLogger } from '../../core/index.js';
import { waitFor } from '../../testing/index.js';
import { startRedisServer, type RedisServer } from '../../testing/redis.js';
import { CommandInbox } from './CommandInbox.js';
import { CommandSender } from './CommandSender.js';
import { openControlConnection, whenReady } from './redisControl.js';
import { commandStream, type ServiceCommand } from './serviceCommands.js';

describe('the command path between the api service and the risk and execution services', () => {
  let redis: RedisServer;

  before(async () => {
    redis = await startRedisServer();
  });

  after(async () => {
    await redis?.close();
  });

  it('delivers each command once, in order, to its service; drops what is not a command; re-reads what a dead consumer took', { timeout: 20_000 }, async () => {
    const control = openControlConnection(redis.url, 'test-control', silentLogger);
    await whenReady(control);
    const sender = new CommandSender({ redis: control, prefix: 'cmdtest', logger: silentLogger });
    // Sent before the risk service ever ran: its group starts at the stream's beginning, so nothing is lost.
    sender.send({ kind: 'setTradingState', state: 'REDUCING', by: 'alice', reason: 'calm down' });
    await control.xadd(commandStream('cmdtest', 'risk'), '*', 'command', '{"kind":"launchMissiles"}');
    sender.send({ kind: 'killSwitch', by: 'alice', reason: 'kill switch: test' });
    sender.send({ kind: 'cancel', clientOrderId: 'c-1', by: 'bob', reason: 'not wanted' });

    const risk: ServiceCommand[] = [];
    let settled = 0;
    const riskInbox = new CommandInbox({ url: redis.url, prefix: 'cmdtest', target: 'risk', consumer: 'risk-1', logger: silentLogger, apply: (c) => risk.push(c), settle: async () => void settled++, blockMs: 50 });
    await riskInbox.start();
    await waitFor('the risk commands', () => risk.length === 2, 5_000);
    assert.deepEqual(risk.map((c) => c.kind), ['setTradingState', 'killSwitch'], 'the cancel went to the execution service\u2019s stream, the bad entry nowhere');
    await waitFor('the bad entry refused', () => riskInbox.refused === 1, 5_000);
    await riskInbox.close();
    assert.ok(settled >= 1, 'effects are made durable before the commands are acknowledged');
    const pending = (await control.xpending(commandStream('cmdtest', 'risk'), 'risk')) as [number, ...unknown[]];
    assert.equal(pending[0], 0, 'every entry acknowledged, the bad one too');

    // A consumer that took a command and died before acknowledging it: the next start reads it again first.
    sender.send({ kind: 'setTradingState', state: 'ACTIVE', by: 'carol', reason: 'resume' });
    await waitFor('the command is in the stream', async () => (await control.xlen(commandStream('cmdtest', 'risk'))) === 4, 5_000);
    await control.xreadgroup('GROUP', 'risk', 'risk-1', 'COUNT', '1', 'STREAMS', commandStream('cmdtest', 'risk'), '>');
    const again: ServiceCommand[] = [];
    const restarted = new CommandInbox({ url: redis.url, prefix: 'cmdtest', target: 'risk', consumer: 'risk-1', logger: silentLogger, apply: (c) => again.push(c), settle: async () => undefined, blockMs: 50 });
    await restarted.start();
    await waitFor('the pending command re-read', () => again.length === 1, 5_000);
    assert.equal(again[0]?.by, 'carol');
    await restarted.close();

    const execution: ServiceCommand[] = [];
    const executionInbox = new CommandInbox({ url: redis.url, prefix: 'cmdtest', target: 'execution', consumer: 'execution-1', logger: silentLogger, apply: (c) => execution.push(c), settle: async () => undefined, blockMs: 50 });
    await executionInbox.start();
    await waitFor('the cancel', () => execution.length === 1, 5_000);
    assert.deepEqual(execution[0], { kind: 'cancel', clientOrderId: 'c-1', by: 'bob', reason: 'not wanted' });
    await executionInbox.close();
    control.disconnect();
  });

  it('refuses a command with UNAVAILABLE while Redis cannot be reached, never a silent success', async () => {
    const away = openControlConnection('redis://127.0.0.1:1', 'test-away', silentLogger);
    const sender = new CommandSender({ redis: away, prefix: 'cmdtest', logger: silentLogger });
    assert.throws(() => sender.send({ kind: 'killSwitch', by: 'alice', reason: 'test' }), (error: unknown) => error instanceof ControlError && error.code === 'UNAVAILABLE');
    away.disconnect();
  });
});
