import { Command } from 'commander';
import { createLogger, fortressHome, logLevelFromEnvironment, startPaperNode, type LogLevel } from '../app/index.js';

/** `fortress start` (what `npm start` runs): the paper node on the embedded default, until Ctrl-C. */
export function startCommand(): Command {
  return new Command('start')
    .description('start the paper-trading node on the embedded default (config, SQLite event log under FORTRESS_HOME)')
    .option('--for <seconds>', 'stop by itself after this many seconds (demos, tests)')
    .action(async (options: { for?: string }, command: Command) => {
      const globals = command.parent?.opts() ?? {};
      const level = (globals.logLevel as LogLevel | undefined) ?? logLevelFromEnvironment();
      const logger = createLogger({ level, pretty: process.stdout.isTTY === true, fd: 1, runId: 'node' });
      const home = fortressHome();
      const running = await startPaperNode(home, logger);
      let stopping: Promise<void> | undefined;
      const stop = (signal: string): void => {
        if (stopping !== undefined) return;
        logger.info({ component: 'node', signal }, 'stopping');
        stopping = running.stop().then(() => process.exit(0));
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
      void running.stopped.then(() => {
        if (stopping === undefined) process.exit(0); // a replay that reached its end
      });
      if (options.for !== undefined) {
        const seconds = Number(options.for);
        if (!(seconds > 0)) throw new Error(`--for: expected a positive number of seconds, got "${options.for}"`);
        setTimeout(() => stop('timer'), seconds * 1000);
      }
    });
}
