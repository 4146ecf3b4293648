import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Logger, SessionCalendar } from '../../core/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import type { RiskConfig, RiskEngine } from '../../risk/index.js';
import { readRiskFile } from './riskFile.js';

export interface RiskReload {
  /** Whether the file's configuration now runs (false: it was invalid and the old one stays). */
  readonly applied: boolean;
  readonly changes: readonly string[];
  readonly problems: readonly string[];
}

export interface RiskFileWatcherOptions {
  readonly path: string;
  readonly engine: Pick<RiskEngine, 'applyConfig' | 'reportConfigError' | 'config'>;
  readonly logger: Logger;
  /** Quiet time after the last change before the file is read (editors write in several steps). */
  readonly debounceMs?: number;
  /** The calendar to give risk when the holidays change (default: the built-in exchange hours with them). */
  readonly calendarFor?: (holidays: RiskConfig['holidays']) => SessionCalendar;
  /** Called after each reload attempt (status lines, specs). */
  readonly onReload?: (reload: RiskReload) => void;
}

export interface RiskFileWatcher {
  close(): void;
}

/**
 * Hot reload of `risk_rules.yaml`: watches the file's directory (editors replace files by renaming, which a
 * watch on the file itself would lose), waits for `debounceMs` of quiet, re-reads and validates; a valid file
 * is applied to the running engine (which emits RiskConfigChanged), an invalid one is reported (ErrorRaised,
 * naming each key) and the previous configuration stays in force.
 */
export function watchRiskFile(options: RiskFileWatcherOptions): RiskFileWatcher {
  const path = resolve(options.path);
  const name = basename(path);
  const debounceMs = options.debounceMs ?? 250;
  const log = options.logger.child({ component: 'risk-config', file: path });
  const calendarFor = options.calendarFor ?? ((holidays) => new ExchangeCalendar({ holidays }));
  let lastText: string | undefined;
  let lastHolidays = JSON.stringify(options.engine.config.holidays);
  let timer: NodeJS.Timeout | undefined;

  const reload = (): void => {
    timer = undefined;
    const result = readRiskFile(path);
    if (result.text !== undefined && result.text === lastText) return; // touched, not changed
    lastText = result.text;
    if (!result.ok) {
      const problems = result.problems.map((p) => p.text);
      options.engine.reportConfigError(`file:${path}`, problems);
      options.onReload?.({ applied: false, changes: [], problems });
      return;
    }
    const holidays = JSON.stringify(result.config.holidays);
    const calendar = holidays === lastHolidays ? undefined : calendarFor(result.config.holidays);
    lastHolidays = holidays;
    const changes = options.engine.applyConfig(result.config, `file:${path}`, calendar);
    log.info({ changes }, changes.length === 0 ? 'risk file saved without changes' : 'risk file applied');
    options.onReload?.({ applied: true, changes, problems: [] });
  };

  const watcher: FSWatcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
    if (filename !== null && filename.toString() !== name) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
  });
  watcher.on('error', (error) => log.error({ err: error.message }, 'watching the risk file failed; reloads stop'));
  return {
    close(): void {
      if (timer !== undefined) clearTimeout(timer);
      watcher.close();
    },
  };
}
