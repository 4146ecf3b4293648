export { loadRiskFile, parseRiskYaml, readRiskFile } from './riskFile.js';
export type { RiskFileProblem, RiskFileResult } from './riskFile.js';
export { watchRiskFile } from './watchRiskFile.js';
export type { RiskFileWatcher, RiskFileWatcherOptions, RiskReload } from './watchRiskFile.js';
export { describeRiskConfig } from './describeRiskConfig.js';
export type { RuleRow } from './describeRiskConfig.js';
export { RISK_RULES_TEMPLATE } from './riskRulesTemplate.js';
