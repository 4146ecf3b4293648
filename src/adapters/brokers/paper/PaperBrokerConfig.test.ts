import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../../core/index.js';
import { parsePaperBrokerConfig } from './PaperBrokerConfig.js';

describe('parsePaperBrokerConfig', () => {
  it('fills in the defaults', () => {
    assert.deepEqual(parsePaperBrokerConfig({ fillModel: 'close' }), {
      fillModel: 'close', slippageBps: 0, commission: {}, maxVolumeShare: 1, rejectWhenNoMarket: false, ordersPerSecond: 1000, rejectClientIds: [],
    });
  });

  it('refuses bad values with a message naming each key and what is allowed', () => {
    assert.throws(
      () => parsePaperBrokerConfig({ fillModel: 'vwap', maxVolumeShare: 0, commission: { perOrderMinor: 1.5 } }),
      (error: unknown) => error instanceof ValidationError
        && /paperBroker\.fillModel: .*"next-open"\|"close"\|"tick"/.test(error.message)
        && /paperBroker\.maxVolumeShare/.test(error.message)
        && /paperBroker\.commission\.perOrderMinor/.test(error.message),
    );
  });
});
