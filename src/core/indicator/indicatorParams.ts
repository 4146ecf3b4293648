import { InvariantError, ValidationError } from '../errors.js';
import { MAX_PRECISION, pow10 } from '../fixed.js';
import { DEFAULT_PRICE_PRECISION } from './Indicator.js';

/** Refuses a period that is not an integer ≥ `min`, naming the indicator and the parameter. */
export function checkPeriod(indicator: string, name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ValidationError(`${indicator}: ${name} must be an integer ≥ ${min}, got ${value}`, { indicator, parameter: name, value });
  }
  return value;
}

/** 10^precision for a valid grid precision (0..MAX_PRECISION), default DEFAULT_PRICE_PRECISION. */
export function gridScale(indicator: string, precision: number = DEFAULT_PRICE_PRECISION): number {
  if (!Number.isInteger(precision) || precision < 0 || precision > MAX_PRECISION) {
    throw new ValidationError(`${indicator}: precision must be an integer in 0..${MAX_PRECISION}, got ${precision}`, {
      indicator,
      parameter: 'precision',
      value: precision,
    });
  }
  return pow10(precision);
}

/**
 * `period × 10^precision` as an exact double, or a ValidationError. It is exact when period × 5^precision is
 * a safe integer (the factor 2^precision only moves the exponent), so a mean is ONE correctly rounded division.
 */
export function exactDivisor(indicator: string, period: number, precision: number = DEFAULT_PRICE_PRECISION): number {
  if (!Number.isSafeInteger(period * 5 ** precision)) {
    throw new ValidationError(`${indicator}: period ${period} is too long for precision ${precision} to average exactly`, {
      indicator,
      parameter: 'period',
      value: period,
    });
  }
  return period * pow10(precision);
}

/** A NaN or infinite input is a broken invariant upstream: fail fast rather than poison every later value. */
export function nonFinite(indicator: string, value: number): InvariantError {
  return new InvariantError(`${indicator}: input must be a finite number, got ${value}`, { indicator, value });
}
