import { performance } from 'node:perf_hooks';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { MemoryEventStore, checkWebhookSecret, webhookSourceRef } from '../adapters/index.js';
import { createHttpServer } from '../api/index.js';
import { InProcessMessageBus } from '../bus/index.js';
import { RealClock, createIdSource, createInstrument, createInstrumentProvider, silentLogger } from '../core/index.js';
import { SignalIntake, parseWebhookSignal } from '../signals/index.js';
import { percentile, type BenchResult } from './types.js';

const SECRET = 'bench-secret';

/** The node's HTTP surface over real sockets: health and metrics latency, webhook signals per second. */
export async function runHttpBenchmarks(): Promise<BenchResult[]> {
  const clock = new RealClock();
  const store = new MemoryEventStore();
  const bus = new InProcessMessageBus();
  bus.setJournal((event) => store.append(event));
  const instruments = createInstrumentProvider([createInstrument({ symbol: 'RELIANCE', exchange: 'NSE', currency: 'INR', tickSize: 0.05 })]);
  const intake = new SignalIntake({ bus, clock, ids: createIdSource(clock, 1), logger: silentLogger, instruments, isStrategyActive: () => true });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counter = new Counter({ name: 'fortress_bench_total', help: 'bench', labelNames: ['instrument'] as const, registers: [registry] });
  for (let i = 0; i < 50; i++) counter.inc({ instrument: `I${i}` });
  const server = createHttpServer({
    logger: silentLogger,
    port: 0,
    health: () => [{ name: 'feed', state: 'ok' }, { name: 'store', state: 'ok' }],
    metrics: registry,
    webhook: {
      parse: parseWebhookSignal,
      checkSecret: (given) => checkWebhookSecret(given, SECRET),
      sourceRef: webhookSourceRef,
      acceptWebhook: async (parsed, ref) => {
        const outcome = intake.accept(parsed, 'webhook', ref);
        await store.flush();
        return outcome;
      },
      rateLimit: { burst: 1_000_000, perSecond: 1_000_000 },
    },
  });
  const { url } = await server.start();
  try {
    const health = await timeRequests(2_000, () => fetch(`${url}/health`));
    const metrics = await timeRequests(300, () => fetch(`${url}/metrics`));
    let n = 0;
    const webhook = await timeRequests(2_000, () =>
      fetch(`${url}/signals/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ secret: SECRET, strategy: 'tv', ticker: 'NSE:RELIANCE', side: 'buy', quantity: 1, comment: `alert ${n++}` }),
      }),
    );
    return [
      { name: 'http: GET /health p99 (sequential, keep-alive)', value: health.p99Ms, unit: 'ms', note: `p50 ${health.p50Ms.toFixed(3)} ms` },
      { name: 'http: GET /metrics p99 (default process metrics + 50 series)', value: metrics.p99Ms, unit: 'ms', note: `p50 ${metrics.p50Ms.toFixed(3)} ms` },
      { name: 'http: POST /signals/webhook (validate, secret, intake, flush)', value: Math.round(webhook.perSecond), unit: 'req/s', note: `p50 ${webhook.p50Ms.toFixed(3)} ms, p99 ${webhook.p99Ms.toFixed(3)} ms, one client in the same process` },
    ];
  } finally {
    await server.close();
  }
}

async function timeRequests(count: number, request: () => Promise<Response>): Promise<{ p50Ms: number; p99Ms: number; perSecond: number }> {
  for (let i = 0; i < Math.min(100, count); i++) await (await request()).arrayBuffer(); // warm up
  const samples = new Float64Array(count);
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const response = await request();
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`bench request failed with ${response.status}`);
    samples[i] = performance.now() - t;
  }
  const totalMs = performance.now() - started;
  return { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), perSecond: count / (totalMs / 1000) };
}
