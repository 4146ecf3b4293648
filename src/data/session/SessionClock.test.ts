import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessMessageBus, TOPICS, type SessionTick } from '../../bus/index.js';
import { SimulatedClock, createIdSource, type AnyEvent } from '../../core/index.js';
import { ExchangeCalendar } from '../calendar/ExchangeCalendar.js';
import { SessionClock } from './SessionClock.js';
import { DEFAULT_REGIME_BOUNDARIES, regimeAt } from './timeRegime.js';

const MIN = 60_000;

describe('time regimes', () => {
  const session = { openMs: 0, closeMs: 390 * MIN };
  it('splits a session into OPEN, EARLY, MID, LATE, CLOSE at the configured minutes, CLOSED outside', () => {
    const at = (minute: number): string => regimeAt(session, minute * MIN, DEFAULT_REGIME_BOUNDARIES);
    assert.equal(at(-1), 'CLOSED');
    assert.equal(at(0), 'OPEN');
    assert.equal(at(14.99), 'OPEN');
    assert.equal(at(15), 'EARLY');
    assert.equal(at(59.99), 'EARLY');
    assert.equal(at(60), 'MID');
    assert.equal(at(329.99), 'MID');
    assert.equal(at(330), 'LATE');
    assert.equal(at(375), 'CLOSE');
    assert.equal(at(389.99), 'CLOSE');
    assert.equal(at(390), 'CLOSED');
    assert.equal(regimeAt(undefined, 0, DEFAULT_REGIME_BOUNDARIES), 'CLOSED');
  });
});

describe('session clock', () => {
  it('publishes every exchange each tick and emits an event only when the regime moves', () => {
    const bus = new InProcessMessageBus();
    const start = Date.UTC(2026, 0, 15, 14, 29); // 09:29 New York, a Thursday
    const clock = new SimulatedClock(start);
    const sessionClock = new SessionClock({ bus, clock, ids: createIdSource(clock, 1), calendar: new ExchangeCalendar({}), exchanges: ['NYSE', 'SIM'] });
    const ticks: SessionTick[] = [];
    const changes: AnyEvent[] = [];
    bus.subscribe(TOPICS.session, (t) => ticks.push(t));
    bus.subscribe('SessionRegimeChanged', (e) => changes.push(e));
    for (let s = 0; s <= 120; s++) {
      clock.advanceTo(start + s * 1000);
      sessionClock.tick();
    }
    assert.equal(ticks.length, 242);
    const nyse = changes.filter((e) => e.key === 'NYSE').map((e) => (e.type === 'SessionRegimeChanged' ? `${e.payload.from}>${e.payload.to}` : ''));
    assert.deepEqual(nyse, ['UNKNOWN>CLOSED', 'CLOSED>OPEN']);
    assert.equal(sessionClock.regime('NYSE'), 'OPEN');
    const opened = changes.find((e) => e.key === 'NYSE' && e.type === 'SessionRegimeChanged' && e.payload.to === 'OPEN');
    assert.equal(opened?.type === 'SessionRegimeChanged' ? opened.payload.sessionDate : undefined, '2026-01-15');
    assert.equal(opened?.ts, Date.UTC(2026, 0, 15, 14, 30));
  });

  it('refuses boundaries that overlap', () => {
    const bus = new InProcessMessageBus();
    const clock = new SimulatedClock(0);
    assert.throws(
      () => new SessionClock({ bus, clock, ids: createIdSource(clock, 1), calendar: new ExchangeCalendar({}), exchanges: [], boundaries: { openMinutes: 30, earlyMinutes: 10, lateMinutes: 60, closeMinutes: 15 } }),
      /openMinutes ≤ earlyMinutes/,
    );
  });
});
