import { InvariantError } from '../core/index.js';

/** floor(a × b / d) exactly, for non-negative safe integers a, b and a positive safe integer d (BigInt past 2^53). */
export function floorMulDiv(a: number, b: number, d: number): number {
  if (!(d > 0) || !Number.isSafeInteger(d)) throw new InvariantError(`floorMulDiv divisor must be a positive integer, got ${d}`);
  const product = a * b;
  if (Number.isSafeInteger(product)) {
    let q = Math.floor(product / d);
    if (q * d > product) q -= 1; // the float quotient may round up across an integer
    else if ((q + 1) * d <= product) q += 1;
    return q;
  }
  return Number((BigInt(a) * BigInt(b)) / BigInt(d));
}
