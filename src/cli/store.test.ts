import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { ValidationError } from '../core/index.js';
import { SQLITE_SCHEMA_VERSION, migrateEventStore } from '../adapters/stores/index.js';
import { makeTempDir } from '../testing/index.js';
import { usePostgresServer } from '../testing/postgres.js';
import { runStoreMigrate } from './store.js';

const postgres = usePostgresServer();

async function migrate(flags: { store?: string; schema?: string }, databaseUrl?: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runStoreMigrate(flags, databaseUrl, migrateEventStore, (line) => lines.push(line));
  return { code, lines };
}

/** `fortress store migrate …` in a process of its own: the command as main.ts registers it (storeCommand(migrateEventStore)). */
function migrateInChildProcess(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const dist = pathToFileURL(resolve('dist')).href;
  const script = `
    import { Command } from 'commander';
    import { storeCommand } from '${dist}/cli/store.js';
    import { migrateEventStore } from '${dist}/adapters/stores/index.js';
    await new Command('fortress').addCommand(storeCommand(migrateEventStore)).parseAsync(process.argv);`;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, 'fortress', 'store', 'migrate', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (status) => done({ status, stdout, stderr }));
  });
}

describe('fortress store migrate', () => {
  it('migrates the PostgreSQL store named by --store and prints its version', async () => {
    const { code, lines } = await migrate({ store: postgres.server.url });
    assert.equal(code, 0);
    assert.deepEqual(lines, [`postgres event store ${postgres.server.url}: schema version 1`]);
  });

  it('falls back to DATABASE_URL, into the schema given', async () => {
    const { lines } = await migrate({ schema: 'ops' }, postgres.server.url);
    assert.deepEqual(lines, [`postgres event store ${postgres.server.url} (schema ops): schema version 1`]);
    const client = new pg.Client(postgres.server.url);
    await client.connect();
    assert.equal((await client.query('SELECT count(*)::int AS n FROM ops.schema_migrations')).rows[0].n, 1);
    await client.end();
  });

  it('migrates a SQLite file given as sqlite:PATH', async () => {
    const path = join(makeTempDir('fortress-store-cli-'), 'events.sqlite');
    const { lines } = await migrate({ store: `sqlite:${path}` });
    assert.deepEqual(lines, [`sqlite event store ${path}: schema version ${SQLITE_SCHEMA_VERSION}`]);
  });

  it('stops with a message saying how to name a store when there is none, or an unknown kind', async () => {
    await assert.rejects(migrate({}), (e: unknown) => e instanceof ValidationError && /--store/.test(e.message) && /DATABASE_URL/.test(e.message));
    await assert.rejects(migrate({}, ''), ValidationError);
    await assert.rejects(migrate({ store: 'mysql://root:hunter2@db/x' }), (e: unknown) => e instanceof ValidationError && /neither/.test(e.message) && !/hunter2/.test(e.message));
  });

  it('runs from two processes at once against one fresh schema: both succeed, the migration is applied once', async () => {
    const runs = await Promise.all([1, 2].map(() => migrateInChildProcess(['--store', postgres.server.url, '--schema', 'twice'])));
    for (const run of runs) {
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /schema version 1/);
    }
    const client = new pg.Client(postgres.server.url);
    await client.connect();
    assert.deepEqual((await client.query('SELECT version FROM twice.schema_migrations')).rows, [{ version: 1 }]);
    await client.end();
  });
});
