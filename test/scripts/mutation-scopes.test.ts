import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const { SCOPES, EXCLUDED_TESTS, selectScope } = require('../../scripts/mutation-scopes.js') as {
  SCOPES: Record<string, { mutate: string[]; tests: string[] }>;
  EXCLUDED_TESTS: string[];
  selectScope: (name?: string) => { name: string; mutate: string[]; tests: string[]; concurrency: number; ignoreStatic: boolean };
};

const ROOT = join(__dirname, '../..');

describe('mutation scopes', () => {
  test('every file of lib/load but the parser plumbing is mutated by exactly one of its three scopes', () => {
    const files = readdirSync(join(ROOT, 'lib/load'))
      .filter((f) => f.endsWith('.ts') && f !== 'hcl-parser.ts')
      .map((f) => `lib/load/${f}`)
      .sort();
    const parts = [...SCOPES['load-config'].mutate, ...SCOPES['load-hcl'].mutate, ...SCOPES['load-show'].mutate];
    expect([...parts].sort()).toEqual(files);
    expect(new Set(parts).size).toBe(parts.length);
  });

  test.each<[string, string[]]>([
    ['load', ['load-config', 'load-hcl', 'load-show']],
    ['load-inputs', ['load-hcl', 'load-show']],
  ])('%s is its scopes, with their tests, under its own name (its own report and incremental file)', (name, parts) => {
    const scope = selectScope(name);
    expect(scope.name).toBe(name);
    expect(scope.mutate).toEqual(parts.flatMap((p) => SCOPES[p].mutate));
    expect(scope.tests).toEqual(SCOPES['load-config'].tests);
    expect([scope.concurrency, scope.ignoreStatic]).toEqual([2, true]);
  });

  test('all scopes at once mutate each file once; an unknown scope is refused, naming the known ones', () => {
    const all = selectScope();
    expect(all.name).toBe('all');
    expect(new Set(all.mutate).size).toBe(all.mutate.length);
    expect(() => selectScope('lod')).toThrow(
      /MUTATION_SCOPE=lod: not a scope; use one of .*load-config, load-hcl, load-show.*, load, load-inputs$/,
    );
  });

  test('the excluded test is one no scope runs by name', () => {
    for (const scope of Object.values(SCOPES)) for (const excluded of EXCLUDED_TESTS) expect(scope.tests).not.toContain(excluded);
  });
});
