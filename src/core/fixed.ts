import { InvariantError } from './errors.js';

/**
 * Fixed-point arithmetic. Prices and quantities are plain numbers that always lie on a decimal grid
 * (10^-precision); money is an integer count of the currency's minor unit. Every sum or product goes through
 * integer "units" so nothing drifts however many fills accumulate. Products that leave the safe-integer
 * range fall back to BigInt (rare: only on huge notionals), so the common path stays allocation-free.
 */
const POW10: readonly number[] = Array.from({ length: 19 }, (_, i) => 10 ** i);
const POW10N: readonly bigint[] = Array.from({ length: 37 }, (_, i) => 10n ** BigInt(i));

export const MAX_PRECISION = 15;

export function pow10(exponent: number): number {
  const value = POW10[exponent];
  if (value === undefined) throw new InvariantError(`precision ${exponent} out of range 0..18`);
  return value;
}

/** The integer number of 10^-precision units in `value` (value must already be on, or next to, the grid). */
export function toUnits(value: number, precision: number): number {
  const units = Math.round(value * pow10(precision));
  if (!Number.isSafeInteger(units)) {
    throw new InvariantError(`value ${value} at precision ${precision} is not representable exactly`);
  }
  return units;
}

export function fromUnits(units: number, precision: number): number {
  return units / pow10(precision);
}

/** Snap to the grid of 10^-precision (half away from zero, as a human would round a price). */
export function roundTo(value: number, precision: number): number {
  return fromUnits(toUnits(value, precision), precision);
}

export function addFixed(a: number, b: number, precision: number): number {
  return fromUnits(toUnits(a, precision) + toUnits(b, precision), precision);
}

export function subFixed(a: number, b: number, precision: number): number {
  return fromUnits(toUnits(a, precision) - toUnits(b, precision), precision);
}

/** Number of decimals needed to write `value` exactly (up to MAX_PRECISION). */
export function decimalsOf(value: number): number {
  for (let p = 0; p <= MAX_PRECISION; p++) {
    const scaled = value * POW10[p]!;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, Math.abs(scaled))) return p;
  }
  return MAX_PRECISION;
}

export type RoundingMode = 'nearest' | 'up' | 'down';

/** Snap a price to a tick size (e.g. 0.05): `up` for a buyer paying slippage, `down` for a seller. */
export function roundToTick(price: number, tickSize: number, precision: number, mode: RoundingMode = 'nearest'): number {
  const tickUnits = toUnits(tickSize, precision);
  const priceUnits = price * pow10(precision);
  const ticks = priceUnits / tickUnits;
  const snapped = mode === 'up' ? Math.ceil(ticks - 1e-9) : mode === 'down' ? Math.floor(ticks + 1e-9) : Math.round(ticks);
  return fromUnits(snapped * tickUnits, precision);
}

/**
 * round(a * b / divisor) with round-half-to-even, for integers a, b and a positive integer divisor.
 * Exact for any safe-integer inputs.
 */
export function mulDivRound(a: number, b: number, divisor: number): number {
  if (divisor <= 0 || !Number.isSafeInteger(divisor)) throw new InvariantError(`mulDivRound divisor must be a positive integer, got ${divisor}`);
  const product = a * b;
  if (Number.isSafeInteger(product)) return divRoundHalfEven(product, divisor);
  const big = BigInt(a) * BigInt(b);
  return bigDivRoundHalfEven(big, BigInt(divisor));
}

/** round(n / d) half-to-even for a safe integer n and positive safe integer d. */
export function divRoundHalfEven(n: number, d: number): number {
  const negative = n < 0;
  const abs = negative ? -n : n;
  let q = Math.trunc(abs / d);
  let r = abs - q * d;
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  const twice = 2 * r;
  if (twice > d || (twice === d && q % 2 === 1)) q += 1;
  return negative ? -q : q;
}

function bigDivRoundHalfEven(n: bigint, d: bigint): number {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let q = abs / d;
  const r = abs - q * d;
  const twice = 2n * r;
  if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
  const result = Number(negative ? -q : q);
  if (!Number.isSafeInteger(result)) throw new InvariantError(`amount ${n}/${d} exceeds the exact money range`);
  return result;
}

/**
 * Money value of `price × quantity` in minor units (cents, paise), rounded half-to-even once.
 * `price` has `pricePrecision` decimals, `quantity` has `quantityPrecision`, the currency has `minorDigits`.
 */
export function notionalMinor(
  price: number,
  quantity: number,
  pricePrecision: number,
  quantityPrecision: number,
  minorDigits: number,
  multiplier = 1,
): number {
  return notionalMinorOfUnits(price, toUnits(quantity, quantityPrecision), pricePrecision, quantityPrecision, minorDigits, multiplier);
}

/**
 * `notionalMinor` of a quantity already counted in grid units of 10^-quantityPrecision (a safe integer, either
 * sign taken as given): the same result without the round trip through the decimal quantity.
 */
export function notionalMinorOfUnits(
  price: number,
  quantityUnits: number,
  pricePrecision: number,
  quantityPrecision: number,
  minorDigits: number,
  multiplier = 1,
): number {
  if (!Number.isSafeInteger(quantityUnits)) {
    throw new InvariantError(`quantity of ${quantityUnits} units at precision ${quantityPrecision} is not representable exactly`);
  }
  const priceUnits = toUnits(price, pricePrecision);
  const qtyUnits = quantityUnits * multiplier;
  const scale = pricePrecision + quantityPrecision - minorDigits;
  if (scale <= 0) {
    const product = priceUnits * qtyUnits * pow10(-scale);
    if (Number.isSafeInteger(product)) return product;
    return Number(BigInt(priceUnits) * BigInt(qtyUnits) * POW10N[-scale]!);
  }
  if (scale <= 18) return mulDivRound(priceUnits, qtyUnits, pow10(scale));
  return bigDivRoundHalfEven(BigInt(priceUnits) * BigInt(qtyUnits), POW10N[scale]!);
}

/** Minor units of a decimal amount (e.g. a commission of 1.005 USD → 100 or 101 per half-even). */
export function amountToMinor(amount: number, minorDigits: number): number {
  return Math.round(amount * pow10(minorDigits));
}

export function minorToAmount(minor: number, minorDigits: number): number {
  return minor / pow10(minorDigits);
}
