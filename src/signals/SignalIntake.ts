import type { MessageBus } from '../bus/index.js';
import {
  createEventFactory,
  decimalsOf,
  roundToTick,
  type AnyEvent,
  type Clock,
  type EventFactory,
  type IdSource,
  type InstrumentProvider,
  type Logger,
  type Signal,
  type Timeframe,
} from '../core/index.js';
import { createSymbolResolver, type SymbolResolver } from './createSymbolResolver.js';
import { checkSourceRef, externalSignalId, externalSignalKey, type ExternalOrigin } from './externalSignalKeys.js';
import { groupProblemsByLine } from './groupProblemsByLine.js';
import type { ParsedSignal, SignalBatch } from './ParsedSignal.js';
import { SourceLedger } from './SourceLedger.js';

export interface SignalIntakeOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  readonly instruments: InstrumentProvider;
  /** Whether a strategy id is registered and active now. */
  readonly isStrategyActive: (strategyId: string) => boolean;
  /** The book (strategy id) that takes signals naming no registered, active strategy; without it they are refused. */
  readonly externalAccountStrategy?: string;
  /** Symbol → instrument id; default `createSymbolResolver(instruments)`. */
  readonly symbolResolver?: SymbolResolver;
  /** Confidence of a signal whose source states none (every AmiBroker row). Default 1.0: the file is an instruction. */
  readonly defaultConfidence?: number;
  /** Timeframe of a signal whose source states none. Default `1m`. */
  readonly defaultTimeframe?: Timeframe;
}

/** What one `accept` did with a batch. `duplicates`: rows that already became an event (a file seen twice, a redelivery). */
export interface IntakeOutcome {
  readonly received: number;
  readonly refused: number;
  readonly duplicates: number;
  /** The first few refusal reasons, for the caller's response or log line. */
  readonly refusals: readonly string[];
}

const REFUSALS_LISTED = 5;

