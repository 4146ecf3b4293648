import { Command } from 'commander';
import { ValidationError } from '../core/index.js';

/** What a migration did (the shape of the adapters' `migrateEventStore` answer). */
export interface StoreMigrationOutcome {
  readonly store: string;
  readonly location: string;
  readonly version: number;
}

/** Migrates the store `target` names (postgres://… or sqlite:PATH): the adapters' `migrateEventStore`, passed in by main. */
export type MigrateStore = (target: string, options: { readonly schema?: string }) => Promise<StoreMigrationOutcome>;

export interface StoreMigrateFlags {
  readonly store?: string;
  readonly schema?: string;
}

/**
 * `fortress store migrate`: bring the event store's schema up to date and print the version. The store comes from
 * --store, else DATABASE_URL; with neither it stops, saying how to give one.
 */
export async function runStoreMigrate(flags: StoreMigrateFlags, databaseUrl: string | undefined, migrate: MigrateStore, print: (line: string) => void): Promise<number> {
  const target = flags.store ?? (databaseUrl !== '' ? databaseUrl : undefined);
  if (target === undefined) {
    throw new ValidationError('fortress store migrate: no store given: pass --store postgres://user@host:5432/db (or sqlite:PATH), or set DATABASE_URL', { field: 'store' });
  }
  const outcome = await migrate(target, flags.schema === undefined ? {} : { schema: flags.schema });
  print(`${outcome.store} event store ${outcome.location}${flags.schema === undefined ? '' : ` (schema ${flags.schema})`}: schema version ${outcome.version}`);
  return 0;
}

export function storeCommand(migrate: MigrateStore): Command {
  const store = new Command('store').description('event store administration');
  store
    .command('migrate')
    .description('create or update the event store schema (PostgreSQL or SQLite) and print its version; safe to run from several machines at once')
    .option('--store <target>', 'postgres://user[:password]@host[:port]/database or sqlite:PATH (default: DATABASE_URL)')
    .option('--schema <name>', 'PostgreSQL schema holding the tables (default public)')
    .action(async (flags: StoreMigrateFlags) => {
      process.exitCode = await runStoreMigrate(flags, process.env.DATABASE_URL, migrate, (line) => console.log(line));
    });
  return store;
}
