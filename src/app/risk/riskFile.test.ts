import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../core/index.js';
import { defaultRiskConfig } from '../../risk/index.js';
import { makeTempDir } from '../../testing/index.js';
import { describeRiskConfig } from './describeRiskConfig.js';
import { loadRiskFile, parseRiskYaml, readRiskFile } from './riskFile.js';
import { RISK_RULES_TEMPLATE } from './riskRulesTemplate.js';

const problemsOf = (text: string): string[] => {
  const result = parseRiskYaml(text, 'risk_rules.yaml');
  assert.ok(!result.ok, 'expected the file to be rejected');
  return result.problems.map((p) => p.text);
};

describe('risk_rules.yaml', () => {
  it('the commented template is exactly the defaults', () => {
    const result = parseRiskYaml(RISK_RULES_TEMPLATE, 'risk_rules.yaml');
    assert.ok(result.ok);
    assert.deepEqual(result.config, defaultRiskConfig());
  });

  it('an empty file is the defaults', () => {
    const result = parseRiskYaml('# nothing yet\n', 'risk_rules.yaml');
    assert.ok(result.ok);
    assert.deepEqual(result.config, defaultRiskConfig());
  });

  it('reads scopes and holidays', () => {
    const result = parseRiskYaml(
      ['rules:', '  maxDailyLoss: { limitPct: 3 }', 'accounts:', '  paper-1:', '    maxDrawdown: { action: HALTED }', 'holidays:', "  NSE: ['2024-01-26']"].join('\n'),
      'risk_rules.yaml',
    );
    assert.ok(result.ok);
    assert.equal(result.config.rules.maxDailyLoss.limitPct, 3);
    assert.deepEqual(result.config.accounts, { 'paper-1': { maxDrawdown: { action: 'HALTED' } } });
    assert.deepEqual(result.config.holidays, { NSE: ['2024-01-26'] });
  });

  it('names key, line and column of a value of the wrong type', () => {
    assert.deepEqual(problemsOf('rules:\n  maxPositionPct:\n    limitPct: "5"\n'), [
      'risk_rules.yaml:3:15: rules.maxPositionPct.limitPct: expected number, got string ("5")',
    ]);
    assert.deepEqual(problemsOf('rules:\n  maxDailyLoss:\n    limitPct: five\n'), ['risk_rules.yaml:3:15: rules.maxDailyLoss.limitPct: expected number, got string ("five")']);
  });

  it('names unknown keys where they are, with the key probably meant', () => {
    assert.deepEqual(problemsOf('rules:\n  maxPositonPct: { limitPct: 5 }\ninstrument: {}\n'), [
      'risk_rules.yaml:2:3: rules.maxPositonPct: unknown key (did you mean maxPositionPct?)',
      'risk_rules.yaml:3:1: instrument: unknown key (did you mean instruments?)',
    ]);
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    assert.match(problemsOf('rules:\n  minConfidence: { min: 0.5 }\n  minConfidence: { min: 0.7 }\n')[0]!, /^risk_rules\.yaml:3:3: Map keys must be unique/);
    assert.match(problemsOf('rules: [1,\n')[0]!, /^risk_rules\.yaml:\d+:\d+: /);
  });

  it('lists every problem, and loadRiskFile throws them all at once', () => {
    const dir = makeTempDir();
    const file = join(dir, 'risk_rules.yaml');
    writeFileSync(file, 'rules:\n  minConfidence: { min: 2 }\n  maxOrderQuantity: { limit: -1 }\nholidays: { NSE: ["2024-13-01"] }\n');
    assert.throws(
      () => loadRiskFile(file),
      (error: unknown) =>
        error instanceof ValidationError &&
        (error.details?.problems as string[]).length === 3 &&
        /risk_rules\.yaml:4:\d+: holidays\.NSE\[0\]: expected a date YYYY-MM-DD/.test(error.message),
    );
  });

  it('says so when the file does not exist', () => {
    const result = readRiskFile(join(makeTempDir(), 'nope.yaml'));
    assert.ok(!result.ok);
    assert.match(result.problems[0]!.text, /nope\.yaml: file not found$/);
  });

  it('describes the effective rules per scope', () => {
    const result = parseRiskYaml('accounts:\n  a1:\n    maxDailyLoss: { limitPct: 2 }\ninstruments:\n  X.NSE:\n    liquidityGuard: { enabled: false }\n', 'f');
    assert.ok(result.ok);
    const rows = describeRiskConfig(result.config);
    assert.equal(rows.filter((r) => r.scope === 'default').length, 16);
    assert.deepEqual(rows.find((r) => r.scope === 'account a1'), { scope: 'account a1', rule: 'maxDailyLoss', enabled: true, settings: 'limitPct=2 action=HALTED' });
    assert.deepEqual(rows.find((r) => r.scope === 'instrument X.NSE')?.enabled, false);
  });
});
