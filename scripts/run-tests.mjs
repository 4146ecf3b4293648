// Runs every compiled spec (dist/**/*.test.js) with Node's test runner and prints its summary.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
// tsc never deletes an output whose source was removed or renamed (the build is incremental), so a
// compiled spec without its src/…/*.test.ts is stale and is left out, saying so.
const sourceOf = (compiled) => join('src', compiled.slice('dist/'.length).replace(/\.test\.js$/, '.test.ts'));
const compiled = collect('dist', []);
const stale = compiled.filter((f) => !existsSync(sourceOf(f)));
if (stale.length > 0) console.error(`ignoring ${stale.length} stale compiled spec(s) with no source: ${stale.join(', ')}`);
const files = compiled
  .filter((f) => existsSync(sourceOf(f)))
  .filter((f) => filter.length === 0 || filter.some((part) => f.includes(part)))
  .sort();
if (files.length === 0) {
  console.error('no test files found under dist/ (did the build run?)');
  process.exit(1);
}
const reporter = 'spec';
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=2', `--test-reporter=${reporter}`, ...files],
  { stdio: 'inherit', env: { ...process.env, FORTRESS_TEST: '1' } },
);
process.exit(result.status ?? 1);
