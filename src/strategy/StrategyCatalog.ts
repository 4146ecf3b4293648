import type { MessageBus } from '../bus/index.js';
import { FortressError, ValidationError, createEventFactory } from '../core/index.js';
import type { AnyEvent, Clock, EventFactory, EventPayloads, IdSource, InstrumentProvider, Logger, Timeframe } from '../core/index.js';
import type { Strategy } from './Strategy.js';
import { StrategyCatalogFold, type StrategyRecord } from './StrategyCatalogFold.js';
import type { StrategyRegistry } from './StrategyRegistry.js';
import type { StrategyRunner } from './StrategyRunner.js';
import {
  commandAuditSchema, parseCommandInput, sameParams, strategyParamsSchema, strategySpecSchema,
  type CommandAudit, type StrategyParams, type StrategySpec,
} from './strategySpec.js';

export const STRATEGY_CATALOG_SOURCE = 'StrategyCatalog';

export interface StrategyCatalogOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  readonly registry: StrategyRegistry;
  readonly runner: StrategyRunner;
  readonly instruments: InstrumentProvider;
}

/** A catalog entry as the API shows it: the record, whether an instance receives market data now, and why not when it could not be built. */
export interface StrategyView extends StrategyRecord {
  readonly running: boolean;
  readonly problem?: string;
}

type CatalogEventType = 'StrategyRegistered' | 'StrategyActivated' | 'StrategyDeactivated' | 'StrategyParametersChanged';

/**
 * The strategies a node runs, changed at run time: register, activate, deactivate, change parameters. Each
 * command validates (the strategy's zod parameters, known strategy and instrument names, who and why), emits
 * its event (journaled first), then applies it to the fold and the StrategyRunner. The catalog's state is the
 * fold of those events: at start, `apply` every logged event, then `start()` builds the runner from it, so a
 * restart runs the same strategies with the same parameters and active flags. Changing parameters builds a new
 * instance and swaps it in (same place, same active flag): its indicators restart from nothing.
 */
export class StrategyCatalog {
  private readonly fold = new StrategyCatalogFold();
  /** Strategies the log names but that could not be built (their strategy or an instrument is gone). */
  private readonly problems = new Map<string, string>();
  private readonly events: EventFactory;
  private readonly log: Logger;
  private started = false;

  constructor(private readonly options: StrategyCatalogOptions) {
    this.events = createEventFactory(STRATEGY_CATALOG_SOURCE, options.clock, options.ids);
    this.log = options.logger.child({ component: STRATEGY_CATALOG_SOURCE });
  }

  /** Fold a logged event (replay); after `start` the runner follows too. Other event types are ignored. */
  apply(event: AnyEvent): void {
    this.applyEvent(event, undefined);
  }

  /** Build the runner from the fold (once): every strategy in registration order, with its active flag. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const record of this.fold.list()) this.materialize(record, 'StrategyRegistered');
  }

  register(spec: StrategySpec, audit: CommandAudit): StrategyView {
    const s = parseCommandInput(strategySpecSchema, spec, 'register strategy');
    const { by, reason } = parseCommandInput(commandAuditSchema, audit, 'register strategy');
    if (this.fold.get(s.strategyId) !== undefined) throw new ValidationError(`strategy id "${s.strategyId}" is already registered`, { strategyId: s.strategyId });
    const built = this.build(s.strategy, s.params, s.instruments, s.timeframe);
    const payload = { strategyId: s.strategyId, strategy: s.strategy, instrumentIds: s.instruments, timeframe: s.timeframe, params: s.params, active: s.active, by, reason };
    // One registration per id ever, so a repeated first-run registration (a crash before the flush) is stored once.
    this.emit('StrategyRegistered', payload, `strategy:${s.strategyId}:registered`, built);
    return this.get(s.strategyId)!;
  }

  /** Resume a strategy (also one the runner stopped after it threw). Nothing is emitted when it is already running. */
  activate(strategyId: string, audit: CommandAudit): StrategyView {
    const { by, reason } = parseCommandInput(commandAuditSchema, audit, 'activate strategy');
    const record = this.record(strategyId);
    // One that could not be built is retried now; if it still cannot be, the command is refused naming why.
    const built = this.problems.has(strategyId) ? this.build(record.strategy, record.params, record.instrumentIds, record.timeframe) : undefined;
    if (built !== undefined || !record.active || !this.options.runner.isActive(strategyId)) this.emit('StrategyActivated', { strategyId, by, reason }, undefined, built);
    return this.get(strategyId)!;
  }

  /** Stop a strategy: it receives no market data and its external signals are refused. Nothing is emitted when already inactive. */
  deactivate(strategyId: string, audit: CommandAudit): StrategyView {
    const { by, reason } = parseCommandInput(commandAuditSchema, audit, 'deactivate strategy');
    if (this.record(strategyId).active) this.emit('StrategyDeactivated', { strategyId, by, reason });
    return this.get(strategyId)!;
  }

