import { TOPICS, type MessageBus } from '../../bus/index.js';
import { createEventFactory, type Clock, type EventFactory, type IdSource, type TimeRegime } from '../../core/index.js';
import type { ExchangeCalendar } from '../calendar/ExchangeCalendar.js';
import { DEFAULT_REGIME_BOUNDARIES, regimeAt, type RegimeBoundaries } from './timeRegime.js';

export interface SessionClockOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly calendar: ExchangeCalendar;
  readonly exchanges: readonly string[];
  readonly boundaries?: RegimeBoundaries;
}

/**
 * The session clock of the live node: `tick()` (called once a second by the runtime's timer; the engine
 * owns no timers) publishes each exchange's regime on `data.session` and emits `SessionRegimeChanged` when
 * it moves (strategies pause while their exchange is CLOSED).
 */
export class SessionClock {
  private readonly events: EventFactory;
  private readonly regimes = new Map<string, TimeRegime>();
  private readonly boundaries: RegimeBoundaries;

  constructor(private readonly options: SessionClockOptions) {
    this.events = createEventFactory('session', options.clock, options.ids);
    this.boundaries = options.boundaries ?? DEFAULT_REGIME_BOUNDARIES;
    const b = this.boundaries;
    if (!(b.openMinutes <= b.earlyMinutes && b.closeMinutes <= b.lateMinutes && b.openMinutes >= 0 && b.closeMinutes >= 0)) {
      throw new RangeError(`session regimes: need 0 ≤ openMinutes ≤ earlyMinutes and 0 ≤ closeMinutes ≤ lateMinutes, got ${JSON.stringify(b)}`);
    }
  }

  regime(exchange: string): TimeRegime | undefined {
    return this.regimes.get(exchange);
  }

  tick(): void {
    const { bus, clock, calendar } = this.options;
    const now = clock.nowMs();
    for (const exchange of this.options.exchanges) {
      const session = calendar.sessionFor(exchange, now);
      const regime = regimeAt(session, now, this.boundaries);
      bus.publish(TOPICS.session, {
        exchange, regime, ts: now,
        ...(session !== undefined ? { openMs: session.openMs, closeMs: session.closeMs } : {}),
      });
      const previous = this.regimes.get(exchange);
      if (previous === regime) continue;
      this.regimes.set(exchange, regime);
      bus.emit(
        this.events.create(
          'SessionRegimeChanged',
          { exchange, from: previous ?? 'UNKNOWN', to: regime, ...(session !== undefined && regime !== 'CLOSED' ? { sessionDate: session.date } : {}) },
          { key: exchange },
        ),
      );
    }
  }
}
