import { defineRule } from '../RuleDefinition.js';
import { createExposureMonitor, createExposureRule, exposureLimitSchema } from './exposureLimit.js';

export const MAX_GROSS_EXPOSURE_RULE = 'max-gross-exposure';

/** Σ |position| × price over the account's instruments, open orders counted as if filled (worst case). */
export const maxGrossExposureRule = defineRule(
  exposureLimitSchema,
  (config) => createExposureRule(MAX_GROSS_EXPOSURE_RULE, 'gross', config),
  (config) => createExposureMonitor(MAX_GROSS_EXPOSURE_RULE, 'gross', config),
);
