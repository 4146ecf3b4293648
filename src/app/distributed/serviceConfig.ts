import { PaperBroker } from '../../adapters/index.js';
import type { Clock, InstrumentProvider } from '../../core/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import { paperBrokerSettingsOf, type NodeFileConfig } from '../runtime/nodeConfig.js';
import { sessionCloseOf } from '../sessionClose.js';

export { nodeConfigOf } from '../runtime/nodeConfig.js';


/** The paper broker as startPaperNode builds it (the execution service holds it). */
export function paperBrokerOf(config: NodeFileConfig, clock: Clock, instruments: InstrumentProvider, calendar: ExchangeCalendar): PaperBroker {
  return new PaperBroker({ clock, instruments, sessionCloseOf: sessionCloseOf(calendar, instruments), config: paperBrokerSettingsOf(config) });
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
