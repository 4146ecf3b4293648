/** Time comes only from a Clock, so a replay sees exactly the same times. All times are epoch milliseconds (UTC). */
export interface Clock {
  nowMs(): number;
}

/** A clock the backtest (or a test) moves by hand; it never moves backwards. */
export class SimulatedClock implements Clock {
  private currentMs: number;

  constructor(startMs = 0) {
    this.currentMs = startMs;
  }

  nowMs(): number {
    return this.currentMs;
  }

  /** Move to `timeMs`; refuses to go back in time, which would break the log's ordering. */
  advanceTo(timeMs: number): void {
    if (timeMs < this.currentMs) {
      throw new RangeError(`SimulatedClock cannot move backwards: ${new Date(timeMs).toISOString()} < ${new Date(this.currentMs).toISOString()}`);
    }
    this.currentMs = timeMs;
  }
}

/** The wall clock. The only place engine code may learn the real time. */
export class RealClock implements Clock {
  nowMs(): number {
    return Date.now();
  }
}
