import { setFlagsFromString } from 'node:v8';

/** V8's default: each growth of the young generation doubles its semi-spaces (up to --max-semi-space-size). */
const DEFAULT_SEMI_SPACE_GROWTH_FACTOR = 2;

/**
 * Keeps V8's young generation at its initial size while the node starts, and lets it grow as usual after.
 *
 * Starting loads and builds ~30 MB of objects that live for the whole run (modules, schemas, the graph). Each
 * scavenge sees them survive, and V8 reads a high survival rate as "this program needs a larger young
 * generation", doubling the semi-spaces up to 16 MB each: ~25 MB of resident memory that an idle node never
 * uses again (V8 shrinks it only after its memory reducer runs, seconds later). Holding the growth factor at 1
 * for the start avoids that; restoring V8's default afterwards means a node under load (ticks, API clients)
 * grows its young generation exactly as it would have. The growth factor is read by V8 each time it considers
 * growing, so setting it at run time takes effect (unlike --max-semi-space-size, fixed when the heap is made).
 *
 * Nothing is changed when the user tunes the young generation through NODE_OPTIONS or node's own flags.
 */
export function holdYoungGenerationDuringStart(): () => void {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  if (/semi[-_]space/.test(given)) return () => undefined;
  setFlagsFromString('--semi-space-growth-factor=1');
  let released = false;
  return () => {
    if (released) return;
    released = true;
    setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH_FACTOR}`);
  };
}
