import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { ValidationError } from '../../core/index.js';
import { formatKeyPath, parseRiskConfig, riskConfigProblems, type RiskConfig } from '../../risk/index.js';

/** One problem with a risk file: where (key path, line, column) and what. */
export interface RiskFileProblem {
  readonly path: readonly (string | number)[];
  /** 1-based; absent when the key is missing from the file altogether. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
  /** `file:line:col: key.path: message` */
  readonly text: string;
}

export type RiskFileResult =
  | { readonly ok: true; readonly config: RiskConfig; readonly text: string }
  | { readonly ok: false; readonly problems: readonly RiskFileProblem[]; readonly text: string | undefined };

/**
 * Parse `risk_rules.yaml` text: YAML syntax first (duplicate keys are errors), then the risk schema. Every
 * problem names its key path and the line it is on. An empty file is the defaults.
 */
export function parseRiskYaml(text: string, fileName: string): RiskFileResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error) => {
      const at = error.linePos?.[0];
      const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return problem(fileName, [], message, at?.line, at?.col);
    });
    return { ok: false, problems, text };
  }
  const raw: unknown = doc.toJS() ?? {};
  const issues = riskConfigProblems(raw);
  if (issues.length > 0) {
    const problems = issues.map((issue) => {
      const offset = locate(doc.contents, issue.path);
      const at = offset === undefined ? undefined : lines.linePos(offset);
      return problem(fileName, issue.path, issue.message, at?.line, at?.col);
    });
    return { ok: false, problems, text };
  }
  return { ok: true, config: parseRiskConfig(raw), text };
}

/** Read and parse a risk file; a missing or unreadable file is a problem like any other. */
export function readRiskFile(path: string): RiskFileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [problem(path, [], reason, undefined, undefined)], text: undefined };
  }
  return parseRiskYaml(text, path);
}

/** Load a risk file or throw a ValidationError listing every problem (for startup and `backtest --risk`). */
export function loadRiskFile(path: string): RiskConfig {
  const result = readRiskFile(path);
  if (result.ok) return result.config;
  const problems = result.problems.map((p) => p.text);
  throw new ValidationError(`invalid risk file ${path}:\n  ${problems.join('\n  ')}`, { problems });
}

function problem(file: string, path: readonly (string | number)[], message: string, line: number | undefined, column: number | undefined): RiskFileProblem {
  const where = line === undefined ? file : `${file}:${line}:${column ?? 1}`;
  const key = path.length === 0 ? '' : `${formatKeyPath(path)}: `;
  return { path, message, text: `${where}: ${key}${message}`, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) };
}

/** Offset of the deepest node of `path` present in the document (the key itself when it names a map entry). */
function locate(node: YamlNode | null, path: readonly (string | number)[]): number | undefined {
  let current: unknown = node;
  let offset: number | undefined = node?.range?.[0];
  for (const segment of path) {
    if (isMap(current)) {
      const pair = current.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) return offset;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      current = pair.value;
      if (isScalar(current) && path[path.length - 1] === segment) offset = current.range?.[0] ?? offset;
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment];
      if (item === undefined) return offset;
      offset = (item as YamlNode).range?.[0] ?? offset;
      current = item;
    } else {
      return offset;
    }
  }
  return offset;
}
