import { EXTERNAL_ORIGINS, type ExternalOrigin } from './externalSignalKeys.js';

const WHOLE_SOURCE = 0;

/** Line numbers of one source as a growable bitset: a million lines cost 128 KB and no hashing. */
class LineSet {
  private words = new Uint32Array(2);

  /** Add `line`; false when it was already there. */
  add(line: number): boolean {
    const word = line >>> 5;
    if (word >= this.words.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.words.length * 2));
      grown.set(this.words);
      this.words = grown;
    }
    const bit = 1 << (line & 31);
    const current = this.words[word]!;
    if ((current & bit) !== 0) return false;
    this.words[word] = current | bit;
    return true;
  }
}

/**
 * Which source rows already became an event: per source (`origin:ref`), a bitset of line numbers rather
 * than a set of key strings, so a 50 MB file's million rows cost little memory and time. The last source is
 * cached, since a file's rows arrive together.
 */
export class SourceLedger {
  private readonly sources = new Map<string, LineSet>();
  private lastOrigin: string | undefined;
  private lastRef: string | undefined;
  private lastLines: LineSet | undefined;

  /** Mark the row as taken; false when it already was. */
  claim(origin: ExternalOrigin, sourceRef: string, line: number | undefined): boolean {
    return this.linesOf(origin, sourceRef).add(line ?? WHOLE_SOURCE);
  }

  /** Record an idempotency key written by `externalSignalKey`; other keys are ignored. */
  claimKey(idempotencyKey: string): void {
    const [origin, sourceRef, line, extra] = idempotencyKey.split(':');
    if (extra !== undefined || sourceRef === undefined || !(EXTERNAL_ORIGINS as readonly string[]).includes(origin!)) return;
    if (line !== undefined && !/^\d+$/.test(line)) return;
    this.claim(origin as ExternalOrigin, sourceRef, line === undefined ? undefined : Number(line));
  }

  /** Number of sources seen. */
  get size(): number {
    return this.sources.size;
  }

  private linesOf(origin: string, sourceRef: string): LineSet {
    if (origin === this.lastOrigin && sourceRef === this.lastRef && this.lastLines !== undefined) return this.lastLines;
    const source = `${origin}:${sourceRef}`;
    let lines = this.sources.get(source);
    if (lines === undefined) this.sources.set(source, (lines = new LineSet()));
    this.lastOrigin = origin;
    this.lastRef = sourceRef;
    this.lastLines = lines;
    return lines;
  }
}
