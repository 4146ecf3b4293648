import type { Bar, SignalAction, Timeframe } from '../../core/index.js';
import type { Strategy, StrategyContext } from '../../strategy/index.js';

/** Entry and exit on both sides, in the order that makes each signal an order: open long, close it, open short, close it. */
const CYCLE: readonly SignalAction[] = ['BUY', 'SELL', 'SHORT', 'COVER'];

/**
 * The order-path warm-up's strategy: on every bar of each of its instruments it signals the next action of
 * BUY, SELL, SHORT, COVER for that instrument, so every bar makes an order (an entry or an exit, either side).
 */
export function cyclingStrategy(instrumentIds: readonly string[], timeframe: Timeframe): Strategy {
  const step = new Map<string, number>(instrumentIds.map((id) => [id, 0]));
  return {
    subscriptions: instrumentIds.map((instrumentId) => ({ instrumentId, timeframe })),
    onBar(bar: Bar, ctx: StrategyContext): void {
      const n = step.get(bar.instrumentId) ?? 0;
      step.set(bar.instrumentId, n + 1);
      ctx.signal({ instrumentId: bar.instrumentId, action: CYCLE[n % CYCLE.length]!, confidence: 1, reason: 'order-path warm-up', timeframe, strength: 0.01 });
    },
  };
}
