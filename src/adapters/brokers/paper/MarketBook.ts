import { isOpenStatus, pow10, toUnits } from '../../../core/index.js';
import type { Bar, Instrument, Tick } from '../../../core/index.js';
import type { FillModel } from './PaperBrokerConfig.js';
import type { WorkingOrder } from './WorkingOrder.js';

/** Per instrument: its working orders (in arrival order: time priority) and the market last seen. */
export interface MarketBook {
  readonly instrument: Instrument;
  readonly lotUnits: number;
  readonly working: WorkingOrder[];
  lastBar: Bar | undefined;
  lastTick: Tick | undefined;
  /** Volume of the bar or tick being processed (≤ 0: unknown). */
  lastVolume: number;
  /** Quantity units our fills may still take from the current bar/tick; NaN until first needed. */
  availableUnits: number;
}

export function createMarketBook(instrument: Instrument): MarketBook {
  return {
    instrument, lotUnits: toUnits(instrument.lotSize, instrument.quantityPrecision), working: [],
    lastBar: undefined, lastTick: undefined, lastVolume: 0, availableUnits: Number.NaN,
  };
}

/** Whether the fill model has seen any market for the book (a bar, or a tick for the tick model). */
export function hasMarket(book: MarketBook | undefined, fillModel: FillModel): boolean {
  return fillModel === 'tick' ? book?.lastTick !== undefined : book?.lastBar !== undefined;
}

/** Our share of the current volume in whole lots; a bar or tick without volume (≤ 0) is not capped. */
export function volumeCapUnits(book: MarketBook, maxVolumeShare: number): number {
  if (!(book.lastVolume > 0)) return Number.POSITIVE_INFINITY;
  const raw = book.lastVolume * maxVolumeShare * pow10(book.instrument.quantityPrecision);
  const units = Math.floor(raw + 1e-9 * Math.max(1, raw));
  return units - (units % book.lotUnits);
}

/** Drop closed orders in place, keeping the rest in arrival order. */
export function compactWorking(working: WorkingOrder[]): void {
  let write = 0;
  for (let read = 0; read < working.length; read++) {
    const order = working[read]!;
    if (isOpenStatus(order.status)) working[write++] = order;
  }
  working.length = write;
}