  /** Change some parameters (the others keep their values); the instance is rebuilt, so its indicator state restarts. */
  setParameters(strategyId: string, changes: StrategyParams, audit: CommandAudit): StrategyView {
    const given = parseCommandInput(strategyParamsSchema, changes, `set parameters of strategy "${strategyId}"`);
    const { by, reason } = parseCommandInput(commandAuditSchema, audit, `set parameters of strategy "${strategyId}"`);
    const record = this.record(strategyId);
    const params = { ...record.params, ...given };
    if (sameParams(params, record.params)) return this.get(strategyId)!;
    const built = this.build(record.strategy, params, record.instrumentIds, record.timeframe);
    this.emit('StrategyParametersChanged', { strategyId, params, previous: record.params, by, reason }, undefined, built);
    return this.get(strategyId)!;
  }

  list(): StrategyView[] {
    return this.fold.list().map((record) => this.view(record));
  }

  get(strategyId: string): StrategyView | undefined {
    const record = this.fold.get(strategyId);
    return record === undefined ? undefined : this.view(record);
  }

  /** Registered, marked active and receiving market data: what the signal intake asks before taking an external signal. */
  readonly isStrategyActive = (strategyId: string): boolean =>
    this.fold.get(strategyId)?.active === true && this.options.runner.isActive(strategyId);

  private record(strategyId: string): StrategyRecord {
    const record = this.fold.get(strategyId);
    if (record !== undefined) return record;
    const known = this.fold.list().map((r) => r.strategyId);
    throw new ValidationError(`unknown strategy id "${strategyId}" (registered: ${known.join(', ') || 'none'})`, { strategyId, known });
  }

  /** Validate by building: unknown instruments and strategy names, and bad parameters, are refused naming what. */
  private build(strategy: string, params: StrategyParams, instrumentIds: readonly string[], timeframe: Timeframe): Strategy {
    const { instruments, registry } = this.options;
    let pricePrecision = 0;
    for (const instrumentId of instrumentIds) {
      const instrument = instruments.get(instrumentId);
      if (instrument === undefined) {
        const configured = instruments.all().map((i) => i.id);
        throw new ValidationError(`unknown instrument "${instrumentId}" (configured: ${configured.join(', ')})`, { instrumentId, configured });
      }
      pricePrecision = Math.max(pricePrecision, instrument.pricePrecision);
    }
    return registry.create(strategy, params, { instrumentIds, timeframe, pricePrecision });
  }

  private emit<T extends CatalogEventType>(type: T, payload: EventPayloads[T], idempotencyKey?: string, built?: Strategy): void {
    const event = this.events.create(type, payload, { key: payload.strategyId, ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) });
    this.log.info({ strategyId: payload.strategyId, by: payload.by }, `${type}: ${payload.reason}`);
    this.options.bus.emit(event as AnyEvent);
    this.applyEvent(event as AnyEvent, built);
  }

  private applyEvent(event: AnyEvent, built: Strategy | undefined): void {
    const record = this.fold.apply(event);
    if (record !== undefined && this.started) this.materialize(record, event.type as CatalogEventType, built);
  }

  /** Make the runner match `record` after an event of `type` (built: an instance the command already made). */
  private materialize(record: StrategyRecord, type: CatalogEventType, built?: Strategy): void {
    const { runner } = this.options;
    const id = record.strategyId;
    try {
      const running = runner.strategyIds().includes(id);
      if (type === 'StrategyRegistered' || type === 'StrategyParametersChanged' || !running) {
        const strategy = built ?? this.build(record.strategy, record.params, record.instrumentIds, record.timeframe);
        if (running) runner.replace(id, strategy);
        else runner.add(id, strategy);
        this.problems.delete(id);
      }
      runner.setActive(id, record.active);
    } catch (error) {
      this.fail(record, error);
    }
  }

  private fail(record: StrategyRecord, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof FortressError ? error.code : 'UNEXPECTED';
    this.problems.set(record.strategyId, message);
    if (this.options.runner.strategyIds().includes(record.strategyId)) this.options.runner.setActive(record.strategyId, false);
    this.log.error({ strategyId: record.strategyId, strategy: record.strategy, errorCode: code, error: message }, 'strategy could not be started; it stays inactive');
    const text = `strategy "${record.strategyId}" (${record.strategy}) could not be started: ${message}`;
    const details = { strategyId: record.strategyId, strategy: record.strategy, errorCode: code };
    this.options.bus.emit(this.events.create('ErrorRaised', { component: STRATEGY_CATALOG_SOURCE, code: 'STRATEGY_START_FAILED', message: text, details }, { key: record.strategyId }));
  }

  private view(record: StrategyRecord): StrategyView {
    const problem = this.problems.get(record.strategyId);
    return { ...record, running: this.options.runner.isActive(record.strategyId), ...(problem !== undefined ? { problem } : {}) };
  }
}
