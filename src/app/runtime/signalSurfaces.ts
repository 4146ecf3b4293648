import { mkdirSync } from 'node:fs';
import { AmiBrokerDirectoryWatcher, checkWebhookSecret, webhookSourceRef } from '../../adapters/index.js';
import { createHttpServer, type AuthOptions, type ComponentHealth, type HttpServer, type NodeControl } from '../../api/index.js';
import type { EventStore, Logger } from '../../core/index.js';
import { AmiBrokerSignalParser, parseWebhookSignal, type SignalIntake, type WebhookParseResult } from '../../signals/index.js';
import type { NodeMetrics } from '../metrics/index.js';

/** AmiBroker files: a file moves to processed/ only once its signals' events are durable in the log. */
export async function startAmiBrokerIntake(dir: string, intake: SignalIntake, store: EventStore, logger: Logger): Promise<AmiBrokerDirectoryWatcher<ReturnType<AmiBrokerSignalParser['parse']>>> {
  mkdirSync(dir, { recursive: true });
  const watcher = new AmiBrokerDirectoryWatcher({
    dir,
    createParser: (name: string) => new AmiBrokerSignalParser(name),
    deliver: async (rows, ref) => {
      intake.accept(rows, 'amibroker', ref);
      await store.flush();
    },
    logger,
  });
  await watcher.start();
  return watcher;
}

export interface NodeHttpOptions {
  readonly logger: Logger;
  readonly host: string;
  readonly port: number;
  readonly metrics: NodeMetrics;
  readonly control: NodeControl;
  readonly auth: AuthOptions;
  readonly dashboardDir: string;
  readonly corsOrigins: readonly string[];
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number };
  readonly intake: SignalIntake;
  readonly store: EventStore;
  /** Without a secret the webhook route is not mounted. */
  readonly webhookSecret: string | undefined;
  readonly health: () => readonly ComponentHealth[];
}

/**
 * The node's HTTP surface: /health, /metrics, the authenticated API and its WebSocket stream, the dashboard,
 * and, with a secret, /signals/webhook (accepted once durable).
 */
export function createNodeHttp(options: NodeHttpOptions): HttpServer {
  const { intake, store, webhookSecret } = options;
  return createHttpServer({
    logger: options.logger,
    host: options.host,
    port: options.port,
    control: options.control,
    auth: options.auth,
    dashboardDir: options.dashboardDir,
    corsOrigins: options.corsOrigins,
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    metrics: options.metrics.registry,
    health: options.health,
    ...(webhookSecret !== undefined
      ? {
          webhook: {
            parse: parseWebhookSignal,
            checkSecret: (given: string | undefined) => checkWebhookSecret(given, webhookSecret),
            sourceRef: webhookSourceRef,
            acceptWebhook: async (parsed: WebhookParseResult, ref: string) => {
              const outcome = intake.accept(parsed, 'webhook', ref);
              await store.flush();
              return outcome;
            },
          },
        }
      : {}),
  });
}
