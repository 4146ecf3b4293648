/**
 * External signals (AmiBroker files, TradingView-style webhooks) into signal events. Pure: parsers turn text
 * or JSON into ParsedSignal rows and problems naming the line or field; SignalIntake turns them into
 * SignalReceived (the decision engine takes it from there) or SignalRefused, one event per source row, keyed
 * by the source. File watching and the webhook secret check live in adapters/signals.
 */
export { AMIBROKER_COLUMNS } from './amiBrokerLayout.js';
export type { AmiBrokerColumn } from './amiBrokerLayout.js';
export { AmiBrokerSignalParser } from './AmiBrokerSignalParser.js';
export type { AmiBrokerParseResult, AmiBrokerProblem } from './AmiBrokerSignalParser.js';
export { parseAmiBrokerSignals } from './parseAmiBrokerSignals.js';
export { parseWebhookSignal } from './parseWebhookSignal.js';
export type { WebhookParseResult, WebhookProblem } from './parseWebhookSignal.js';
export { WEBHOOK_FIELDS, webhookSignalSchema } from './webhookSignalSchema.js';
export type { WebhookSignalInput } from './webhookSignalSchema.js';
export { createSymbolResolver } from './createSymbolResolver.js';
export type { SymbolResolution, SymbolResolver } from './createSymbolResolver.js';
export { EXTERNAL_ORIGINS, externalSignalId, externalSignalKey } from './externalSignalKeys.js';
export type { ExternalOrigin } from './externalSignalKeys.js';
export type { ParsedSignal, SignalBatch, SignalProblem } from './ParsedSignal.js';
export { SignalIntake } from './SignalIntake.js';
export type { IntakeOutcome, SignalIntakeOptions } from './SignalIntake.js';
