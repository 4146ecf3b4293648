import Fastify from 'fastify';
import type { DistributedContext } from './DistributedContext.js';
import { collectStatus } from './collectStatus.js';
import type { ServiceBeat } from './Heartbeat.js';
import type { RunningService } from './serviceRuntime.js';
import { takePresence } from './serviceRuntime.js';

export interface ApiServiceOptions {
  readonly host: string;
  /** 0 = any free port. */
  readonly port: number;
}

/**
 * The api service of a distributed deployment, for now the operations surface only: GET /health (this process's
 * services and their health; 503 when one is degraded) and GET /status (every service's heartbeat, each
 * stream's consumer groups with pending and lag, the dead-letter count — what `fortress status` prints).
 * The full HTTP API and dashboard over views folded from the streams run in the single process only.
 */
export async function startApiService(ctx: DistributedContext, options: ApiServiceOptions, local: () => readonly RunningService[], fatal: (reason: string) => void): Promise<RunningService & { readonly url: string }> {
  let requests = 0;
  const beat = (role: ServiceBeat['role']): ServiceBeat => ({ role, health: 'ok', handled: requests });
  const presence = await takePresence(ctx, 'api', `${options.host}:${options.port}`, beat, () => fatal('api: another process took over'));
  const app = Fastify({ logger: false });
  app.get('/health', async (_request, reply) => {
    requests++;
    const services = local().map((s) => ({ service: s.name, partition: s.partition, ...s.health() }));
    const healthy = services.every((s) => s.health === 'ok');
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'degraded', services });
  });
  app.get('/status', async () => {
    requests++;
    return collectStatus(ctx.redis, ctx.layout);
  });
  const url = await app.listen({ host: options.host, port: options.port });
  presence.role = 'active';
  presence.log.info({ component: 'api', url }, `api service: ${url}/health and ${url}/status`);
  let markFinished: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (markFinished = resolve));
  return {
    name: 'api', partition: '*', url, finished,
    health: () => beat(presence.role),
    async stop(): Promise<void> {
      await app.close();
      await presence.heartbeat.stop();
      await presence.lease.release();
      markFinished();
    },
  };
}
