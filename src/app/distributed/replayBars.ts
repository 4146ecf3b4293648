import { ReplayFeed, loadCsvBars } from '../../adapters/index.js';
import type { Bar } from '../../core/index.js';
import { replayTapesOf, type NodeFileConfig } from '../runtime/nodeConfig.js';

/** The replay's bars in the order `fortress start` replays them (the same feed, read to the end at once). */
export async function replayBars(config: NodeFileConfig): Promise<Bar[]> {
  const replay = config.market.replay;
  if (replay === undefined) return [];
  const series = replayTapesOf(config).map(({ instrumentId, file }) => loadCsvBars(file, { instrumentId, timeZone: replay.timeZone }));
  const bars: Bar[] = [];
  const feed = new ReplayFeed({ series: series.length === 1 ? series[0]! : series, speed: Number.POSITIVE_INFINITY });
  await feed.start({ onBar: (bar) => void bars.push(bar), onTick: () => undefined });
  await feed.finished();
  return bars;
}
