#!/usr/bin/env node
import { Command, Option } from 'commander';
import { FortressError } from '../core/index.js';
import { backtestCommand } from './backtest.js';
import { strategiesCommand } from './strategies.js';
import { startCommand } from './start.js';
import { riskCommand } from './risk.js';
import { reconcileCommand } from './reconcile.js';
import { storeCommand } from './store.js';
import { serviceCommand } from './service.js';
import { statusCommand } from './status.js';
import { migrateEventStore } from '../app/index.js';

const program = new Command()
  .name('fortress')
  .description('Fortress: event-driven algorithmic trading — backtest, paper and live through one engine')
  .showHelpAfterError()
  .addOption(new Option('--log-level <level>', 'log level (overrides LOG_LEVEL)').choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']));

program.addCommand(backtestCommand());
program.addCommand(strategiesCommand());
program.addCommand(startCommand());
program.addCommand(riskCommand());
program.addCommand(reconcileCommand());
program.addCommand(storeCommand(migrateEventStore));
program.addCommand(serviceCommand());
program.addCommand(statusCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof FortressError) {
    process.stderr.write(`fortress: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`fortress: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
