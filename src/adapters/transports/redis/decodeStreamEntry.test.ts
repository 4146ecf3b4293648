import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStreamEntry } from './decodeStreamEntry.js';
import { barMessage } from './marketMessage.js';
import { TransportFixtures } from './redisTransportFixtures.js';

const entry = (field: string, value: string | Buffer): Buffer[] => [Buffer.from(field), Buffer.isBuffer(value) ? value : Buffer.from(value)];
const reasonOf = (fields: Buffer[]): string => {
  const decoded = decodeStreamEntry(fields);
  assert.equal(decoded.ok, false);
  return decoded.ok ? '' : decoded.reason;
};

describe('decoding a stream entry at the boundary', () => {
  const fixtures = new TransportFixtures();

  it('accepts an envelope of a catalog type at its version, and a market message', () => {
    const event = fixtures.accepted('AAPL', 1);
    assert.deepEqual(decodeStreamEntry(entry('e', JSON.stringify(event))), { ok: true, message: event });
    const bar = barMessage(fixtures.bar('AAPL', 2));
    assert.deepEqual(decodeStreamEntry(entry('m', JSON.stringify(bar))), { ok: true, message: bar });
  });

  it('refuses bytes that are not UTF-8 JSON, naming why', () => {
    assert.match(reasonOf(entry('e', Buffer.from([0xff, 0xfe, 0x7b]))), /not UTF-8/);
    assert.match(reasonOf(entry('e', '{"id": ')), /not JSON/);
    assert.match(reasonOf(entry('x', '{}')), /unknown field "x"/);
    assert.match(reasonOf([...entry('e', '{}'), ...entry('m', '{}')]), /expected one field/);
  });

  it('refuses a wrong envelope shape, an unknown type and a version other than the current one', () => {
    const event = fixtures.accepted('AAPL', 1);
    assert.match(reasonOf(entry('e', JSON.stringify({ ...event, idempotencyKey: undefined }))), /not an event envelope: idempotencyKey/);
    assert.match(reasonOf(entry('e', JSON.stringify({ ...event, payload: [1] }))), /payload: must be a JSON object/);
    assert.match(reasonOf(entry('e', JSON.stringify({ ...event, type: 'OrderTeleported' }))), /unknown event type "OrderTeleported"/);
    assert.match(reasonOf(entry('e', JSON.stringify({ ...event, version: 9 }))), /OrderAccepted version 9 is not the current version 1/);
    assert.match(reasonOf(entry('m', JSON.stringify({ kind: 'bar', key: 'A', idempotencyKey: 'k', bar: { instrumentId: 'A' } }))), /not a market message: bar\.timeframe/);
  });
});
