import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeTempDir } from '../testing/index.js';

const BIN = resolve('bin/fortress.js');

/**
 * Preloaded into the node under test: reports every package file it loads, ESM (a load hook) and CommonJS
 * (the require cache, at exit), one `loaded <path>` line each on stderr.
 */
const REPORT_LOADS = `
import { register, createRequire } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(
  "export async function load(url, context, next) { if (url.startsWith('file:')) process._rawDebug('loaded ' + url); return next(url, context); }"
));
const require = createRequire(import.meta.url);
process.on('exit', () => { for (const path of Object.keys(require.cache)) process._rawDebug('loaded ' + path); });
`;

function filesLoadedByStart(): string[] {
  const dir = makeTempDir();
  const preload = join(dir, 'reportLoads.mjs');
  writeFileSync(preload, REPORT_LOADS);
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, BIN, 'start', '--for', '1'], {
    encoding: 'utf8',
    env: { ...process.env, FORTRESS_HOME: join(dir, 'home'), FORTRESS_PORT: '0', LOG_LEVEL: 'warn' },
    timeout: 30_000,
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stderr
    .split('\n')
    .filter((line) => line.startsWith('loaded '))
    .map((line) => line.slice('loaded '.length).replace(/^file:\/\//, ''));
}

describe('fortress start loads only what a starting node uses', () => {
  it('leaves out the unused validators, token library, the terminal log formatter (output is not a terminal) and the other commands’ libraries until asked', () => {
    const files = filesLoadedByStart();
    const loads = (fragment: string): boolean => files.some((file) => file.includes(fragment));
    for (const used of ['/node_modules/fastify/', '/node_modules/zod/', '/node_modules/better-sqlite3/']) assert.ok(loads(used), `the report sees ${used}`);
    // fastify's error serializer takes one small file of fast-json-stringify, never the compiler.
    for (const unused of ['/node_modules/ajv/', '/node_modules/fast-json-stringify/index.js', '/node_modules/jose/', '/node_modules/cli-table3/', '/node_modules/cli-progress/', '/node_modules/ioredis/', '/node_modules/pg/', '/node_modules/pino-pretty/']) {
      assert.equal(loads(unused), false, `${unused} is loaded at start`);
    }
  });
});
