import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Every module the compiled file at `url` imports, following relative imports; bare specifiers as given. */
function importGraph(url: URL): { readonly files: string[]; readonly packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: URL): void => {
    const path = fileURLToPath(file);
    if (files.has(path)) return;
    files.add(path);
    const source = readFileSync(path, 'utf8');
    for (const match of source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm)) {
      const specifier = match[1] ?? match[2]!;
      if (specifier.startsWith('.')) visit(new URL(specifier, file));
      else packages.add(specifier);
    }
  };
  visit(url);
  return { files: [...files], packages: [...packages] };
}

describe('the SQLite writer thread', () => {
  it('loads only the writer, its protocol and better-sqlite3, not core (it starts with every node and holds its own heap)', () => {
    const { files, packages } = importGraph(new URL('./sqliteWriterWorker.js', import.meta.url));
    assert.ok(files.some((file) => file.endsWith('SqliteEventWriter.js')), 'the graph is followed');
    assert.deepEqual(files.filter((file) => !/[/\\]adapters[/\\]stores[/\\]/.test(file)), []);
    assert.deepEqual(packages.filter((name) => !name.startsWith('node:')).sort(), ['better-sqlite3']);
  });
});
