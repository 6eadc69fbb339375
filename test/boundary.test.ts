import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? tsFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

test('only lib/constructs (and the default app) import cdktf or constructs', () => {
  const offenders = tsFiles(join(ROOT, 'lib'))
    .filter((f) => !relative(ROOT, f).startsWith('lib/constructs/'))
    .filter((f) => /from '(cdktf|constructs)(\/[^']*)?'|require\('(cdktf|constructs)/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(ROOT, f));
  expect(offenders).toEqual([]);
});

test("the CLI loads neither cdktf nor the live check's SDK nor the HCL and HTML parsers until a command needs them", () => {
  const loaded = execFileSync(
    process.execPath,
    ['-e', `require(${JSON.stringify(join(ROOT, 'dist/lib/cli/index.js'))}); console.log(JSON.stringify(Object.keys(require.cache)))`],
    { encoding: 'utf8' },
  );
  const heavy = (JSON.parse(loaded) as string[]).filter((m) =>
    /node_modules\/(cdktf|constructs|@huaweicloud|axios|log4js|@cdktf\/hcl2json|htmlparser2)\//.test(m),
  );
  expect(heavy).toEqual([]);
});

test('loading the package entry point loads neither cdktf nor constructs', () => {
  // `npm test` builds dist/ first; this is what an installed package runs.
  const loaded = execFileSync(
    process.execPath,
    ['-e', `require(${JSON.stringify(join(ROOT, 'dist/lib/index.js'))}); console.log(JSON.stringify(Object.keys(require.cache)))`],
    { encoding: 'utf8' },
  );
  const modules = JSON.parse(loaded) as string[];
  expect(modules.filter((m) => /node_modules\/(cdktf|constructs)\//.test(m))).toEqual([]);
  expect(modules.some((m) => m.includes('node_modules/zod/'))).toBe(true);
});

// ---------------------------------------------------------------------------
// The import graph of lib/: no cycle, and every import pointing down
// ---------------------------------------------------------------------------

/**
 * What each folder of lib/ may import besides its own modules. The data flows one way: inputs → load (files) or
 * live (the account, kept as a snapshot) → model → evaluate → verdict → reporters → CLI; load and evaluate meet
 * only in the model, and nothing imports the CLI but the package entry. `base` is lib/errors.ts, lib/json.ts and
 * lib/digest.ts; `index` is the package entry, lib/index.ts. The constructs stand beside: they check a synthesized
 * stack with the checker's pure parts (reading its configuration, evaluating it) and use nothing else of it.
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  base: [],
  policy: ['base'],
  model: ['base', 'policy'],
  // The record of the live API's answers and its conversion to the model: the live check writes it, the loaders read it back.
  snapshot: ['base', 'policy', 'model'],
  load: ['base', 'policy', 'model', 'snapshot'],
  live: ['base', 'policy', 'model', 'snapshot'],
  evaluate: ['base', 'policy', 'model'],
  report: ['base', 'policy', 'model', 'evaluate'],
  cli: ['base', 'policy', 'model', 'snapshot', 'load', 'live', 'evaluate', 'report'],
  index: ['base', 'policy', 'model', 'snapshot', 'load', 'live', 'evaluate', 'report', 'cli'],
  constructs: ['base', 'policy', 'model', 'load', 'evaluate'],
};

/** The folder (or root file) a module of lib/ belongs to: `load` for lib/load/hcl.ts, `model` for lib/model.ts. */
function unitOf(file: string): string {
  const [, first, second] = file.split('/');
  if (second !== undefined) return first;
  const name = first.replace(/\.ts$/, '');
  return ['errors', 'json', 'digest'].includes(name) ? 'base' : name;
}

/**
 * Every module of lib/ with the modules of lib/ it imports, as paths from the repository's root: static imports,
 * type-only imports, re-exports, `import()` (expressions and types) and `require()`, read by TypeScript's parser.
 */
function libImports(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of tsFiles(join(ROOT, 'lib'))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const imported = new Set<string>();
    const visit = (node: ts.Node): void => {
      let specifier: ts.Expression | undefined;
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) specifier = node.moduleSpecifier;
      else if (
        ts.isCallExpression(node) &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword || node.expression.getText() === 'require')
      ) {
        specifier = node.arguments[0];
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) specifier = node.argument.literal;
      if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) {
        imported.add(relative(ROOT, resolveModule(resolve(dirname(file), specifier.text))));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    graph.set(relative(ROOT, file), [...imported]);
  }
  return graph;
}

