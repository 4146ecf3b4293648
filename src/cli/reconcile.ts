import { Command } from 'commander';
import Table from 'cli-table3';
import { createLogger, fortressHome, logLevelFromEnvironment, reconcileHome, type LogLevel } from '../app/index.js';

/** `fortress reconcile`: show (and with --adopt log, resolve) differences between the event log and the broker. */
export function reconcileCommand(): Command {
  return new Command('reconcile')
    .description('with the node stopped: list differences between the event log and the paper broker; --adopt log resolves them (an audited event)')
    .option('--adopt <side>', 'resolve by making the broker take the log\u2019s view (only "log" for the paper broker)')
    .option('--by <name>', 'who resolves (recorded on the event)', process.env.USER ?? 'operator')
    .action(async (options: { adopt?: string; by: string }, command: Command) => {
      if (options.adopt !== undefined && options.adopt !== 'log') throw new Error(`--adopt: expected "log", got "${options.adopt}"`);
      const globals = command.parent?.opts() ?? {};
      const level = (globals.logLevel as LogLevel | undefined) ?? logLevelFromEnvironment(process.env, 'warn');
      const logger = createLogger({ level, pretty: process.stderr.isTTY === true, fd: 2, runId: 'reconcile' });
      const home = fortressHome();
      const outcome = await reconcileHome(home, { ...(options.adopt === 'log' ? { adopt: 'log' as const } : {}), by: options.by, logger });
      if (outcome.differences.length === 0 && !outcome.resolved) {
        console.log(`${home}: the event log and the paper broker agree`);
        return;
      }
      const table = new Table({ head: ['difference', 'instrument', 'order', 'log', 'broker'], ...(process.stdout.isTTY ? {} : { style: { head: [], border: [] } }) });
      for (const d of outcome.differences) table.push([d.kind, d.instrumentId, d.clientOrderId ?? '', String(d.log), String(d.broker)]);
      if (outcome.differences.length > 0) console.log(table.toString());
      if (outcome.resolved) {
        console.log(`resolved by ${options.by}: the paper broker now holds the log's view; trading resumes at the next start`);
      } else {
        console.log('trading stays HALTED until resolved: `fortress reconcile --adopt log` makes the broker take the log\u2019s view');
        process.exitCode = 1;
      }
    });
}
