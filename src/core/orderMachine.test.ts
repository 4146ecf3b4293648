import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ORDER_STATUSES, TERMINAL_STATUSES } from './order.js';
import { ORDER_EVENT_KINDS, ORDER_TRANSITIONS, nextOrderStatus } from './orderMachine.js';

describe('order transition table', () => {
  it('refuses every pair that is not in the table', () => {
    for (const status of ORDER_STATUSES) {
      for (const kind of ORDER_EVENT_KINDS) {
        const result = nextOrderStatus({ status, filledQuantity: 0 }, kind);
        assert.equal(result.ok, ORDER_TRANSITIONS[status][kind] !== undefined, `${status} + ${kind}`);
        if (!result.ok) assert.match(result.reason, new RegExp(`${kind} is not allowed from ${status}`));
      }
    }
  });

  it('terminal states accept nothing', () => {
    for (const status of TERMINAL_STATUSES) assert.deepEqual(ORDER_TRANSITIONS[status], {});
  });

  it('a rejected cancel returns to the working state it came from', () => {
    assert.deepEqual(nextOrderStatus({ status: 'PENDING_CANCEL', filledQuantity: 0 }, 'CANCEL_REJECT'), { ok: true, status: 'ACCEPTED' });
    assert.deepEqual(nextOrderStatus({ status: 'PENDING_CANCEL', filledQuantity: 5 }, 'CANCEL_REJECT'), { ok: true, status: 'PARTIALLY_FILLED' });
  });
});
