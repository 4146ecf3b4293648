import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { AnyEvent, Logger } from '../../core/index.js';
import type { EventControl } from '../control.js';
import type { StreamFilter } from './StreamFilter.js';
import { textFrame } from './textFrame.js';

/** One connected client: its socket, the TCP socket under it, what it asked for. */
export interface StreamClient {
  readonly socket: WebSocket;
  readonly tcp: Socket;
  readonly filter: StreamFilter;
  readonly username: string;
}

export interface StreamHubOptions {
  readonly events: Pick<EventControl, 'subscribe'>;
  /** A client whose unsent backlog reaches this is dropped. */
  readonly maxBufferedBytes: number;
  /** Events are gathered this long before they are written (default 10 ms): each client then costs one write per batch, not per event. */
  readonly batchDelayMs?: number;
  readonly logger: Logger;
}

export const DEFAULT_STREAM_BATCH_DELAY_MS = 10;

/** Events waiting past this many are sent at once (a pathological burst in one turn), keeping memory bounded. */
const MAX_PENDING_EVENTS = 50_000;
/** A dropped client gets this long to take its close frame before its connection is cut. */
const DROP_GRACE_MS = 1_000;
const WS_OPEN = 1;
/** Code (private range) and reason a dropped client sees when it reads far enough to get them. */
export const TOO_SLOW_CLOSE_CODE = 4008;

/**
 * The WebSocket fan-out. On the engine's turn it does O(1) per event: the bus listener only appends the
 * event (an immutable value) to a pending list and schedules one flush per batch window (10 ms: a write to
 * a socket is a system call, so at 5,000 events/s a write per event and client would cost the node's one
 * thread more than the engine itself). The flush, off the engine's turn, serialises and frames each event once (`textFrame`), then writes the same bytes to every
 * client that wants them: a client that takes everything gets the whole batch in one write, a filtered one
 * its frames under one cork. A client whose backlog (ws `bufferedAmount`) has reached the limit when a
 * batch is due is dropped, never waited for: its memory stays under the limit plus one turn's events. The
 * hub listens to the log only while a client is connected.
 */
export class StreamHub {
  private readonly clients: StreamClient[] = [];
  private pending: AnyEvent[] = [];
  private spare: AnyEvent[] = [];
  private readonly frames: (Buffer | undefined)[] = [];
  private scheduled = false;
  private unsubscribe: (() => void) | undefined;
  private readonly onEvent = (event: AnyEvent): void => {
    this.pending.push(event);
    if (this.pending.length >= MAX_PENDING_EVENTS) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(this.flushSoon, this.batchDelayMs).unref();
    }
  };
  private readonly flushSoon = (): void => {
    this.scheduled = false;
    this.flush();
  };

  private readonly batchDelayMs: number;

  constructor(private readonly options: StreamHubOptions) {
    this.batchDelayMs = options.batchDelayMs ?? DEFAULT_STREAM_BATCH_DELAY_MS;
  }

  get size(): number {
    return this.clients.length;
  }

  add(client: StreamClient): void {
    this.clients.push(client);
    if (this.unsubscribe === undefined) this.unsubscribe = this.options.events.subscribe(this.onEvent);
  }

  remove(client: StreamClient): void {
    const index = this.clients.indexOf(client);
    if (index < 0) return;
    this.clients[index] = this.clients[this.clients.length - 1]!;
    this.clients.pop();
    if (this.clients.length === 0 && this.unsubscribe !== undefined) {
      this.unsubscribe();
      this.unsubscribe = undefined;
      this.pending.length = 0;
    }
  }

  /** Stop listening (the server is closing); the sockets are closed by the WebSocket plugin. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.clients.length = 0;
    this.pending.length = 0;
  }

  private flush(): void {
    const events = this.pending;
    if (events.length === 0) return;
    this.pending = this.spare;
    let batch: Buffer | undefined;
    // Backwards: a dropped client is swapped with the last one, which has already been served.
    for (let c = this.clients.length - 1; c >= 0; c--) {
      const client = this.clients[c]!;
      if (client.socket.readyState !== WS_OPEN) continue;
      if (client.socket.bufferedAmount >= this.options.maxBufferedBytes) {
        this.drop(client);
        continue;
      }
      if (client.filter.everything) {
        batch ??= this.wholeBatch(events);
        client.tcp.write(batch);
        continue;
      }
      let corked = false;
      for (let i = 0; i < events.length; i++) {
        if (!client.filter.accepts(events[i]!)) continue;
        if (!corked) {
          client.tcp.cork();
          corked = true;
        }
        client.tcp.write(this.frameOf(events, i));
      }
      if (corked) client.tcp.uncork();
    }
    events.length = 0;
    this.frames.length = 0;
    this.spare = events;
  }

  private frameOf(events: readonly AnyEvent[], index: number): Buffer {
    let frame = this.frames[index];
    if (frame === undefined) {
      frame = textFrame(`{"type":"event","event":${JSON.stringify(events[index])}}`);
      this.frames[index] = frame;
    }
    return frame;
  }

  private wholeBatch(events: readonly AnyEvent[]): Buffer {
    if (events.length === 1) return this.frameOf(events, 0);
    const frames = new Array<Buffer>(events.length);
    for (let i = 0; i < events.length; i++) frames[i] = this.frameOf(events, i);
    return Buffer.concat(frames);
  }

  private drop(client: StreamClient): void {
    const bufferedBytes = client.socket.bufferedAmount;
    this.remove(client);
    this.options.logger.warn(
      { user: client.username, bufferedBytes, maxBufferedBytes: this.options.maxBufferedBytes },
      'stream client dropped: too slow (its unsent backlog reached the limit)',
    );
    client.socket.close(TOO_SLOW_CLOSE_CODE, 'too slow');
    setTimeout(() => client.socket.terminate(), DROP_GRACE_MS).unref();
  }
}
