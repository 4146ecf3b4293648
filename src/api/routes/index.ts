import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeControl } from '../control.js';
import { backtestRoutes } from './backtestRoutes.js';
import { eventRoutes } from './eventRoutes.js';
import { executionRoutes } from './executionRoutes.js';
import { marketRoutes } from './marketRoutes.js';
import { portfolioRoutes } from './portfolioRoutes.js';
import { riskRoutes } from './riskRoutes.js';
import { statusRoutes } from './statusRoutes.js';
import { strategyRoutes } from './strategyRoutes.js';

export interface ControlRoutesOptions {
  readonly control: NodeControl;
}

/** Every resource the node serves, one plugin each; all need a caller (viewer or better), commands a stronger role. */
export const controlRoutes: FastifyPluginAsyncZod<ControlRoutesOptions> = async (app, options) => {
  await app.register(statusRoutes, options);
  await app.register(strategyRoutes, options);
  await app.register(riskRoutes, options);
  await app.register(executionRoutes, options);
  await app.register(portfolioRoutes, options);
  await app.register(eventRoutes, options);
  await app.register(marketRoutes, options);
  await app.register(backtestRoutes, options);
};
