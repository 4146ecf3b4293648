import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a webhook's shared secret matches the configured one, in constant time: both are hashed first, so
 * neither the content nor the length of the expected secret leaks through timing. An empty configured secret
 * matches nothing (a webhook endpoint without a secret must not be mounted).
 */
export function checkWebhookSecret(given: string | undefined, expected: string): boolean {
  if (expected === '' || given === undefined) return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
