import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors';
import { readJsonFile } from '../json';
import { OperationsTable, TABLE_KIND, parseTable } from './table';

/** The table the constructs and the checker use when none is named. */
export const DEFAULT_TABLE = 'modelarts-notebook';

/**
 * The package's `policies/` folder. Found by walking up from this file, so
 * it works from the TypeScript sources, from `dist/`, and from an installed
 * package alike.
 */
export function policiesDir(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'policies'))) return join(dir, 'policies');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cts-audit: cannot find the policies/ folder above ${__dirname}`);
    dir = parent;
  }
}

/**
 * Loads every traced-operations table in a folder (default: the bundled
 * `policies/`). A file is a table when its `kind` says so; other policy
 * files are skipped. A table whose `id` differs from its file name is an
 * error, because `--table NAME` looks tables up by file name.
 */
export function loadTablesIn(dir: string = policiesDir()): OperationsTable[] {
  const tables: OperationsTable[] = [];
  for (const entry of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const file = join(dir, entry);
    const data = readJsonFile(file);
    if ((data as { kind?: unknown } | null)?.kind !== TABLE_KIND) continue;
    const table = parseTable(data, file);
    const stem = basename(entry, '.json');
    if (table.id !== stem) {
      throw new InputError(file, 'id', `is "${table.id}" but the file is named "${entry}"; make them match`);
    }
    tables.push(table);
  }
  return tables;
}

/**
 * Resolves `--table NAME|FILE`: a path to a table file (anything containing
 * a path separator or ending in `.json`), else the name of a bundled table.
 */
export function resolveTable(nameOrFile: string): OperationsTable {
  if (/[\\/]/.test(nameOrFile) || nameOrFile.endsWith('.json')) {
    const file = resolve(nameOrFile);
    return parseTable(readJsonFile(file), nameOrFile);
  }
  const file = join(policiesDir(), `${nameOrFile}.json`);
  if (!existsSync(file)) {
    const known = loadTablesIn().map((t) => t.id);
    throw new InputError(
      nameOrFile,
      '',
      `no bundled table of that name; bundled tables: ${known.join(', ')}; or give the path of a table file`,
    );
  }
  return parseTable(readJsonFile(file), file);
}

/** The bundled ModelArts notebook table. */
export function defaultTable(): OperationsTable {
  return resolveTable(DEFAULT_TABLE);
}
