import type { MessageBus } from '../bus/index.js';
import { FortressError, ValidationError } from '../core/index.js';
import type { AnyEvent, Broker, BrokerSessionReport, EventFactory, Logger } from '../core/index.js';

/** The broker session as execution sees it: open, or expired since `sinceMs` for `reason`. */
export interface BrokerSessionStatus {
  readonly broker: string;
  readonly expired: boolean;
  readonly reason?: string;
  readonly sinceMs?: number;
}

export interface BrokerSessionMonitorOptions {
  readonly bus: MessageBus;
  readonly events: EventFactory;
  readonly log: Logger;
  readonly broker: Broker;
}

/**
 * Whether the broker still takes our orders. A `sessionExpired` report (expired or invalid token) pauses new
 * submissions: BrokerSessionExpired and a log line say so once, however often the venue repeats it. A
 * `sessionRestored` report (a fresh token was accepted) resumes them: BrokerSessionRestored. The state is a
 * fold of those two events, so a node restarted while expired stays paused until a fresh token arrives
 * (fail closed). Orders already working are left alone and cancels are still sent; only new orders are refused.
 */
export class BrokerSessionMonitor {
  private expiredReason: string | undefined;
  private sinceMs = 0;
  private readonly broker: string;

  constructor(private readonly options: BrokerSessionMonitorOptions) {
    this.broker = options.broker.name;
  }

  get status(): BrokerSessionStatus {
    const { broker } = this;
    return this.expiredReason === undefined ? { broker, expired: false } : { broker, expired: true, reason: this.expiredReason, sinceMs: this.sinceMs };
  }

  /** Why a new order may not be sent now (undefined: it may). One comparison while the session is open. */
  refusal(): string | undefined {
    if (this.expiredReason === undefined) return undefined;
    return `broker ${this.broker} session expired (${this.expiredReason}): no new order is sent until a fresh token is supplied`;
  }

  /** Replay: fold BrokerSessionExpired / BrokerSessionRestored of this broker from the log. */
  apply(event: AnyEvent): void {
    if (event.type === 'BrokerSessionExpired' && event.payload.broker === this.broker) {
      this.expiredReason = event.payload.reason;
      this.sinceMs = event.ts;
    } else if (event.type === 'BrokerSessionRestored' && event.payload.broker === this.broker) {
      this.expiredReason = undefined;
    }
  }

  /** A session report from the broker: emit the event when the state changes; returns whether it did. */
  onReport(report: BrokerSessionReport): boolean {
    const { bus, events, log } = this.options;
    const { broker } = this;
    if (report.kind === 'sessionExpired') {
      if (this.expiredReason !== undefined) return false;
      log.warn({ broker, reason: report.reason }, `broker session expired: trading paused until a fresh token is supplied (${report.reason})`);
      const event = events.create('BrokerSessionExpired', { broker, reason: report.reason }, { key: broker });
      this.apply(event);
      bus.emit(event);
      return true;
    }
    if (this.expiredReason === undefined) {
      log.debug({ broker }, 'broker accepted a fresh token; the session was not expired');
      return false;
    }
    log.info({ broker, pausedSinceMs: this.sinceMs }, 'broker session restored: new orders flow again');
    const event = events.create('BrokerSessionRestored', { broker }, { key: broker });
    this.apply(event);
    bus.emit(event);
    return true;
  }

  /** Hand the broker a fresh access token (never logged); trading resumes when it confirms with `sessionRestored`. */
  updateToken(token: string): void {
    const { broker } = this.options;
    if (token.trim() === '') throw new ValidationError('broker token must not be empty');
    if (broker.updateToken === undefined) {
      throw new FortressError('BROKER_TOKEN_UNSUPPORTED', `broker ${broker.name} does not take access tokens`, { broker: broker.name });
    }
    this.options.log.info({ broker: broker.name, sessionExpired: this.expiredReason !== undefined }, 'fresh broker token supplied');
    broker.updateToken(token);
  }
}
