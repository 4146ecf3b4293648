#!/usr/bin/env node
import nodeModule from 'node:module';
import { Command, Option } from 'commander';
import { FortressError } from '../core/index.js';
import { holdYoungGenerationDuringStart } from './youngGeneration.js';

// Node ≥ 22.1 keeps V8's compiled code of every module loaded after this in a cache on disk (os.tmpdir()), so
// later starts skip most compilation; Node 20 has no such cache and this does nothing there.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/**
 * Each command's module, loaded only when it is the one to run (or all of them for help and unknown names):
 * `fortress start` does not pay for the backtest's progress bars, the tables or the distributed runtime.
 */
const COMMANDS = {
  backtest: async () => (await import('./backtest.js')).backtestCommand(),
  strategies: async () => (await import('./strategies.js')).strategiesCommand(),
  start: async () => (await import('./start.js')).startCommand(),
  risk: async () => (await import('./risk.js')).riskCommand(),
  reconcile: async () => (await import('./reconcile.js')).reconcileCommand(),
  store: async () => (await import('./store.js')).storeCommand((await import('../app/index.js')).migrateEventStore),
  service: async () => (await import('./service.js')).serviceCommand(),
  status: async () => (await import('./status.js')).statusCommand(),
} as const satisfies Record<string, () => Promise<Command>>;
type CommandName = keyof typeof COMMANDS;

/** The command named on the command line (after the global options), if it is one of ours. */
function requestedCommand(args: readonly string[]): CommandName | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--log-level') {
      i++; // its value
      continue;
    }
    if (arg.startsWith('-')) continue;
    return Object.hasOwn(COMMANDS, arg) ? (arg as CommandName) : undefined;
  }
  return undefined;
}

const program = new Command()
  .name('fortress')
  .description('Fortress: event-driven algorithmic trading — backtest, paper and live through one engine')
  .showHelpAfterError()
  .addOption(new Option('--log-level <level>', 'log level (overrides LOG_LEVEL)').choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']));

try {
  const requested = requestedCommand(process.argv.slice(2));
  const releaseYoungGeneration = requested === 'start' ? holdYoungGenerationDuringStart() : undefined;
  const names = requested !== undefined ? [requested] : (Object.keys(COMMANDS) as CommandName[]);
  for (const name of names) program.addCommand(await COMMANDS[name]());
  await program.parseAsync(process.argv);
  // `start` returns once the node is running (it then runs on its timers and sockets).
  releaseYoungGeneration?.();
} catch (error) {
  if (error instanceof FortressError) {
    process.stderr.write(`fortress: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`fortress: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
