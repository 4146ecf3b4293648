import { FortressError } from '../../../core/index.js';
import type {
  Broker, BrokerCapabilities, BrokerListener, BrokerOrderState, BrokerPosition, BrokerReport, OrderChanges, OrderRequest,
} from '../../../core/index.js';

export type BrokerCall = 'submit' | 'cancel' | 'modify';

/**
 * How a call goes wrong: `throw` fails before the venue sees it; `throw-after` takes effect but the caller
 * gets an error instead of the answer (a lost response); `silent` takes effect and its reports never come
 * (a timeout). Later reports (fills) arrive as usual.
 */
export const CALL_FAULTS = ['throw', 'throw-after', 'silent'] as const;
export type CallFault = (typeof CALL_FAULTS)[number];

/** Which call fails, and how (undefined: it works). */
export type FaultPlan = (call: BrokerCall, clientOrderId: string) => CallFault | undefined;

/**
 * A venue with network faults: wraps any broker (the paper broker in rehearsals and specs) and makes the
 * calls the plan names throw or go unanswered, to exercise the unknown-outcome and reconciliation paths.
 */
export class FaultyBroker implements Broker {
  readonly name: string;
  readonly capabilities: BrokerCapabilities;
  /** Present when the wrapped broker takes access tokens. */
  readonly updateToken?: (token: string) => void;
  private listener: BrokerListener = () => undefined;
  private muted = false;

  constructor(
    private readonly inner: Broker,
    private readonly plan: FaultPlan,
  ) {
    this.name = inner.name;
    this.capabilities = inner.capabilities;
    if (inner.updateToken !== undefined) this.updateToken = (token) => inner.updateToken?.(token);
    inner.setListener((report: BrokerReport) => {
      if (!this.muted) this.listener(report);
    });
  }

  setListener(listener: BrokerListener): void {
    this.listener = listener;
  }

  submit(order: OrderRequest): void {
    this.call('submit', order.clientOrderId, () => this.inner.submit(order));
  }

  cancel(clientOrderId: string): void {
    this.call('cancel', clientOrderId, () => this.inner.cancel(clientOrderId));
  }

  modify(clientOrderId: string, changes: OrderChanges): void {
    this.call('modify', clientOrderId, () => this.inner.modify(clientOrderId, changes));
  }

  openOrders(): Promise<BrokerOrderState[]> {
    return this.inner.openOrders();
  }

  positions(): Promise<BrokerPosition[]> {
    return this.inner.positions();
  }

  private call(call: BrokerCall, clientOrderId: string, work: () => void): void {
    const fault = this.plan(call, clientOrderId);
    if (fault === undefined) return work();
    if (fault === 'throw') throw failure(call, clientOrderId);
    this.muted = true;
    try {
      work();
    } finally {
      this.muted = false;
    }
    if (fault === 'throw-after') throw failure(call, clientOrderId);
  }
}

function failure(call: BrokerCall, clientOrderId: string): FortressError {
  return new FortressError('BROKER_CALL_FAILED', `${call} of ${clientOrderId} failed (simulated fault)`, { call, clientOrderId });
}
