import { PaperBroker } from '../../adapters/index.js';
import { amountToMinor, minorDigitsOf, type Clock, type InstrumentProvider } from '../../core/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import type { RiskConfig, RiskStateFold } from '../../risk/index.js';
import type { NodeConfig } from '../createNode.js';
import type { NodeFileConfig } from '../runtime/nodeConfig.js';
import { sessionCloseOf } from '../sessionClose.js';

/** config.yaml and risk_rules.yaml as the node's graph takes them: the same reading as startPaperNode's. */
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

/** The paper broker as startPaperNode builds it (the execution service holds it). */
export function paperBrokerOf(config: NodeFileConfig, clock: Clock, instruments: InstrumentProvider, calendar: ExchangeCalendar): PaperBroker {
  const digits = minorDigitsOf(config.account.currency);
  return new PaperBroker({
    clock,
    instruments,
    sessionCloseOf: sessionCloseOf(calendar, instruments),
    config: { fillModel: config.broker.fillModel, slippageBps: config.broker.slippageBps, commission: { perOrderMinor: amountToMinor(config.broker.commissionPerOrder, digits) } },
  });
}

/** A different, reproducible id seed per service and partition, so no two services' ids can collide. */
export function serviceSeed(seed: number, service: string, share: string, purpose = 'engine'): number {
  let hash = 0x811c9dc5;
  const text = `${seed}/${service}/${share}/${purpose}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
