import type { AnyEvent, EventType } from './types.js';

export type StreamState = 'connecting' | 'open' | 'closed';
type Listener = (event: AnyEvent) => void;

interface StreamMessage {
  readonly type: string;
  readonly event?: AnyEvent;
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;

/**
 * The one WebSocket to `/stream` the whole app shares: live events fanned out to the pages that asked for
 * their types. It reconnects with backoff when the connection drops (the server drops a slow client) and
 * stops for good on `stop()` (logout).
 */
export class LiveStream {
  state = $state<StreamState>('closed');

  private socket: WebSocket | undefined;
  private token: string | undefined;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly byType = new Map<string, Set<Listener>>();
  private readonly everything = new Set<Listener>();
  private readonly onOpen = new Set<() => void>();

  start(token: string): void {
    if (this.token === token && this.socket !== undefined) return;
    this.stop();
    this.token = token;
    this.connect();
  }

  stop(): void {
    this.token = undefined;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000, 'logout');
    this.state = 'closed';
  }

  /** Listen for events of `types` ('*' for all); returns the unsubscribe (call it when the page goes). */
  on(types: readonly EventType[] | '*', listener: Listener): () => void {
    if (types === '*') {
      this.everything.add(listener);
      return () => this.everything.delete(listener);
    }
    for (const type of types) {
      let set = this.byType.get(type);
      if (set === undefined) this.byType.set(type, (set = new Set()));
      set.add(listener);
    }
    return () => {
      for (const type of types) this.byType.get(type)?.delete(listener);
    };
  }

  /** Called on every (re)connect, so a page can reload what it may have missed while disconnected. */
  onConnected(listener: () => void): () => void {
    this.onOpen.add(listener);
    return () => this.onOpen.delete(listener);
  }

  private connect(): void {
    const token = this.token;
    if (token === undefined) return;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/stream?token=${encodeURIComponent(token)}`);
    this.socket = socket;
    this.state = 'connecting';
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.state = 'open';
      this.retryMs = RETRY_MIN_MS;
      for (const listener of this.onOpen) listener();
    };
    socket.onmessage = (message: MessageEvent) => {
      if (this.socket !== socket || typeof message.data !== 'string') return;
      let parsed: StreamMessage;
      try {
        parsed = JSON.parse(message.data) as StreamMessage;
      } catch {
        return;
      }
      if (parsed.type === 'event' && parsed.event !== undefined) this.dispatch(parsed.event);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.state = 'closed';
      if (this.token === undefined) return;
      this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    };
  }

  private dispatch(event: AnyEvent): void {
    const listeners = this.byType.get(event.type);
    if (listeners !== undefined) for (const listener of listeners) listener(event);
    for (const listener of this.everything) listener(event);
  }
}

export const stream = new LiveStream();
