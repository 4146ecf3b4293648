import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { streamTrimSchema } from '../../adapters/index.js';
import { TIMEFRAMES, ValidationError, amountToMinor, createInstrument, createInstrumentProvider, minorDigitsOf, type InstrumentProvider } from '../../core/index.js';
import type { PaperBrokerOptions } from '../../adapters/index.js';
import type { RiskConfig, RiskStateFold } from '../../risk/index.js';
import type { NodeConfig } from '../createNode.js';

const instrumentSchema = z
  .object({
    symbol: z.string().min(1),
    exchange: z.string().min(1).default('SIM'),
    currency: z.string().regex(/^[A-Z]{3,4}$/).default('USD'),
    tickSize: z.number().positive().default(0.01),
    lotSize: z.number().positive().default(1),
    startPrice: z.number().positive(),
    /** Per-tick stdev of the log return of the synthetic walk. */
    volatility: z.number().positive().max(0.1).default(0.0005),
  })
  .strict();

const strategySchema = z
  .object({
    id: z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
    strategy: z.string().min(1),
    instruments: z.array(z.string().min(1)).min(1),
    timeframe: z.enum(TIMEFRAMES).default('1m'),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .strict();

/** The node's configuration file (`$FORTRESS_HOME/config.yaml`); every key is checked on load. */
export const nodeConfigSchema = z
  .object({
    account: z
      .object({
        id: z.string().min(1).default('paper'),
        currency: z.string().regex(/^[A-Z]{3,4}$/).default('USD'),
        startingCash: z.number().positive().default(100_000),
      })
      .strict()
      .prefault({}),
    market: z
      .object({
        feed: z.enum(['synthetic', 'replay']).default('synthetic'),
        intervalMs: z.number().int().min(1).max(60_000).default(250),
        seed: z.number().int().default(42),
        instruments: z.array(instrumentSchema).min(1),
        /** feed: replay — bars from a CSV file for the first instrument, at `speed` × their own pace. */
        replay: z
          .object({
            file: z.string().min(1),
            /** Bars of further instruments, by instrument id (`SYMBOL.EXCHANGE`): all tapes are replayed merged by time. */
            files: z.record(z.string().min(1), z.string().min(1)).optional(),
            /** × the bars' own pace; `max` = as fast as possible. */
            speed: z.union([z.number().positive(), z.literal('max')]).default(1),
            timeZone: z.string().min(1).default('UTC'),
            /** Stop the node when the tape ends (otherwise it idles until Ctrl-C). */
            stopAtEnd: z.boolean().default(false),
          })
          .strict()
          .optional(),
      })
      .strict()
      .refine((m) => m.feed !== 'replay' || m.replay !== undefined, { message: 'feed: replay needs a replay: { file, speed } section', path: ['replay'] }),
    strategies: z.array(strategySchema).default([]),
    sizing: z.object({ quantity: z.number().positive().default(10) }).strict().prefault({}),
    broker: z
      .object({
        /** When the broker reports an expired token: pause new orders in this trading state until a fresh one. */
        onSessionExpired: z.enum(['HALTED', 'REDUCING']).default('HALTED'),
        /** tick: market orders fill at the next tick (live feeds); next-open / close for bar replays. */
        fillModel: z.enum(['tick', 'next-open', 'close']).default('tick'),
        slippageBps: z.number().min(0).max(10_000).default(1),
        commissionPerOrder: z.number().min(0).default(0),
      })
      .strict()
      .prefault({}),
    store: z
      .object({
        /** Snapshot orders and positions this often (and at every stop), so a restart folds only the log after it. */
        snapshotEverySeconds: z.number().min(0.1).max(86_400).default(60),
      })
      .strict()
      .prefault({}),
    /** Read by the distributed services only (`fortress service`). */
    distributed: z
      .object({
        /** Periodic trimming of the Redis streams (see StreamTrimmer). */
        trim: streamTrimSchema.prefault({}),
      })
      .strict()
      .prefault({}),
    runtime: z
      .object({
        /**
         * Right after start, drive synthetic orders through a throwaway copy of the order path (runtime/warmOrderPath.ts)
         * so V8 has optimized it before the first real order. Nothing of it reaches the node.
         */
        warmUpOrderPath: z.boolean().default(true),
        /** After the warm-up, a burst of a few synthetic orders this often keeps the path optimized (0: none). */
        keepWarmEveryMs: z.number().int().min(0).max(60_000).default(200),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type NodeFileConfig = z.output<typeof nodeConfigSchema>;

/** The configured instruments (the node and `fortress reconcile` read them the same way). */
export function instrumentsOf(config: NodeFileConfig): InstrumentProvider {
  return createInstrumentProvider(
    config.market.instruments.map((i) => createInstrument({ symbol: i.symbol, exchange: i.exchange, currency: i.currency, tickSize: i.tickSize, lotSize: i.lotSize })),
  );
}

/** The replay's tapes: `replay.file` for the first instrument, then `replay.files` by instrument, in instrument order. */
export function replayTapesOf(config: NodeFileConfig): { readonly instrumentId: string; readonly file: string }[] {
  const replay = config.market.replay;
  if (replay === undefined) return [];
  const ids = config.market.instruments.map((i) => `${i.symbol}.${i.exchange}`);
  const files = replay.files ?? {};
  for (const id of Object.keys(files)) {
    if (!ids.includes(id)) throw new ValidationError(`market.replay.files.${id}: not a configured instrument (configured: ${ids.join(', ')})`);
  }
  if (files[ids[0]!] !== undefined) throw new ValidationError(`market.replay.files.${ids[0]}: the first instrument's tape is market.replay.file`);
  return [{ instrumentId: ids[0]!, file: replay.file }, ...ids.slice(1).filter((id) => files[id] !== undefined).map((id) => ({ instrumentId: id, file: files[id]! }))];
}

/** Parse YAML text; a bad value stops startup with the key path, the value and what is allowed. */
export function parseNodeConfig(text: string, source: string): NodeFileConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ValidationError(`${source}: not valid YAML: ${(error as Error).message}`);
  }
  const result = nodeConfigSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${path === '(top level)' ? key : `${path}.${key}`}: unknown key`).join('\n');
    return `${path}: ${issue.message}`;
  });
  throw new ValidationError(`${source}: invalid configuration\n${problems.map((p) => `  ${p}`).join('\n')}`, { problems });
}

/** Written on first run, with every default spelled out and commented. */
export const DEFAULT_CONFIG_TEXT = `# Fortress node configuration (YAML). Edit and restart; a wrong key or value stops startup
# with a message naming it. Environment overrides: FORTRESS_HOME (where this file, the event log
# and caches live), LOG_LEVEL (trace|debug|info|warn|error).

account:
  id: paper               # the paper account every strategy below trades
  currency: USD
  startingCash: 100000

market:
  feed: synthetic         # a seeded random walk on the always-open SIM venue: trades at any hour
  intervalMs: 250         # one tick per instrument every 250 ms
  seed: 42
  # feed: replay          # or replay bars of the first instrument from a CSV file:
  # replay: { file: ./bars.csv, speed: 60, timeZone: UTC }   # speed 60 = an hour of bars per minute
  #   (more instruments: files: { BETA.SIM: ./beta.csv } — every tape is replayed, merged by time)
  instruments:
    - { symbol: ALPHA, exchange: SIM, startPrice: 100, tickSize: 0.01, volatility: 0.0008 }
    - { symbol: BETA,  exchange: SIM, startPrice: 250, tickSize: 0.05, volatility: 0.0006 }
    - { symbol: GAMMA, exchange: SIM, startPrice: 40,  tickSize: 0.01, volatility: 0.001 }

strategies:               # built-ins: sma-crossover, momentum, mean-reversion, rsi, trend-crossover
  - id: alpha-sma
    strategy: sma-crossover
    instruments: [ALPHA.SIM]
    timeframe: 1s
    params: { fast: 3, slow: 8 }     # fast settings so the demo trades within seconds
  - id: beta-rsi
    strategy: rsi
    instruments: [BETA.SIM]
    timeframe: 1s
    params: { period: 6, oversold: 40, overbought: 60 }
  - id: gamma-meanrev
    strategy: mean-reversion
    instruments: [GAMMA.SIM]
    timeframe: 1s
    params: { period: 10, entryZ: 1.2, exitZ: 0.2 }

sizing:
  quantity: 10            # shares per entry

broker:
  fillModel: tick         # market orders fill at the next tick (use next-open or close with feed: replay)
  slippageBps: 1
  commissionPerOrder: 0

store:
  snapshotEverySeconds: 60  # orders and positions are snapshotted this often and at every stop;
                            # a restart restores the snapshot and folds only the events after it

runtime:
  warmUpOrderPath: true     # once started, drive ~2,000 synthetic orders (entries and exits, long and short,
                            # filled) through throwaway copies of the order path, each with its own bus,
                            # in-memory log, paper broker, clock and risk state: nothing of it reaches this
                            # node, its log, its broker or its metrics. V8 then runs the first real orders as
                            # optimized code. It runs in slices of at most 5 ms between the node's own work and
                            # logs "order path warmed in N ms". false: skip it (and the bursts below)
  keepWarmEveryMs: 200      # then a burst of a few synthetic orders (well under 1 ms) this often, so code V8
                            # threw away on meeting live orders is optimized again; about 0.1% of a core. 0: none

distributed:              # only for \`fortress service\` (Redis Streams + PostgreSQL)
  trim:                   # every intervalMs, remove stream entries that every consumer group has
    enabled: true         # acknowledged AND that are older than maxAgeMs or beyond the newest maxLen
    intervalMs: 10000     # of their stream (about: trimming is approximate). An entry a group has not
    maxAgeMs: 600000      # acknowledged is never removed. Off during a replay (services rebuild their
    maxLen: 100000        # state from the streams). Every event is in PostgreSQL before it is published.
    deadLetter: { maxAgeMs: 604800000, maxLen: 100000 }   # a week or 100,000 dead letters
`;

/** config.yaml and risk_rules.yaml as the node's graph takes them (startPaperNode and every service read them with this). */
export function nodeConfigOf(config: NodeFileConfig, risk: RiskConfig, riskFold?: RiskStateFold): NodeConfig {
  const digits = minorDigitsOf(config.account.currency);
  return {
    accountId: config.account.id,
    currency: config.account.currency,
    startingCashMinor: amountToMinor(config.account.startingCash, digits),
    sizing: { mode: 'fixed-quantity', quantity: config.sizing.quantity },
    pyramiding: false,
    timeInForce: 'GTC',
    risk,
    ...(riskFold !== undefined ? { riskFold } : {}),
    onBrokerSessionExpired: config.broker.onSessionExpired,
  };
}

/** The paper broker's settings from config.yaml (the node, its order-path warm-up and the services read them so). */
export function paperBrokerSettingsOf(config: NodeFileConfig): PaperBrokerOptions['config'] {
  const digits = minorDigitsOf(config.account.currency);
  return { fillModel: config.broker.fillModel, slippageBps: config.broker.slippageBps, commission: { perOrderMinor: amountToMinor(config.broker.commissionPerOrder, digits) } };
}
