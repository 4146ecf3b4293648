import { StreamLayout } from './redisTransport.js';
import type { StreamSelection } from './redisTransport.js';
import type { ConsumedMessage, MessagePublisher, TransportMessage } from './transportPorts.js';

interface Entry {
  readonly id: string;
  readonly text: string;
}

interface MemoryConsumer {
  readonly streams: readonly string[];
  readonly cursors: Map<string, number>;
  readonly handler: (batch: readonly ConsumedMessage[]) => Promise<void>;
}

/**
 * The in-memory twin of the Redis Streams transport, for fast specs of the bridging logic only: the same stream
 * layout (families, priorities, partitions), messages serialised to JSON and back as Redis carries them, one
 * consumer per group reading its streams, and `drain()` — deliver until every consumer has handled everything —
 * as the lockstep's "settled". No retries, no redelivery, no dead letters: those are the real transport's.
 */
export class MemoryTransport implements MessagePublisher {
  readonly layout: StreamLayout;
  private readonly streams = new Map<string, Entry[]>();
  private readonly consumers: MemoryConsumer[] = [];
  private sequence = 0;
  published = 0;

  constructor(layout: StreamLayout) {
    this.layout = layout;
  }

  publish(message: TransportMessage): void {
    const name = this.layout.streamFor(message);
    let entries = this.streams.get(name);
    if (entries === undefined) this.streams.set(name, (entries = []));
    entries.push({ id: `${++this.sequence}-0`, text: JSON.stringify(message) });
    this.published++;
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  consume(selection: StreamSelection, handler: (batch: readonly ConsumedMessage[]) => Promise<void>): void {
    const streams = this.layout.streams(selection).map((s) => s.name);
    this.consumers.push({ streams, cursors: new Map(streams.map((s) => [s, 0])), handler });
  }

  /** Hand every consumer what it has not read, again and again, until nothing new appears anywhere. */
  async drain(): Promise<void> {
    for (let progressed = true; progressed; ) {
      progressed = false;
      for (const consumer of this.consumers) {
        const batch: ConsumedMessage[] = [];
        for (const stream of consumer.streams) {
          const entries = this.streams.get(stream) ?? [];
          const from = consumer.cursors.get(stream)!;
          for (let i = from; i < entries.length; i++) batch.push({ stream, id: entries[i]!.id, message: JSON.parse(entries[i]!.text) as TransportMessage });
          consumer.cursors.set(stream, entries.length);
        }
        if (batch.length === 0) continue;
        progressed = true;
        await consumer.handler(batch);
      }
    }
  }
}
