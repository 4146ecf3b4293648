import { createRandom, silentLogger } from '../../../core/index.js';
import type { Clock, Logger, MarketDataFeed, MarketDataSink, RandomSource } from '../../../core/index.js';
import { PriceWalk } from './PriceWalk.js';

export interface SyntheticInstrument {
  readonly instrumentId: string;
  readonly startPrice: number;
  readonly tickSize: number;
  /** Per-tick log-return stdev; default 0.0005. */
  readonly volatility?: number;
  /** Typical trade size; default 100. */
  readonly baseSize?: number;
}

export interface SyntheticFeedOptions {
  readonly clock: Clock;
  readonly instruments: readonly SyntheticInstrument[];
  /** One tick per instrument every `intervalMs` of real time. */
  readonly intervalMs: number;
  readonly seed: number;
  readonly logger?: Logger;
  readonly name?: string;
}

interface Walker {
  readonly instrumentId: string;
  readonly walk: PriceWalk;
  readonly baseSize: number;
}

/**
 * A live feed for demos and paper trading: every `intervalMs` (a real timer) it emits one tick per
 * instrument, stamped by the injected clock, prices from seeded random walks on each tick grid.
 */
export class SyntheticFeed implements MarketDataFeed {
  readonly name: string;
  private readonly walkers: readonly Walker[];
  private readonly random: RandomSource;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private sink: MarketDataSink | undefined;

  constructor(private readonly options: SyntheticFeedOptions) {
    if (!(options.intervalMs > 0)) throw new RangeError(`SyntheticFeed intervalMs must be > 0, got ${options.intervalMs}`);
    this.name = options.name ?? 'synthetic';
    this.random = createRandom(options.seed);
    this.logger = (options.logger ?? silentLogger).child({ component: 'SyntheticFeed' });
    this.walkers = options.instruments.map((instrument) => ({
      instrumentId: instrument.instrumentId,
      walk: new PriceWalk(instrument.startPrice, instrument.tickSize, instrument.volatility ?? 0.0005, this.random),
      baseSize: instrument.baseSize ?? 100,
    }));
  }

  start(sink: MarketDataSink): Promise<void> {
    if (this.timer !== undefined) return Promise.reject(new Error(`feed ${this.name} is already running`));
    this.sink = sink;
    this.timer = setInterval(() => this.emitTicks(), this.options.intervalMs);
    this.logger.info({ instruments: this.walkers.length, intervalMs: this.options.intervalMs }, 'synthetic feed started');
    return Promise.resolve();
  }

  stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.sink = undefined;
    return Promise.resolve();
  }

  private emitTicks(): void {
    const sink = this.sink;
    if (sink === undefined) return;
    const ts = this.options.clock.nowMs();
    for (const walker of this.walkers) {
      const { walk } = walker;
      const priceTicks = walk.step();
      const tick = {
        instrumentId: walker.instrumentId,
        ts,
        price: walk.price(priceTicks),
        size: Math.max(1, Math.round(walker.baseSize * Math.exp(0.5 * this.random.normal()))),
        bid: walk.price(Math.max(1, priceTicks - 1)),
        ask: walk.price(priceTicks + 1),
      };
      try {
        sink.onTick(tick);
      } catch (error) {
        this.logger.error({ instrumentId: walker.instrumentId, err: error instanceof Error ? error.message : String(error) }, 'sink failed on a tick');
      }
    }
  }
}
