import {
  ValidationError,
  parseTimeframe,
  roundToTick,
  timeframeMs,
  toUnits,
  type Clock,
  type Instrument,
  type InstrumentProvider,
  type Logger,
  type Timeframe,
} from '../../core/index.js';
import { ControlError, type Actor, type MarketControl, type SimulatedBar, type SimulatedTick } from '../../api/index.js';
import type { TradingNode } from '../createNode.js';

export interface MarketControlDeps {
  /** Market data enters here, the same door the feed uses; last prices come from the portfolio's marks. */
  readonly node: Pick<TradingNode, 'onTick' | 'onBar' | 'portfolio'>;
  readonly instruments: InstrumentProvider;
  /** The node's clock: an injected tick or bar happens at its now. */
  readonly clock: Clock;
  /** Injection is for paper trading only; a live node answers UNAVAILABLE. */
  readonly paper: boolean;
  readonly logger?: Logger;
}

/** A simulated bar without a volume trades this many lots (enough for the paper broker to fill an order). */
export const DEFAULT_SIMULATED_BAR_LOTS = 10_000;

/**
 * Inject a tick or a bar into a paper node (a demo, a test, a what-if), checked like data from a venue: the
 * instrument must be configured, prices on its tick grid, sizes on its lot grid. A bar is stamped as the
 * period that has just closed (open time = the start of the previous period of its timeframe).
 */
export function createMarketControl(deps: MarketControlDeps): MarketControl {
  const { node, instruments, clock } = deps;
  const logger = deps.logger?.child({ component: 'market-simulate' });
  const instrumentFor = (instrumentId: string): Instrument => {
    if (!deps.paper) throw new ControlError('UNAVAILABLE', 'market simulation is available in paper mode only');
    const instrument = instruments.get(instrumentId);
    if (instrument === undefined) {
      const known = instruments.all().map((i) => i.id).join(', ');
      throw new ControlError('NOT_FOUND', `unknown instrument "${instrumentId}" (configured: ${known})`, 'instrumentId');
    }
    return instrument;
  };
  return {
    simulateTick(tick: SimulatedTick, actor: Actor): void {
      const instrument = instrumentFor(tick.instrumentId);
      const price = onGrid(tick.price, instrument.tickSize, instrument.pricePrecision, 'price');
      const size = tick.size === undefined ? instrument.lotSize : onGrid(tick.size, instrument.lotSize, instrument.quantityPrecision, 'size');
      node.onTick({ instrumentId: instrument.id, ts: clock.nowMs(), price, size });
      logger?.info({ instrumentId: instrument.id, price, size, by: actor.username }, 'simulated tick injected');
    },
    simulateBar(bar: SimulatedBar, actor: Actor): void {
      const instrument = instrumentFor(bar.instrumentId);
      const timeframe = timeframeOf(bar.timeframe);
      const grid = (value: number, field: string): number => onGrid(value, instrument.tickSize, instrument.pricePrecision, field);
      const open = grid(bar.open, 'open');
      const high = grid(bar.high, 'high');
      const low = grid(bar.low, 'low');
      const close = grid(bar.close, 'close');
      if (high < Math.max(open, close, low)) throw new ControlError('INVALID', `high ${high} is below the bar's open, close or low`, 'high');
      if (low > Math.min(open, close)) throw new ControlError('INVALID', `low ${low} is above the bar's open or close`, 'low');
      const volume =
        bar.volume === undefined
          ? DEFAULT_SIMULATED_BAR_LOTS * instrument.lotSize
          : bar.volume === 0
            ? 0
            : onGrid(bar.volume, instrument.lotSize, instrument.quantityPrecision, 'volume');
      const periodMs = timeframeMs(timeframe);
      const ts = Math.floor(clock.nowMs() / periodMs) * periodMs - periodMs;
      node.onBar({ instrumentId: instrument.id, timeframe, ts, open, high, low, close, volume });
      logger?.info({ instrumentId: instrument.id, timeframe, ts, close, by: actor.username }, 'simulated bar injected');
    },
    lastPrices(): Readonly<Record<string, number>> {
      const prices: Record<string, number> = {};
      for (const instrument of instruments.all()) {
        const price = node.portfolio.lastPrice(instrument.id);
        if (price !== undefined) prices[instrument.id] = price;
      }
      return prices;
    },
  };
}

/** `value` when it is positive and on the grid of `step`; otherwise INVALID naming `field`. */
function onGrid(value: number, step: number, precision: number, field: string): number {
  let snapped: number | undefined;
  try {
    // toUnits refuses a value with more grid units than a number holds exactly.
    snapped = Number.isFinite(value) && value > 0 && toUnits(value, precision) > 0 ? roundToTick(value, step, precision) : undefined;
  } catch {
    snapped = undefined;
  }
  if (snapped !== value) {
    throw new ControlError('INVALID', `${field} ${value} must be a positive multiple of ${step}`, field);
  }
  return value;
}

function timeframeOf(text: string | undefined): Timeframe {
  if (text === undefined) return '1m';
  try {
    return parseTimeframe(text);
  } catch (error) {
    throw new ControlError('INVALID', error instanceof ValidationError ? error.message : `unknown timeframe "${text}"`, 'timeframe');
  }
}
