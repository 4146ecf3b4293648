import type { Redis } from 'ioredis';
import { ControlError } from '../../api/index.js';
import type { Logger } from '../../core/index.js';
import { COMMAND_FIELD, COMMAND_TARGETS, commandStream, type ServiceCommand } from './serviceCommands.js';

export interface CommandSenderOptions {
  /** The process's control connection (fails at once while Redis is away: the caller is told, never queued silently). */
  readonly redis: Redis;
  readonly prefix: string;
  readonly logger: Logger;
}

/**
 * The api service's side of the command path: each operator command is one XADD to its service's command
 * stream. `send` returns at once (the HTTP answer is synchronous) and refuses (UNAVAILABLE) while Redis is away; a command Redis then refused is logged as an error,
 * and `failed` counts them for the health report.
 */
export class CommandSender {
  sent = 0;
  failed = 0;
  lastError: string | undefined;

  constructor(private readonly options: CommandSenderOptions) {}

  send(command: ServiceCommand): void {
    if (this.options.redis.status !== 'ready') throw new ControlError('UNAVAILABLE', `the bus is not reachable (${this.options.redis.status}): the ${COMMAND_TARGETS[command.kind]} service cannot be told; try again`);
    const stream = commandStream(this.options.prefix, COMMAND_TARGETS[command.kind]);
    this.sent++;
    this.options.redis.xadd(stream, '*', COMMAND_FIELD, JSON.stringify(command)).then(() => {
      this.lastError = undefined;
    }, (error: unknown) => {
      this.failed++;
      this.lastError = error instanceof Error ? error.message : String(error);
      this.options.logger.error({ component: 'api', stream, command: command.kind, err: this.lastError }, 'command not delivered to its service');
    });
  }
}
