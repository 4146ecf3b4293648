import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RISK_RULES_TEMPLATE } from '../app/risk/index.js';
import { makeTempDir } from '../testing/index.js';
import { riskCommand, runRiskCheck } from './risk.js';

function check(text: string): { code: number; output: string } {
  const file = join(makeTempDir(), 'risk_rules.yaml');
  writeFileSync(file, text);
  const lines: string[] = [];
  const code = runRiskCheck(file, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

describe('fortress risk check FILE', () => {
  it('exits 0 on a valid file and prints the effective rules per scope', () => {
    const { code, output } = check(`${RISK_RULES_TEMPLATE}\n`.replace('accounts: {}', 'accounts:\n  paper-1:\n    maxDailyLoss: { limitPct: 2 }'));
    assert.equal(code, 0);
    assert.match(output, /risk_rules\.yaml: valid/);
    assert.match(output, /default\s*│?\s*maxDailyLoss\s*│?\s*yes\s*│?\s*limitPct=5 action=HALTED/);
    assert.match(output, /account paper-1\s*│?\s*maxDailyLoss\s*│?\s*yes\s*│?\s*limitPct=2 action=HALTED/);
  });

  it('exits 2 and explains each problem with file, line, key and what is allowed', () => {
    const { code, output } = check('rules:\n  maxPositionPct: { limitPct: "5" }\n  maxDrawdown: { action: STOP }\nrisk: {}\n');
    assert.equal(code, 2);
    const lines = output.split('\n');
    assert.match(lines[0]!, /risk_rules\.yaml:2:31: rules\.maxPositionPct\.limitPct: expected number, got string \("5"\)$/);
    assert.match(lines[1]!, /risk_rules\.yaml:3:26: rules\.maxDrawdown\.action: Invalid option: expected one of "REDUCING"\|"HALTED" \("STOP"\)$/);
    assert.match(lines[2]!, /risk_rules\.yaml:4:1: risk: unknown key \(allowed: rules, accounts, instruments, holidays, monitor\)$/);
    assert.match(lines[3]!, /^3 problems in .*: it would not be applied/);
  });

  it('exits 2 for a file that does not exist', () => {
    const lines: string[] = [];
    assert.equal(runRiskCheck(join(makeTempDir(), 'missing.yaml'), (line) => lines.push(line)), 2);
    assert.match(lines[0]!, /missing\.yaml: file not found/);
  });

  it('is a `risk check <file>` command', () => {
    const command = riskCommand();
    assert.equal(command.name(), 'risk');
    assert.deepEqual(command.commands.map((c) => c.name()), ['check']);
  });
});
