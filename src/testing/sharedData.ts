import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Tests that need the real market data in ../shared/data skip themselves when it is absent (a user's
 * machine has no ../shared); nothing else may skip.
 */
export const SHARED_DATA_DIR = resolve(process.env.FORTRESS_SHARED_DATA ?? resolve(process.cwd(), '../shared/data'));

export function sharedDataFile(name: string): string {
  return resolve(SHARED_DATA_DIR, name);
}

/** `false` when the file is there; otherwise the reason to give `it(..., { skip })`. */
export function skipUnlessSharedData(name: string): false | string {
  return existsSync(sharedDataFile(name)) ? false : `needs ${sharedDataFile(name)} (shared market data is not on this machine)`;
}
