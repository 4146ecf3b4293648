import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryEventStore, generateBars } from '../../adapters/index.js';
import { StreamLayout, stableHash } from './redisTransport.js';
import { SimulatedClock, barAt, createIdSource, silentLogger, type AnyEvent, type Bar } from '../../core/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import { createNode } from '../createNode.js';
import { RISK_RULES_TEMPLATE, parseRiskYaml } from '../risk/index.js';
import { instrumentsOf, parseNodeConfig, type NodeFileConfig } from '../runtime/nodeConfig.js';
import { startStrategyCatalog } from '../runtime/startStrategyCatalog.js';
import { ApprovalKey } from './ApprovalKey.js';
import { assembleService, type AssembledService } from './assembleService.js';
import { LockstepDriver } from './LockstepDriver.js';
import { MemoryTransport } from './MemoryTransport.js';
import { normalizeLog } from './normalizeLog.js';
import { nodeConfigOf, paperBrokerOf } from './serviceConfig.js';
import { SERVICE_ROLES, type ServiceName } from './serviceRoles.js';

const MARKET_PARTITIONS = 8;
const INSTRUMENTS = ['ALPHA', 'GAMMA'] as const;

function configText(): string {
  return [
    'account: { id: paper, currency: USD, startingCash: 100000 }',
    'market:',
    '  feed: replay',
    '  seed: 7',
    '  replay: { file: unused.csv, speed: max }',
    `  instruments: [${INSTRUMENTS.map((s) => `{ symbol: ${s}, exchange: SIM, startPrice: 50, tickSize: 0.01 }`).join(', ')}]`,
    `strategies: [${INSTRUMENTS.map((s) => `{ id: ${s.toLowerCase()}-sma, strategy: sma-crossover, instruments: [${s}.SIM], timeframe: 1m, params: { fast: 3, slow: 8 } }`).join(', ')}]`,
    'sizing: { quantity: 10 }',
    'broker: { fillModel: next-open, slippageBps: 2 }',
    '',
  ].join('\n');
}

function tape(count: number): Bar[] {
  const series = INSTRUMENTS.map((symbol, i) =>
    generateBars({ instrumentId: `${symbol}.SIM`, timeframe: '1m', count, startMs: Date.UTC(2024, 0, 2), startPrice: 50, volatility: 0.004, tickSize: 0.01, seed: 11 + i, baseVolume: 50_000 }),
  );
  const bars: Bar[] = [];
  for (let i = 0; i < count; i++) for (const s of series) bars.push(barAt(s, i));
  return bars;
}

const risk = (() => {
  const parsed = parseRiskYaml(RISK_RULES_TEMPLATE, 'risk_rules.yaml');
  if (!parsed.ok) throw new Error('template invalid');
  return parsed.config;
})();

async function singleProcess(config: NodeFileConfig, bars: readonly Bar[]): Promise<AnyEvent[]> {
  const store = new MemoryEventStore();
  const clock = new SimulatedClock(0);
  const ids = createIdSource(clock, config.market.seed);
  const instruments = instrumentsOf(config);
  const calendar = new ExchangeCalendar({ holidays: risk.holidays });
  const broker = paperBrokerOf(config, clock, instruments, calendar);
  const node = createNode({ clock, ids, logger: silentLogger, broker, simulatedMarket: broker, store, instruments, calendar }, nodeConfigOf(config, risk));
  startStrategyCatalog({ node, clock, ids, logger: silentLogger, instruments, logged: [], configured: config.strategies });
  for (const bar of bars) {
    clock.advanceTo(bar.ts + 60_000 - 1);
    node.onBar(bar);
  }
  return (await store.read()).map((s) => s.event);
}

interface Deployment {
  readonly store: MemoryEventStore;
  readonly transport: MemoryTransport;
  readonly services: AssembledService[];
}

function deploy(config: NodeFileConfig, key: ApprovalKey, riskKey: ApprovalKey = key): Deployment {
  const layout = new StreamLayout({ partitions: { market: MARKET_PARTITIONS } });
  const transport = new MemoryTransport(layout);
  const store = new MemoryEventStore();
  const plan: [ServiceName, string][] = [['strategy', '0/2'], ['strategy', '1/2'], ['risk', '*'], ['execution', '*'], ['portfolio', '*']];
  const services = plan.map(([name, share]) => {
    const service = assembleService({ name, share, config, risk, store, publisher: transport, approvalKey: name === 'risk' ? riskKey : key, logger: silentLogger });
    const role = SERVICE_ROLES[name];
    const [index, count] = share.split('/').map(Number);
    transport.consume({ families: role.consumes, ...(role.partitioned ? { share: { index: index!, count: count! } } : {}) }, service.host.handleBatch);
    return service;
  });
  return { store, transport, services };
}

async function runDeployment(deployment: Deployment, bars: readonly Bar[]): Promise<AnyEvent[]> {
  const { transport, store, services } = deployment;
  for (const service of services) await service.outbox.settle(); // what the services emitted at start (the strategy catalog)
  await transport.drain();
  await new LockstepDriver({ publisher: transport, settlement: { settled: () => transport.drain() }, logger: silentLogger }).run(bars);
  return (await store.read()).map((s) => s.event);
}

describe('the distributed services over an in-memory transport', () => {
  const config = parseNodeConfig(configText(), 'config.yaml');
  const key = ApprovalKey.parse('k'.repeat(40));

  it('the two instruments fall in different strategy partitions', () => {
    const shares = INSTRUMENTS.map((s) => (stableHash(`${s}.SIM`) % MARKET_PARTITIONS) % 2);
    assert.deepEqual([...shares].sort(), [0, 1]);
  });

  it('five services in lockstep log the same events, in the same order per instrument, as the single process', async () => {
    const bars = tape(300);
    const single = await singleProcess(config, bars);
    const deployment = deploy(config, key);
    const distributed = await runDeployment(deployment, bars);
    const fills = single.filter((e) => e.type === 'OrderFilled').length;
    assert.ok(fills >= 10, `a busy tape: ${fills} fills`);
    const expected = normalizeLog(single);
    const actual = normalizeLog(distributed);
    assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
    for (const [key, lines] of expected) assert.deepEqual(actual.get(key), lines, `events of ${key}`);
    assert.equal(deployment.services.find((s) => s.name === 'execution')!.gate!.passed, single.filter((e) => e.type === 'RiskApproved').length);
  });

  it('an approval signed with another key is refused with ErrorRaised and never executed', async () => {
    const bars = tape(120);
    const deployment = deploy(config, key, ApprovalKey.parse('x'.repeat(40)));
    const events = await runDeployment(deployment, bars);
    const approvals = events.filter((e) => e.type === 'RiskApproved').length;
    assert.ok(approvals > 0, 'risk approved something');
    assert.equal(events.filter((e) => e.type === 'OrderSubmitted').length, 0);
    const refusals = events.filter((e) => e.type === 'ErrorRaised' && e.payload.code === 'APPROVAL_SIGNATURE_INVALID');
    assert.equal(refusals.length, approvals);
  });
});
