/**
 * Signal sources on disk and over HTTP: the AmiBroker directory watcher (SIGNAL_DIR → .inflight/ →
 * processed/ | errors/ with a sidecar) and the webhook helpers (constant-time secret check, source ref).
 * Parsing and the intake live in the signals engine; the app passes them in.
 */
export { AmiBrokerDirectoryWatcher } from './AmiBrokerDirectoryWatcher.js';
export type { SignalWatcherHealth } from './AmiBrokerDirectoryWatcher.js';
export { SIGNAL_FILE_IDENTITIES, SIGNAL_FILE_PROBLEM_CODES, SIGNAL_SUBDIRS } from './signalFileTypes.js';
export type {
  AmiBrokerDirectoryWatcherOptions,
  SignalFileIdentity,
  SignalFileParser,
  SignalFileProblem,
  SignalFileProblemCode,
  SignalFileRowProblem,
  SignalFileRows,
} from './signalFileTypes.js';
export { checkWebhookSecret } from './checkWebhookSecret.js';
export { webhookSourceRef } from './webhookSourceRef.js';
export { sha256Ref } from './sha256Ref.js';
