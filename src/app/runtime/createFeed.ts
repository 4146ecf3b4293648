import { ReplayFeed, SyntheticFeed, loadCsvBars } from '../../adapters/index.js';
import type { Clock, InstrumentProvider, Logger, MarketDataFeed, SimulatedClock } from '../../core/index.js';
import { replayTapesOf, type NodeFileConfig } from './nodeConfig.js';

/** The configured market: a live synthetic walk, or recorded bars replayed at a chosen speed. */
export function createFeed(config: NodeFileConfig, instruments: InstrumentProvider, clock: Clock, simulated: SimulatedClock | undefined, logger: Logger): MarketDataFeed {
  const market = config.market;
  if (market.feed === 'replay' && market.replay !== undefined) {
    const replay = market.replay;
    const series = replayTapesOf(config).map(({ instrumentId, file }) => {
      const tape = loadCsvBars(file, { instrumentId, timeZone: replay.timeZone });
      logger.info({ component: 'node', instrumentId, file, bars: tape.length, speed: replay.speed }, 'replaying bars');
      return tape;
    });
    return new ReplayFeed({ series: series.length === 1 ? series[0]! : series, speed: replay.speed === 'max' ? Number.POSITIVE_INFINITY : replay.speed, ...(simulated !== undefined ? { clock: simulated } : {}) });
  }
  return new SyntheticFeed({
    clock,
    instruments: market.instruments.map((i) => ({ instrumentId: `${i.symbol}.${i.exchange}`, startPrice: i.startPrice, tickSize: i.tickSize, volatility: i.volatility })),
    intervalMs: market.intervalMs,
    seed: market.seed,
    logger,
  });
}
