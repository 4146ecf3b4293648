import { fromUnits, toUnits } from '../core/index.js';

/**
 * Split `quantity` into slices no larger than `freezeQuantity`, each a whole number of lots: as many full
 * slices (the largest lot multiple within the freeze quantity) as fit, then the rest. Exact on the
 * quantity grid, so the slices always add up to the order.
 */
export function sliceQuantity(quantity: number, freezeQuantity: number, lotSize: number, precision: number): number[] {
  const totalUnits = toUnits(quantity, precision);
  const lotUnits = toUnits(lotSize, precision);
  const freezeUnits = toUnits(freezeQuantity, precision);
  const sliceUnits = Math.max(lotUnits, freezeUnits - (freezeUnits % lotUnits));
  const slices: number[] = [];
  for (let left = totalUnits; left > 0; left -= sliceUnits) slices.push(fromUnits(Math.min(left, sliceUnits), precision));
  return slices;
}
