import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const { SCOPES, EXCLUDED_TESTS, selectScope } = require('../../scripts/mutation-scopes.js') as {
  SCOPES: Record<string, { mutate: string[]; tests: string[] }>;
  EXCLUDED_TESTS: string[];
  selectScope: (name?: string) => { name: string; mutate: string[]; tests: string[]; concurrency: number; ignoreStatic: boolean };
};

const ROOT = join(__dirname, '../..');

describe('mutation scopes', () => {
  test('every file of lib/load but the parser plumbing is mutated by exactly one of its two scopes', () => {
    const files = readdirSync(join(ROOT, 'lib/load'))
      .filter((f) => f.endsWith('.ts') && f !== 'hcl-parser.ts')
      .map((f) => `lib/load/${f}`)
      .sort();
    const halves = [...SCOPES['load-config'].mutate, ...SCOPES['load-inputs'].mutate];
    expect([...halves].sort()).toEqual(files);
    expect(new Set(halves).size).toBe(halves.length);
  });

  test('load is both halves, with their tests, under its own name (its own report and incremental file)', () => {
    const load = selectScope('load');
    expect(load.name).toBe('load');
    expect(load.mutate).toEqual([...SCOPES['load-config'].mutate, ...SCOPES['load-inputs'].mutate]);
    expect(load.tests).toEqual(SCOPES['load-config'].tests);
    expect([load.concurrency, load.ignoreStatic]).toEqual([2, true]);
  });

  test('all scopes at once mutate each file once; an unknown scope is refused, naming the known ones', () => {
    const all = selectScope();
    expect(all.name).toBe('all');
    expect(new Set(all.mutate).size).toBe(all.mutate.length);
    expect(() => selectScope('lod')).toThrow(/MUTATION_SCOPE=lod: not a scope; use one of .*load-config, load-inputs.*, load$/);
  });

  test('the excluded test is one no scope runs by name', () => {
    for (const scope of Object.values(SCOPES)) for (const excluded of EXCLUDED_TESTS) expect(scope.tests).not.toContain(excluded);
  });
});
