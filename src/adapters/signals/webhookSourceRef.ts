import { sha256Ref } from './sha256Ref.js';

/**
 * The source ref of a webhook request: the hash of the sender's idempotency key when it sends one (an
 * `Idempotency-Key` header), else of the raw body. A redelivered request therefore yields the same ref and
 * changes nothing; two alerts with byte-identical bodies are one alert, so templates should carry something
 * unique (TradingView: `"comment": "{{timenow}}"`).
 */
export function webhookSourceRef(rawBody: string | Uint8Array, idempotencyKey?: string): string {
  return idempotencyKey !== undefined && idempotencyKey !== '' ? sha256Ref(`key:${idempotencyKey}`) : sha256Ref(rawBody);
}
