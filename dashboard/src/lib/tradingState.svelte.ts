import { api } from './api.js';
import { stream } from './stream.svelte.js';
import type { RiskStatus, TradingStateInfo } from './types.js';

/**
 * The trading state every page shows (header badge, overview, risk): loaded from `/risk/status`, then
 * followed live from TradingStateChanged events, and set directly from a command's answer.
 */
class TradingState {
  info = $state<TradingStateInfo | undefined>(undefined);
  private following: (() => void) | undefined;

  async refresh(): Promise<void> {
    const status = await api.get<RiskStatus>('/risk/status');
    this.info = status.tradingState;
  }

  set(info: TradingStateInfo): void {
    this.info = info;
  }

  follow(): () => void {
    this.following?.();
    const offEvent = stream.on(['TradingStateChanged'], (event) => {
      if (event.type !== 'TradingStateChanged') return;
      this.info = { state: event.payload.to, by: event.payload.by, reason: event.payload.reason, since: new Date(event.ts).toISOString() };
    });
    const offConnected = stream.onConnected(() => void this.refresh().catch(() => undefined));
    this.following = () => {
      offEvent();
      offConnected();
    };
    return this.following;
  }
}

export const tradingState = new TradingState();
