import { decimalsOf, minorDigitsOf, mulDivRound, notionalMinor, pow10, toUnits } from '../../../core/index.js';
import type { Instrument } from '../../../core/index.js';
import type { CommissionConfig } from './PaperBrokerConfig.js';

/** The running commission totals of one order. */
export interface CommissionState {
  /** Fills the order had before this one. */
  fillCount: number;
  commissionComputedMinor: number;
  commissionChargedMinor: number;
}

/**
 * Commission in minor units, exactly: a fee per order (on its first fill), a fee per unit (quantity × perUnit,
 * half-even), a share of notional (`mulDivRound(notional, bps, 10,000)`), and a minimum per order, charged
 * so that the order's fills together pay at least the minimum.
 */
export class CommissionModel {
  private readonly perOrderMinor: number;
  private readonly perUnit: number;
  private readonly perUnitPrecision: number;
  private readonly bpsUnits: number;
  private readonly bpsDivisor: number;
  private readonly minimumMinor: number;

  constructor(config: CommissionConfig) {
    this.perOrderMinor = config.perOrderMinor ?? 0;
    this.perUnit = config.perUnit ?? 0;
    this.perUnitPrecision = decimalsOf(this.perUnit);
    const bps = config.pctOfNotionalBps ?? 0;
    const bpsPrecision = decimalsOf(bps);
    this.bpsUnits = toUnits(bps, bpsPrecision);
    this.bpsDivisor = 10_000 * pow10(bpsPrecision);
    this.minimumMinor = config.minimumMinor ?? 0;
  }

  /** Commission of one fill; updates the order's running totals. */
  chargeFill(state: CommissionState, instrument: Instrument, price: number, quantity: number): number {
    const minorDigits = minorDigitsOf(instrument.currency);
    let computed = state.fillCount === 0 ? this.perOrderMinor : 0;
    if (this.perUnit > 0) {
      computed += notionalMinor(this.perUnit, quantity, this.perUnitPrecision, instrument.quantityPrecision, minorDigits);
    }
    if (this.bpsUnits > 0) {
      const notional = notionalMinor(price, quantity, instrument.pricePrecision, instrument.quantityPrecision, minorDigits, instrument.multiplier);
      computed += mulDivRound(notional, this.bpsUnits, this.bpsDivisor);
    }
    state.commissionComputedMinor += computed;
    const owed = Math.max(state.commissionComputedMinor, this.minimumMinor);
    const charge = owed - state.commissionChargedMinor;
    state.commissionChargedMinor = owed;
    return charge;
  }
}
