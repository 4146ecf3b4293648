import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkWebhookSecret } from './checkWebhookSecret.js';
import { webhookSourceRef } from './webhookSourceRef.js';

describe('webhook secret and source ref', () => {
  it('accepts only the configured secret, and nothing when none is configured', () => {
    assert.equal(checkWebhookSecret('s3cret', 's3cret'), true);
    assert.equal(checkWebhookSecret('s3cres', 's3cret'), false);
    assert.equal(checkWebhookSecret('s3cret-longer', 's3cret'), false);
    assert.equal(checkWebhookSecret(undefined, 's3cret'), false);
    assert.equal(checkWebhookSecret('', ''), false);
  });

  it('derives the same ref for a redelivered request and a different one for another', () => {
    const body = '{"strategy":"s","symbol":"X","action":"buy"}';
    assert.equal(webhookSourceRef(body), webhookSourceRef(Buffer.from(body)));
    assert.match(webhookSourceRef(body), /^[0-9a-f]{24}$/);
    assert.notEqual(webhookSourceRef(body), webhookSourceRef(body.replace('buy', 'sell')));
    assert.equal(webhookSourceRef(body, 'alert-7'), webhookSourceRef('other body', 'alert-7'), 'the sender\'s idempotency key wins');
  });
});
