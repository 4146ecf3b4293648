import { Command } from 'commander';
import Table from 'cli-table3';
// Until src/app/index.ts re-exports './risk/index.js' (see the issue-3 report), reach the app's risk face directly.
import { describeRiskConfig, readRiskFile } from '../app/index.js';

/** Exit codes of `fortress risk check`: the file is valid, or it is not (the same code as any bad input). */
export const RISK_CHECK_VALID = 0;
export const RISK_CHECK_INVALID = 2;

/**
 * `fortress risk check FILE`: validate a risk_rules.yaml. Valid: prints the effective rules per scope and exits 0.
 * Invalid: prints every problem as `file:line:col: key.path: what is wrong` and exits 2; nothing is applied.
 */
export function runRiskCheck(file: string, print: (line: string) => void, styled = false): number {
  const result = readRiskFile(file);
  if (!result.ok) {
    for (const problem of result.problems) print(problem.text);
    const count = result.problems.length;
    print(`${count} problem${count === 1 ? '' : 's'} in ${file}: it would not be applied (a running node keeps its current rules).`);
    return RISK_CHECK_INVALID;
  }
  const compact = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
  const table = new Table({ head: ['scope', 'rule', 'on', 'settings'], chars: compact, ...(styled ? {} : { style: { head: [], border: [] } }) });
  for (const row of describeRiskConfig(result.config)) table.push([row.scope, row.rule, row.enabled ? 'yes' : 'no', row.settings]);
  print(`${file}: valid`);
  print(table.toString());
  const holidays = Object.entries(result.config.holidays);
  print(holidays.length === 0 ? 'holidays: none configured' : `holidays: ${holidays.map(([exchange, dates]) => `${exchange} ${dates.length}`).join(', ')}`);
  print(`account limits are also checked on bars every ${result.config.monitor.intervalMs} ms`);
  return RISK_CHECK_VALID;
}

export function riskCommand(): Command {
  const risk = new Command('risk').description('risk rules: validate a risk_rules.yaml');
  risk
    .command('check')
    .description('validate a risk rules file and explain each problem (exit 0 when valid, 2 otherwise); prints the effective rules')
    .argument('<file>', 'the risk rules YAML file')
    .action((file: string) => {
      process.exitCode = runRiskCheck(file, (line) => console.log(line), process.stdout.isTTY === true);
    });
  return risk;
}
