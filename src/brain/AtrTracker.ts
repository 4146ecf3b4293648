import { ATR, type Bar, type InstrumentProvider, type Timeframe } from '../core/index.js';

interface Series {
  readonly timeframe: Timeframe;
  readonly atr: ATR;
}

/**
 * ATR per instrument and timeframe, fed from `data.bar` (O(1) per bar: one Map lookup, a scan of the
 * instrument's one or two timeframes, one ATR update). The decision engine subscribes it only for atr-risk sizing.
 */
export class AtrTracker {
  private readonly byInstrument = new Map<string, Series[]>();

  constructor(
    private readonly period: number,
    private readonly instruments: InstrumentProvider,
  ) {}

  onBar(bar: Bar): void {
    const series = this.series(bar.instrumentId, bar.timeframe);
    series?.atr.update(bar.high, bar.low, bar.close);
  }

  /** The ATR on `timeframe` (the instrument's first tracked one when that one has none); NaN until warmed up. */
  value(instrumentId: string, timeframe: Timeframe): number {
    const list = this.byInstrument.get(instrumentId);
    if (list === undefined || list.length === 0) return Number.NaN;
    for (let i = 0; i < list.length; i++) if (list[i]!.timeframe === timeframe) return list[i]!.atr.value;
    return list[0]!.atr.value;
  }

  private series(instrumentId: string, timeframe: Timeframe): Series | undefined {
    let list = this.byInstrument.get(instrumentId);
    if (list === undefined) {
      const instrument = this.instruments.get(instrumentId);
      if (instrument === undefined) return undefined;
      this.byInstrument.set(instrumentId, (list = []));
    }
    for (let i = 0; i < list.length; i++) if (list[i]!.timeframe === timeframe) return list[i];
    const precision = this.instruments.get(instrumentId)?.pricePrecision ?? 8;
    const created = { timeframe, atr: new ATR(this.period, { precision }) };
    list.push(created);
    return created;
  }
}
