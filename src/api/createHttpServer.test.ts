import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, Registry } from 'prom-client';
import type { Logger } from '../core/index.js';
import { createHttpServer, type ComponentHealth, type HttpServer } from './index.js';

interface LogLine {
  readonly level: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly message: string | undefined;
}

/** A Logger that keeps its lines (with the child bindings merged in), to read back what the server logged. */
function recordingLogger(lines: LogLine[], bindings: Readonly<Record<string, unknown>> = {}): Logger {
  const write = (level: string) => (fields: Readonly<Record<string, unknown>>, message?: string) => {
    lines.push({ level, fields: { ...bindings, ...fields }, message });
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: (more) => recordingLogger(lines, { ...bindings, ...more }) };
}

describe('HTTP server', () => {
  const lines: LogLine[] = [];
  let components: ComponentHealth[] = [{ name: 'feed', state: 'ok' }];
  const registry = new Registry();
  const counter = new Counter({ name: 'fortress_test_total', help: 'a test counter', registers: [registry] });
  let server: HttpServer;
  let url: string;

  before(async () => {
    server = createHttpServer({ logger: recordingLogger(lines), port: 0, health: () => components, metrics: registry });
    ({ url } = await server.start());
  });
  after(() => server.close());

  it('binds to 127.0.0.1 unless told otherwise', () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers GET /health with each component and the worst state as the status', async () => {
    components = [{ name: 'feed', state: 'ok' }, { name: 'risk', state: 'degraded', detail: 'trading HALTED by kill switch' }];
    const response = await fetch(`${url}/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'degraded', components });
  });

  it('answers GET /health with 503 when a component is down', async () => {
    components = [{ name: 'feed', state: 'down', detail: 'stopped' }, { name: 'store', state: 'ok' }];
    const response = await fetch(`${url}/health`);
    assert.equal(response.status, 503);
    assert.equal(((await response.json()) as { status: string }).status, 'down');
  });

  it('serves the registry as Prometheus text with the registry content type', async () => {
    counter.inc(3);
    const response = await fetch(`${url}/metrics`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), registry.contentType);
    assert.match(await response.text(), /^fortress_test_total 3$/m);
  });

  it('puts the security headers on every answer, errors and unknown routes included', async () => {
    for (const path of ['/health', '/metrics', '/no/such/route']) {
      const response = await fetch(`${url}${path}`);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(response.headers.get('x-frame-options'), 'SAMEORIGIN', path);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer', path);
      const csp = response.headers.get('content-security-policy') ?? '';
      for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'self'"]) assert.ok(csp.includes(directive), `${directive} in ${csp} on ${path}`);
      assert.ok(!csp.includes('upgrade-insecure-requests'), 'plain HTTP on loopback is not upgraded');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      await response.arrayBuffer();
    }
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const response = await fetch(`${url}/positions?x=1`);
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: { code: 'NOT_FOUND', message: 'no route GET /positions' } });
  });

  it('logs one line per request with component api and the request id as correlation id', async () => {
    lines.length = 0;
    const response = await fetch(`${url}/health`, { headers: { 'x-request-id': 'trace-42' } });
    await response.arrayBuffer();
    assert.equal(response.headers.get('x-request-id'), 'trace-42');
    const requestLines = lines.filter((line) => line.fields['path'] === '/health');
    assert.equal(requestLines.length, 1);
    assert.deepEqual(
      [requestLines[0]!.fields['component'], requestLines[0]!.fields['correlationId'], requestLines[0]!.fields['status'], requestLines[0]!.fields['method']],
      ['api', 'trace-42', 503, 'GET'],
    );
  });

  it('gives a request without a usable X-Request-Id a fresh one', async () => {
    const response = await fetch(`${url}/health`, { headers: { 'x-request-id': 'not a token\tat all' } });
    await response.arrayBuffer();
    assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('answers a failing health check with 500 INTERNAL naming the request, and logs the cause', async () => {
    const failing = createHttpServer({ logger: recordingLogger(lines), port: 0, health: () => { throw new Error('disk gone'); } });
    const { url: failingUrl } = await failing.start();
    try {
      lines.length = 0;
      const response = await fetch(`${failingUrl}/health`, { headers: { 'x-request-id': 'r-500' } });
      assert.equal(response.status, 500);
      assert.deepEqual(await response.json(), { error: { code: 'INTERNAL', message: 'internal error (request r-500); it has been logged' } });
      assert.ok(lines.some((line) => line.level === 'error' && line.fields['correlationId'] === 'r-500' && String(line.fields['err']).includes('disk gone')));
    } finally {
      await failing.close();
    }
  });

  it('lets a request in flight finish when closed, then refuses connections', async () => {
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const health = async (): Promise<ComponentHealth[]> => {
      entered();
      await gate;
      return [{ name: 'slow', state: 'ok' }];
    };
    const slow = createHttpServer({ logger: recordingLogger([]), port: 0, health });
    const { url: slowUrl } = await slow.start();
    const inFlight = fetch(`${slowUrl}/health`);
    await inHandler;
    const closing = slow.close();
    release();
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'ok');
    await closing;
    await assert.rejects(fetch(`${slowUrl}/health`));
  });
});
