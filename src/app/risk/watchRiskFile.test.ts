import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../core/index.js';
import { createTestEngine } from '../../risk/testEngine.js';
import { makeIntent } from '../../risk/testSupport.js';
import { makeTempDir } from '../../testing/index.js';
import { watchRiskFile, type RiskReload } from './watchRiskFile.js';

/** A watcher on a real file in a temp dir, and a way to wait for its next reload. */
function setUp(initial: string) {
  const dir = makeTempDir();
  const path = join(dir, 'risk_rules.yaml');
  writeFileSync(path, initial);
  const t = createTestEngine();
  const reloads: RiskReload[] = [];
  let waiting: ((reload: RiskReload) => void) | undefined;
  const watcher = watchRiskFile({
    path, engine: t.engine, logger: silentLogger, debounceMs: 30,
    onReload: (reload) => {
      reloads.push(reload);
      waiting?.(reload);
    },
  });
  const next = (): Promise<RiskReload> =>
    new Promise((resolvePromise, reject) => {
      const timeout = setTimeout(() => reject(new Error('no reload within 5 s')), 5_000);
      waiting = (reload) => {
        clearTimeout(timeout);
        waiting = undefined;
        resolvePromise(reload);
      };
    });
  return { ...t, path, dir, watcher, reloads, next };
}

describe('hot reload of the risk file', () => {
  it('applies a valid edit to the running engine and records the change as an event', async () => {
    const s = setUp('rules:\n  minConfidence: { min: 0.6 }\n');
    try {
      const reloaded = s.next();
      writeFileSync(s.path, 'rules:\n  minConfidence: { min: 0.9 }\n');
      const reload = await reloaded;
      assert.deepEqual(reload, { applied: true, changes: ['rules.minConfidence.min: 0.6 → 0.9'], problems: [] });
      assert.equal(s.engine.config.rules.minConfidence.min, 0.9);
      const changed = s.events.find((e) => e.type === 'RiskConfigChanged');
      assert.ok(changed?.type === 'RiskConfigChanged');
      assert.match(changed.payload.source, /^file:.*risk_rules\.yaml$/);
      assert.equal(s.engine.evaluate(makeIntent({ confidence: 0.8 })).approved, false);
    } finally {
      s.watcher.close();
    }
  });

  it('keeps the old configuration on a bad edit and reports an error naming the key', async () => {
    const s = setUp('rules:\n  minConfidence: { min: 0.6 }\n');
    try {
      const reloaded = s.next();
      writeFileSync(s.path, 'rules:\n  minConfidence: { min: high }\n');
      const reload = await reloaded;
      assert.equal(reload.applied, false);
      assert.match(reload.problems[0]!, /risk_rules\.yaml:2:25: rules\.minConfidence\.min: expected number, got string \("high"\)/);
      assert.equal(s.engine.config.rules.minConfidence.min, 0.6);
      const error = s.events.find((e) => e.type === 'ErrorRaised');
      assert.ok(error?.type === 'ErrorRaised');
      assert.equal(error.payload.code, 'RISK_CONFIG_INVALID');
      assert.match(error.payload.message, /rules\.minConfidence\.min/);
      assert.equal(s.events.filter((e) => e.type === 'RiskConfigChanged').length, 0);
    } finally {
      s.watcher.close();
    }
  });

  it('follows a file replaced by rename (how editors save) and swaps the calendar when holidays change', async () => {
    const s = setUp('rules: {}\n');
    try {
      assert.equal(s.engine.evaluate(makeIntent()).approved, true);
      const reloaded = s.next();
      const temp = join(s.dir, '.risk_rules.yaml.tmp');
      writeFileSync(temp, "holidays:\n  NASDAQ: ['2024-03-05']\n");
      renameSync(temp, s.path);
      const reload = await reloaded;
      assert.deepEqual(reload.changes, ['holidays.NASDAQ: (unset) → ["2024-03-05"]']);
      const decision = s.engine.evaluate(makeIntent({ strategyId: 'other' }));
      assert.ok(!decision.approved);
      assert.equal(decision.rejection.rule, 'trading-hours');
    } finally {
      s.watcher.close();
    }
  });

  it('ignores a save that changes nothing, and other files in the directory', async () => {
    const s = setUp('rules: {}\n');
    try {
      writeFileSync(join(s.dir, 'other.yaml'), 'x: 1\n');
      const reloaded = s.next();
      writeFileSync(s.path, 'rules: { maxOrdersPerDay: { limit: 7 } }\n');
      await reloaded;
      writeFileSync(s.path, 'rules: { maxOrdersPerDay: { limit: 7 } }\n');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(s.reloads.length, 1);
      assert.equal(s.events.filter((e) => e.type === 'RiskConfigChanged').length, 1);
    } finally {
      s.watcher.close();
    }
  });
});
