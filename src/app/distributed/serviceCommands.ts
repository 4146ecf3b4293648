import { z } from 'zod';
import { runtimeKey } from './redisControl.js';

/** The services an operator's command is addressed to (the one process that owns what it changes). */
export type CommandTarget = 'risk' | 'execution';

const actor = { by: z.string().min(1), reason: z.string() };

/** An operator's command from the api service, as it travels (JSON in one stream entry field). */
export const serviceCommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('setTradingState'), state: z.enum(['ACTIVE', 'REDUCING', 'HALTED']), ...actor }),
  z.object({ kind: z.literal('killSwitch'), ...actor }),
  z.object({ kind: z.literal('cancel'), clientOrderId: z.string().min(1), ...actor }),
  z.object({ kind: z.literal('cancelAll'), accountId: z.string().min(1).optional(), ...actor }),
]);
export type ServiceCommand = z.infer<typeof serviceCommandSchema>;

/** Which service applies a command. */
export const COMMAND_TARGETS: Readonly<Record<ServiceCommand['kind'], CommandTarget>> = {
  setTradingState: 'risk',
  killSwitch: 'risk',
  cancel: 'execution',
  cancelAll: 'execution',
};

/** The stream entry field holding the command. */
export const COMMAND_FIELD = 'command';

/**
 * `<prefix>:command:<service>`: one small stream per receiving service, beside the event streams and read by its
 * own blocking reader, so a kill switch never waits behind market data (it overtakes everything, like CRITICAL).
 */
export function commandStream(prefix: string, target: CommandTarget): string {
  return runtimeKey(prefix, 'command', target);
}
