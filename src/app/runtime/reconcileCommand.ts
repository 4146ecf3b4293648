import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PaperBroker, parsePaperBrokerState, readAll } from '../../adapters/index.js';
import { databaseUrlFromEnvironment } from '../environment.js';
import { openNodeStore } from './openNodeStore.js';
import { InProcessMessageBus } from '../../bus/index.js';
import {
  RealClock,
  amountToMinor,
  createEventFactory,
  createIdSource,
  minorDigitsOf,
  type Logger,
  type ReconciliationDifference,
} from '../../core/index.js';
import { OrderRegistry } from '../../execution/index.js';
import { Portfolio } from '../../portfolio/index.js';
import { RiskStateFold } from '../../risk/index.js';
import { writeFileAtomic } from '../writeFileAtomic.js';
import { instrumentsOf, parseNodeConfig } from './nodeConfig.js';
import { findDifferences, paperStateFromLog } from './reconcile.js';
import { PAPER_BROKER_STATE_FILE } from './startNode.js';

export interface ReconcileOutcome {
  readonly differences: readonly ReconciliationDifference[];
  /** True when `adopt` resolved them (events appended, broker state rewritten, trading may resume). */
  readonly resolved: boolean;
}

/**
 * `fortress reconcile` (with the node stopped): fold the log, load the paper broker's state, list every
 * difference; with `adopt: 'log'` make the broker take the log's view and record that as audited events
 * (ReconciliationResolved, and TradingStateChanged back to ACTIVE when reconciliation had halted trading).
 */
export async function reconcileHome(home: string, options: { readonly adopt?: 'log'; readonly by: string; readonly logger: Logger }): Promise<ReconcileOutcome> {
  const configPath = join(home, 'config.yaml');
  if (!existsSync(configPath)) throw new Error(`${configPath} does not exist: is ${home} a Fortress home?`);
  const config = parseNodeConfig(readFileSync(configPath, 'utf8'), configPath);
  const instruments = instrumentsOf(config);
  const clock = new RealClock();
  const ids = createIdSource(clock, randomInt(2 ** 31));
  const accountId = config.account.id;
  const orders = new OrderRegistry({ instruments });
  const portfolio = new Portfolio({
    bus: new InProcessMessageBus(), clock, ids, logger: options.logger, instruments,
    accounts: [{ accountId, currency: config.account.currency, startingCashMinor: amountToMinor(config.account.startingCash, minorDigitsOf(config.account.currency)) }],
  });
  const risk = new RiskStateFold();
  const fills = new Map<string, number>();
  const { store } = await openNodeStore(home, databaseUrlFromEnvironment(), options.logger);
  try {
    for await (const { event } of readAll(store)) {
      orders.apply(event);
      portfolio.apply(event);
      risk.apply(event);
      if (event.type === 'OrderFilled') fills.set(event.payload.clientOrderId, (fills.get(event.payload.clientOrderId) ?? 0) + 1);
    }
    const broker = new PaperBroker({ clock, instruments, config: { fillModel: config.broker.fillModel } });
    const statePath = join(home, PAPER_BROKER_STATE_FILE);
    if (existsSync(statePath)) broker.restore(parsePaperBrokerState(JSON.parse(readFileSync(statePath, 'utf8')) as unknown, statePath));
    const differences = await findDifferences(orders, portfolio, broker, accountId);
    const halted = risk.tradingStatus?.state === 'HALTED' && risk.tradingStatus.by === 'reconciliation';
    if (options.adopt !== 'log' || (differences.length === 0 && !halted)) return { differences, resolved: false };

    writeFileAtomic(statePath, JSON.stringify(paperStateFromLog(orders, portfolio, accountId, (id) => fills.get(id) ?? 0)));
    const events = createEventFactory('reconciliation', clock, ids);
    store.append(events.create('ReconciliationResolved', { broker: broker.name, adopt: 'log', differences, by: options.by }, { key: accountId }));
    if (halted) {
      store.append(
        events.create(
          'TradingStateChanged',
          { from: 'HALTED', to: 'ACTIVE', by: options.by, reason: 'reconciliation resolved: the paper broker adopted the event log', cancelOpenOrders: false },
          { key: accountId },
        ),
      );
    }
    await store.flush();
    return { differences, resolved: true };
  } finally {
    await store.close();
  }
}
