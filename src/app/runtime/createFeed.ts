import { ReplayFeed, SyntheticFeed, loadCsvBars } from '../../adapters/index.js';
import type { Clock, InstrumentProvider, Logger, MarketDataFeed, SimulatedClock } from '../../core/index.js';
import type { NodeFileConfig } from './nodeConfig.js';

/** The configured market: a live synthetic walk, or recorded bars replayed at a chosen speed. */
export function createFeed(config: NodeFileConfig, instruments: InstrumentProvider, clock: Clock, simulated: SimulatedClock | undefined, logger: Logger): MarketDataFeed {
  const market = config.market;
  if (market.feed === 'replay' && market.replay !== undefined) {
    const instrument = instruments.all()[0]!;
    const series = loadCsvBars(market.replay.file, { instrumentId: instrument.id, timeZone: market.replay.timeZone });
    logger.info({ component: 'node', file: market.replay.file, bars: series.length, speed: market.replay.speed }, 'replaying bars');
    return new ReplayFeed({ series, speed: market.replay.speed === 'max' ? Number.POSITIVE_INFINITY : market.replay.speed, ...(simulated !== undefined ? { clock: simulated } : {}) });
  }
  return new SyntheticFeed({
    clock,
    instruments: market.instruments.map((i) => ({ instrumentId: `${i.symbol}.${i.exchange}`, startPrice: i.startPrice, tickSize: i.tickSize, volatility: i.volatility })),
    intervalMs: market.intervalMs,
    seed: market.seed,
    logger,
  });
}
