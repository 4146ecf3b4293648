import type { TransportMessage } from './marketMessage.js';

/** Acknowledged slots are dropped in chunks of at least this many, so the arrays are not shifted per message. */
const COMPACT_AT = 4_096;

/**
 * Messages published and not yet acknowledged, addressed by their absolute publish number (0, 1, 2…). Two
 * parallel arrays, no object per message; acknowledged slots are released and cut off in chunks.
 */
export class PublishBuffer {
  private streams: string[] = [];
  private messages: (TransportMessage | undefined)[] = [];
  /** Absolute number of the message in slot 0. */
  private offset = 0;
  published = 0;
  acknowledged = 0;

  push(stream: string, message: TransportMessage): void {
    this.streams.push(stream);
    this.messages.push(message);
    this.published++;
  }

  streamAt(index: number): string {
    return this.streams[index - this.offset]!;
  }

  messageAt(index: number): TransportMessage {
    return this.messages[index - this.offset]!;
  }

  /** Everything before `upTo` is acknowledged. */
  acknowledge(upTo: number): void {
    for (let i = this.acknowledged; i < upTo; i++) this.messages[i - this.offset] = undefined;
    this.acknowledged = Math.max(this.acknowledged, upTo);
    const releasable = this.acknowledged - this.offset;
    if (releasable >= COMPACT_AT && releasable * 2 >= this.messages.length) {
      this.streams = this.streams.slice(releasable);
      this.messages = this.messages.slice(releasable);
      this.offset = this.acknowledged;
    }
  }
}
