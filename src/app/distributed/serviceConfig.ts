import { PaperBroker } from '../../adapters/index.js';
import { amountToMinor, minorDigitsOf, type Clock, type InstrumentProvider } from '../../core/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import type { NodeFileConfig } from '../runtime/nodeConfig.js';

export { nodeConfigOf } from '../runtime/nodeConfig.js';
import { sessionCloseOf } from '../sessionClose.js';


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
