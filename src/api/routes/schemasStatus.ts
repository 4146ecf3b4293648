import { z } from 'zod';

/** How a component (and the node) is doing: `degraded` still serves, `down` does not. */
export const componentStateSchema = z.enum(['ok', 'degraded', 'down']);

export const componentStatusSchema = z.object({
  name: z.string(),
  state: componentStateSchema,
  detail: z.string().optional(),
});

/** NodeStatus of control.ts: the node's worst component state, its components, mode and uptime. */
export const nodeStatusSchema = z
  .object({
    state: componentStateSchema,
    startedAt: z.string().describe('ISO time the node started'),
    uptimeSeconds: z.number(),
    mode: z.enum(['paper', 'live']),
    accountId: z.string(),
    components: z.array(componentStatusSchema).readonly(),
  })
  .describe('The node and each of its components (feed, event log, trading state, broker session, signal intake, strategies)');