interface Tally {
  received: number;
  refused: number;
  duplicates: number;
  readonly refusals: string[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Turns external signals (AmiBroker rows, webhook payloads) into `SignalReceived` events, which the decision
 * engine sizes and risk checks like any other signal, or into `SignalRefused` events naming why: a row that
 * did not parse, a strategy that is not registered and active (with no external-signal account configured),
 * an unknown or ambiguous symbol. Each source row becomes exactly one event whose idempotency key comes from
 * the source (`amibroker:<ref>:<line>`, `webhook:<ref>`): a row already taken, in this run or (after `apply`
 * over the log at start) in an earlier one, is counted as a duplicate and emits nothing.
 */
export class SignalIntake {
  private readonly events: EventFactory;
  private readonly ledger = new SourceLedger();
  private readonly resolve: SymbolResolver;
  private readonly defaultConfidence: number;
  private readonly defaultTimeframe: Timeframe;
  private readonly logger: Logger;

  constructor(private readonly options: SignalIntakeOptions) {
    this.events = createEventFactory('signals', options.clock, options.ids);
    this.resolve = options.symbolResolver ?? createSymbolResolver(options.instruments);
    this.defaultConfidence = options.defaultConfidence ?? 1;
    this.defaultTimeframe = options.defaultTimeframe ?? '1m';
    this.logger = options.logger.child({ component: 'signals' });
  }

  /** Replay: remember the rows the log already holds, so a source seen again after a restart is not doubled. */
  apply(event: AnyEvent): void {
    if (event.type === 'SignalReceived' || event.type === 'SignalRefused') this.ledger.claimKey(event.idempotencyKey);
  }

  accept(batch: SignalBatch, origin: ExternalOrigin, sourceRef: string): IntakeOutcome {
    checkSourceRef(sourceRef);
    const outcome: Tally = { received: 0, refused: 0, duplicates: 0, refusals: [] };
    const refusals = groupProblemsByLine(batch.problems);
    const { signals } = batch;
    let p = 0;
    for (let s = 0; s <= signals.length; s++) {
      const signal = signals[s];
      // Problems and signals are each in line order; emit them merged, so the log follows the file.
      while (p < refusals.length && (signal === undefined || (refusals[p]!.line ?? 0) <= (signal.line ?? 0))) {
        const { line, reason, raw } = refusals[p++]!;
        if (this.ledger.claim(origin, sourceRef, line)) this.refuse(origin, sourceRef, line, reason, raw, undefined, outcome);
        else outcome.duplicates++;
      }
      if (signal !== undefined) this.take(signal, origin, sourceRef, outcome);
    }
    this.report(origin, sourceRef, outcome);
    return outcome;
  }

  private take(parsed: ParsedSignal, origin: ExternalOrigin, sourceRef: string, outcome: Tally): void {
    const { line } = parsed;
    if (!this.ledger.claim(origin, sourceRef, line)) {
      outcome.duplicates++;
      return;
    }
    const reasons: string[] = [];
    const { isStrategyActive, externalAccountStrategy, instruments } = this.options;
    const active = isStrategyActive(parsed.strategy);
    if (!active && externalAccountStrategy === undefined) {
      reasons.push(`strategy "${parsed.strategy}" is not registered or not active, and no external-signal account is configured`);
    }
    const resolution = this.resolve(parsed.symbol);
    const instrument = 'instrumentId' in resolution ? instruments.get(resolution.instrumentId) : undefined;
    if ('problem' in resolution) reasons.push(resolution.problem);
    else if (instrument === undefined) reasons.push(`symbol "${parsed.symbol}" maps to ${resolution.instrumentId}, which is not a configured instrument`);
    let price: number | undefined;
    if (instrument !== undefined) {
      if (parsed.quantity !== undefined && decimalsOf(parsed.quantity) > instrument.quantityPrecision) {
        reasons.push(`quantity ${parsed.quantity} is finer than ${instrument.id}'s lot grid (lot ${instrument.lotSize})`);
      }
      if (parsed.price !== undefined) {
        price = roundToTick(parsed.price, instrument.tickSize, instrument.pricePrecision, 'nearest');
        if (!(price > 0)) reasons.push(`price ${parsed.price} is below one tick (${instrument.tickSize}) of ${instrument.id}`);
      }
    }
    if (reasons.length > 0) {
      this.refuse(origin, sourceRef, line, reasons.join('; '), parsed.raw, instrument?.id, outcome);
      return;
    }
    const strategyId = active ? parsed.strategy : externalAccountStrategy!;
    const signalId = externalSignalId(origin, sourceRef, line);
    const signal: Mutable<Signal> = {
      signalId,
      strategyId,
      instrumentId: instrument!.id,
      action: parsed.action,
      confidence: parsed.confidence ?? this.defaultConfidence,
      reason: reasonOf(parsed, origin, active ? undefined : strategyId),
      timeframe: parsed.timeframe ?? this.defaultTimeframe,
      ts: this.options.clock.nowMs(),
      origin,
    };
    if (parsed.quantity !== undefined) signal.quantity = parsed.quantity;
    if (price !== undefined) signal.price = price;
    outcome.received++;
    this.options.bus.emit(
      this.events.create('SignalReceived', { signal }, { key: signal.instrumentId, correlationId: signalId, idempotencyKey: externalSignalKey(origin, sourceRef, line) }),
    );
  }

  private refuse(
    origin: ExternalOrigin,
    sourceRef: string,
    line: number | undefined,
    reason: string,
    raw: string,
    instrumentId: string | undefined,
    outcome: Tally,
  ): void {
    outcome.refused++;
    if (outcome.refusals.length < REFUSALS_LISTED) outcome.refusals.push(line === undefined ? reason : `line ${line}: ${reason}`);
    const payload = { origin, sourceRef, ...(line === undefined ? {} : { line }), reason, raw };
    const context = { key: instrumentId ?? origin, correlationId: externalSignalId(origin, sourceRef, line), idempotencyKey: externalSignalKey(origin, sourceRef, line) };
    this.options.bus.emit(this.events.create('SignalRefused', payload, context));
  }

  private report(origin: ExternalOrigin, sourceRef: string, outcome: IntakeOutcome): void {
    const { received, refused, duplicates, refusals } = outcome;
    if (refused > 0) this.logger.warn({ origin, sourceRef, received, refused, duplicates, refusals }, 'external signals refused');
    else if (received > 0 || duplicates > 0) this.logger.info({ origin, sourceRef, received, duplicates }, 'external signals received');
  }
}

function reasonOf(parsed: ParsedSignal, origin: ExternalOrigin, externalBook: string | undefined): string {
  const where = parsed.line === undefined ? '' : ` (${parsed.source}:${parsed.line})`;
  const via = externalBook === undefined ? '' : ` via external account ${externalBook}`;
  const comment = parsed.comment === undefined ? '' : `: ${parsed.comment}`;
  return `${origin === 'amibroker' ? 'AmiBroker' : 'webhook'} ${parsed.strategy} ${parsed.action}${where}${via}${comment}`;
}
