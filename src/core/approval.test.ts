import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createApprovalAuthority } from './approval.js';
import type { TradeIntent } from './intent.js';

const intent = { intentId: 'i1', quantity: 10 } as TradeIntent;

describe('approval authority', () => {
  it('verifies only the trades it minted', () => {
    const mine = createApprovalAuthority();
    const other = createApprovalAuthority();
    const trade = mine.approve(intent, 10, 'd1');
    assert.equal(mine.verify(trade), true);
    assert.equal(other.verify(trade), false);
    assert.equal(mine.verify({ ...trade }), false, 'a copy with the same shape is not approved');
    assert.equal(mine.verify({ intent, quantity: 10, decisionId: 'd1' }), false);
    assert.equal(mine.verify(null), false);
    assert.ok(Object.isFrozen(trade));
  });

  it('refuses to approve more than the intent asked for, or nothing', () => {
    const { approve } = createApprovalAuthority();
    assert.throws(() => approve(intent, 11, 'd'), /must be in \(0, 10\]/);
    assert.throws(() => approve(intent, 0, 'd'), /must be in/);
  });
});
