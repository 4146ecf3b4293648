import type { Redis } from 'ioredis';
import type { Logger } from '../../core/index.js';
import { openControlConnection, untilDone, whenReady } from './redisControl.js';
import { COMMAND_FIELD, commandStream, serviceCommandSchema, type CommandTarget, type ServiceCommand } from './serviceCommands.js';

export interface CommandInboxOptions {
  readonly url: string;
  readonly prefix: string;
  readonly target: CommandTarget;
  /** This process's consumer name in the service's group. */
  readonly consumer: string;
  /** Apply one command (synchronously, on the service's bus). */
  readonly apply: (command: ServiceCommand) => void;
  /** Resolves once what the commands emitted is durable (the service's outbox). */
  readonly settle: () => Promise<void>;
  readonly logger: Logger;
  /** How long one blocking read waits (default 500 ms; also the longest a stop waits for it). */
  readonly blockMs?: number;
}

type Entries = [id: string, fields: string[]][];
type Reply = [stream: string, entries: Entries][] | null;

/**
 * The receiving end of the command path (risk and execution services): a consumer group named after the service
 * on its command stream, read by its own blocking connection. Each command is applied, what it emitted is made
 * durable, then it is acknowledged; one this process took but did not acknowledge (it died) is read again first
 * at the next start. A command that does not parse is logged and acknowledged: it can never be applied.
 */
export class CommandInbox {
  applied = 0;
  refused = 0;
  private readonly redis: Redis;
  private readonly stream: string;
  private stopping = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: CommandInboxOptions) {
    this.stream = commandStream(options.prefix, options.target);
    this.redis = openControlConnection(options.url, `fortress-commands:${options.consumer}`, options.logger);
  }

  async start(): Promise<void> {
    await whenReady(this.redis);
    await untilDone(async () => {
      try {
        await this.redis.xgroup('CREATE', this.stream, this.options.target, '0', 'MKSTREAM');
      } catch (error) {
        if (!(error instanceof Error && error.message.includes('BUSYGROUP'))) throw error;
      }
    }, () => this.stopping);
    this.loop = this.run();
  }

  async close(): Promise<void> {
    this.stopping = true;
    await this.loop;
    this.redis.disconnect();
  }

  private async run(): Promise<void> {
    let from = '0'; // first what this consumer took and never acknowledged, then new commands
    while (!this.stopping) {
      try {
        const reply = (await this.redis.call(
          'XREADGROUP', 'GROUP', this.options.target, this.options.consumer, 'COUNT', '16', 'BLOCK', String(this.options.blockMs ?? 500), 'STREAMS', this.stream, from,
        )) as Reply;
        const entries = reply?.[0]?.[1] ?? [];
        if (from === '0' && entries.length === 0) from = '>';
        if (entries.length > 0) await this.handle(entries);
      } catch (error) {
        if (this.stopping) return;
        this.options.logger.warn({ component: 'commands', stream: this.stream, err: error instanceof Error ? error.message : String(error) }, 'command read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  private async handle(entries: Entries): Promise<void> {
    for (const [id, fields] of entries) {
      const command = this.parse(id, fields);
      if (command === undefined) continue;
      try {
        this.options.apply(command);
        this.applied++;
      } catch (error) {
        this.refused++;
        this.options.logger.error({ component: 'commands', id, command: command.kind, err: error }, 'command could not be applied');
      }
    }
    await this.options.settle();
    await this.redis.xack(this.stream, this.options.target, ...entries.map(([id]) => id));
  }

  private parse(id: string, fields: readonly string[]): ServiceCommand | undefined {
    const at = fields.indexOf(COMMAND_FIELD);
    const text = at >= 0 ? fields[at + 1] : undefined;
    try {
      return serviceCommandSchema.parse(JSON.parse(text ?? 'null'));
    } catch (error) {
      this.refused++;
      this.options.logger.error({ component: 'commands', stream: this.stream, id, err: error instanceof Error ? error.message : String(error) }, 'not a command; acknowledged and dropped');
      return undefined;
    }
  }
}
