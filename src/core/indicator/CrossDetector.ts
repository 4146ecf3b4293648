import type { Indicator } from './Indicator.js';

/** What `CrossDetector.update` reports: 1 on a cross up, −1 on a cross down, 0 otherwise. */
export type Cross = -1 | 0 | 1;

/**
 * Detects a change of sign of a difference (e.g. fast − slow, or RSI − 30).
 *
 * A cross is a change of sign between the last non-zero differences: a bar where the difference is exactly
 * zero keeps the previous sign, so neither the equality bar nor leaving it in the same direction reports a
 * cross; touching zero and going on to the other side reports one cross, on the bar that reaches it. The first
 * non-zero difference only establishes the sign. A NaN difference (an input still warming up) is ignored.
 */
export class CrossDetector implements Indicator {
  private sign: -1 | 0 | 1 = 0;
  private last: Cross = 0;

  get value(): Cross {
    return this.last;
  }

  /** Ready once a non-zero difference has established a side. */
  get isReady(): boolean {
    return this.sign !== 0;
  }

  /** The side of the last non-zero difference: 1 above, −1 below, 0 none yet. */
  get side(): -1 | 0 | 1 {
    return this.sign;
  }

  update(difference: number): Cross {
    let cross: Cross = 0;
    if (difference > 0) {
      if (this.sign === -1) cross = 1;
      this.sign = 1;
    } else if (difference < 0) {
      if (this.sign === 1) cross = -1;
      this.sign = -1;
    }
    this.last = cross;
    return cross;
  }

  reset(): void {
    this.sign = 0;
    this.last = 0;
  }
}
