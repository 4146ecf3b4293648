import type { AnyEvent } from '../../core/index.js';

/**
 * What one client asked to see: some event types and/or some instruments (none given: everything). An
 * event is about an instrument when its partition key is that instrument, or its payload names it.
 */
export class StreamFilter {
  /** Nothing asked for in particular: every event. */
  readonly everything: boolean;

  constructor(
    readonly types: ReadonlySet<string> | undefined,
    readonly instruments: ReadonlySet<string> | undefined,
  ) {
    this.everything = types === undefined && instruments === undefined;
  }

  accepts(event: AnyEvent): boolean {
    if (this.types !== undefined && !this.types.has(event.type)) return false;
    if (this.instruments === undefined || this.instruments.has(event.key)) return true;
    const instrumentId = (event.payload as { readonly instrumentId?: unknown }).instrumentId;
    return typeof instrumentId === 'string' && this.instruments.has(instrumentId);
  }

  describe(): { readonly types: readonly string[] | null; readonly instruments: readonly string[] | null } {
    return {
      types: this.types === undefined ? null : [...this.types],
      instruments: this.instruments === undefined ? null : [...this.instruments],
    };
  }
}
