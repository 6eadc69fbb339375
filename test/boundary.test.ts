import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

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
