import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../core/index.js';
import { authDataSchema, type AuthData, type AuthStore } from '../../api/index.js';
import { writeFileAtomic } from '../writeFileAtomic.js';

export const AUTH_FILE_NAME = 'auth.json';

/** `<home>/auth.json`: where the node keeps its users, API key hashes and token secret. */
export function authFilePath(home: string): string {
  return join(home, AUTH_FILE_NAME);
}

/**
 * The AuthStore of a node: one JSON file (normally `$FORTRESS_HOME/auth.json`), written atomically and readable
 * by its owner only (0600: it holds the token signing secret). Validated when read: a corrupt file stops the
 * node with a message naming the file and the field, rather than locking everyone out or letting anyone in.
 */
export class FileAuthStore implements AuthStore {
  constructor(readonly path: string) {}

  load(): AuthData | undefined {
    if (!existsSync(this.path)) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      throw new ValidationError(`${this.path}: not valid JSON (${(error as Error).message}); restore it from a backup or delete it to start over with no users`, { file: this.path });
    }
    const parsed = authDataSchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
      throw new ValidationError(`${this.path}: ${problems.join('; ')}`, { file: this.path, field: parsed.error.issues[0]?.path.join('.') ?? '' });
    }
    return parsed.data;
  }

  save(data: AuthData): void {
    writeFileAtomic(this.path, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  }
}
