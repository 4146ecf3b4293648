import { fromUnits } from '../../../core/index.js';
import type { BrokerPosition, Instrument } from '../../../core/index.js';

interface Entry {
  readonly accountId: string;
  readonly instrumentId: string;
  readonly precision: number;
  units: number;
}

/** Net position per account and instrument from the paper broker's own fills, in exact lot-grid units. */
export class PaperPositions {
  private readonly entries = new Map<string, Entry>();

  add(accountId: string, instrument: Instrument, signedUnits: number): void {
    const key = `${accountId}\u0000${instrument.id}`;
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.entries.set(key, { accountId, instrumentId: instrument.id, precision: instrument.quantityPrecision, units: signedUnits });
    } else {
      entry.units += signedUnits;
    }
  }

  /** Non-flat positions, in the order they were first opened. */
  list(): BrokerPosition[] {
    const result: BrokerPosition[] = [];
    for (const entry of this.entries.values()) {
      if (entry.units !== 0) result.push({ accountId: entry.accountId, instrumentId: entry.instrumentId, quantity: fromUnits(entry.units, entry.precision) });
    }
    return result;
  }
}
