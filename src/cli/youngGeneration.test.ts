import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const MODULE = new URL('./youngGeneration.js', import.meta.url).href;

/**
 * In a fresh node: the young generation's capacity (MB) after allocating ~64 MB of objects that survive, first
 * while held, then after the release.
 */
const SCRIPT = `
import { getHeapSpaceStatistics } from 'node:v8';
import { holdYoungGenerationDuringStart } from ${JSON.stringify(MODULE)};
const youngMB = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
const kept = [];
const allocate = () => { for (let i = 0; i < 400_000; i++) kept.push({ i, text: 'x' + i, list: [i, i] }); };
const release = holdYoungGenerationDuringStart();
allocate();
const held = youngMB();
release();
allocate();
allocate();
console.log(JSON.stringify({ held, released: youngMB(), objects: kept.length }));
`;

function run(extraArgs: readonly string[]): { held: number; released: number } {
  const child = spawnSync(process.execPath, [...extraArgs, '--input-type=module', '-e', SCRIPT], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as { held: number; released: number };
}

describe('holding the young generation while the node starts', () => {
  it('keeps it at its initial size under surviving allocations, and lets it grow again once released', () => {
    const { held, released } = run([]);
    assert.ok(held <= 8, `held at ${held} MB`);
    assert.ok(released > held, `grows after the release (${held} → ${released} MB)`);
  });

  it('leaves a young generation the user sized alone', () => {
    const { held } = run(['--max-semi-space-size=16']);
    assert.ok(held > 8, `the user's setting applies (${held} MB)`);
  });
});
