import { defineRule } from '../RuleDefinition.js';
import { createExposureMonitor, createExposureRule, exposureLimitSchema } from './exposureLimit.js';

export const MAX_NET_EXPOSURE_RULE = 'max-net-exposure';

/** |Σ signed position × price| of the account, open orders counted as if filled (the worse of all buys or all sells). */
export const maxNetExposureRule = defineRule(
  exposureLimitSchema,
  (config) => createExposureRule(MAX_NET_EXPOSURE_RULE, 'net', config),
  (config) => createExposureMonitor(MAX_NET_EXPOSURE_RULE, 'net', config),
);