/** `./x` is `./x.ts`, else `./x/index.ts`; anything else is named as written, so that a test says which. */
function resolveModule(path: string): string {
  return [`${path}.ts`, join(path, 'index.ts')].find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? path;
}

/** The import cycles: each set of modules that reach one another (Tarjan's strongly connected components), sorted. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component = stack.splice(stack.indexOf(v));
      if (component.length > 1 || graph.get(v)?.includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}

/** Each import {@link MAY_IMPORT} does not allow, and each module of a folder it does not name, as `from -> to: why`. */
function layerViolations(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const [from, imports] of graph) {
    const unit = unitOf(from);
    const allowed = Object.prototype.hasOwnProperty.call(MAY_IMPORT, unit) ? MAY_IMPORT[unit] : undefined;
    if (!allowed) {
      out.push(`${from}: lib/${unit} is not in MAY_IMPORT; say what it may import`);
      continue;
    }
    for (const to of imports) {
      const target = unitOf(to);
      if (target !== unit && !allowed.includes(target)) out.push(`${from} -> ${to}: ${unit} may not import ${target}`);
    }
  }
  return out.sort();
}

test('the import graph of lib/ holds static, type-only, dynamic and re-exporting imports', () => {
  const graph = libImports();
  expect(graph.get('lib/cli/index.ts')).toContain('lib/cli/check.ts');
  // import type { Verdict } from '../evaluate/verdict'
  expect(graph.get('lib/report/common.ts')).toContain('lib/evaluate/verdict.ts');
  // await import('../live'), and import('../live').Snapshot as a type
  expect(graph.get('lib/cli/check.ts')).toContain('lib/live/index.ts');
  // export type { RuleInfo, Severity } from '../policy/controls'
  expect(graph.get('lib/evaluate/verdict.ts')).toContain('lib/policy/controls.ts');
});

test('no module of lib/ reaches itself through its imports', () => {
  expect(importCycles(libImports())).toEqual([]);
});

test('lib/ imports only downward: policy <- model <- load (snapshot, live) and evaluate <- report <- cli', () => {
  // The rule itself flows one way.
  expect(importCycles(new Map(Object.entries(MAY_IMPORT)))).toEqual([]);
  expect(layerViolations(libImports())).toEqual([]);
});

test('the checks of the import graph find a cycle, an import from a higher layer or a sibling, and a folder with no rule', () => {
  const graph = new Map<string, string[]>([
    ['lib/load/a.ts', ['lib/load/b.ts', 'lib/model.ts']],
    ['lib/load/b.ts', ['lib/load/a.ts', 'lib/evaluate/c.ts', 'lib/live/d.ts']],
    ['lib/evaluate/c.ts', ['lib/evaluate/c.ts']],
    ['lib/evaluate/h.ts', ['lib/load/a.ts', 'lib/model.ts']],
    ['lib/live/d.ts', ['lib/json.ts']],
    ['lib/model.ts', []],
    ['lib/json.ts', []],
    ['lib/constructs/e.ts', ['lib/evaluate/c.ts', 'lib/report/f.ts']],
    ['lib/report/f.ts', ['lib/constructs/e.ts']],
    ['lib/extra/g.ts', []],
  ]);
  expect(importCycles(graph)).toEqual([
    ['lib/constructs/e.ts', 'lib/report/f.ts'],
    ['lib/evaluate/c.ts'],
    ['lib/load/a.ts', 'lib/load/b.ts'],
  ]);
  expect(layerViolations(graph)).toEqual([
    'lib/constructs/e.ts -> lib/report/f.ts: constructs may not import report',
    'lib/evaluate/h.ts -> lib/load/a.ts: evaluate may not import load',
    'lib/extra/g.ts: lib/extra is not in MAY_IMPORT; say what it may import',
    'lib/load/b.ts -> lib/evaluate/c.ts: load may not import evaluate',
    'lib/load/b.ts -> lib/live/d.ts: load may not import live',
    'lib/report/f.ts -> lib/constructs/e.ts: report may not import constructs',
  ]);
});
