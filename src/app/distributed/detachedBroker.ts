import { InvariantError, type Broker } from '../../core/index.js';

/**
 * The Broker port in a service that is not the execution service: its graph builds an (unstarted) execution
 * engine, which needs one, but only the execution service ever talks to the venue. Any call is a wiring bug.
 */
export const detachedBroker: Broker = {
  name: 'held-by-execution-service',
  capabilities: { nativeBrackets: false, modify: false, ordersPerSecond: 1 },
  setListener: () => undefined,
  submit: () => refuse(),
  cancel: () => refuse(),
  modify: () => refuse(),
  openOrders: () => Promise.reject(refusal()),
  positions: () => Promise.reject(refusal()),
};

function refusal(): InvariantError {
  return new InvariantError('only the execution service holds the broker');
}

function refuse(): never {
  throw refusal();
}
