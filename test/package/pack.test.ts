/**
 * The published package, used as a new user would: `npm pack`, install the
 * tarball into an empty project offline (`npm ci --offline`, from the npm
 * cache that this repository's `npm ci` filled, with a lockfile written from
 * ours: lockfile.ts), synthesize a stack that uses NotebookAudit from it, and
 * run its `cts-audit` binary on the result.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { consumerLockfile } from './lockfile';

const ROOT = join(__dirname, '../..');
const npm = (args: string[], cwd: string) =>
  spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });

describe('the packed package', () => {
  const work = mkdtempSync(join(tmpdir(), 'cts-audit-pack-'));
  let tarball = '';
  let files: string[] = [];

  beforeAll(() => {
    // --ignore-scripts: prepack would rebuild dist/ under the other test files running now; `npm test` built it.
    const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    expect(packed.status).toBe(0);
    const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(work, info[0].filename);
    files = info[0].files.map((f) => f.path);
  }, 120000);

  test('holds the library, its types, the CLI and the policies, and nothing else', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/lib/index.js',
        'dist/lib/index.d.ts',
        'dist/lib/constructs/index.js',
        'dist/bin/cts-audit.js',
        'policies/modelarts-notebook.json',
        'policies/controls.json',
        'schemas/operations-table.schema.json',
      ]),
    );
    expect(files.filter((f) => /^(test|lib|bin|scripts|providers|docs)\/|\.ts$(?<!\.d\.ts)|\.map$|fixtures|cdktf\.out/.test(f))).toEqual(
      [],
    );
  });

  test('installs offline into an empty project, synthesizes NotebookAudit, and checks the result', () => {
    const app = join(work, 'consumer');
    mkdirSync(app);
    const { lock, dependencies } = consumerLockfile(
      ROOT,
      { path: tarball, relative: `../${basename(tarball)}` },
      { cdktf: '0.21.0', constructs: '10.4.2' },
    );
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies }, null, 2));
    writeFileSync(join(app, 'package-lock.json'), JSON.stringify(lock, null, 2));
    const installed = npm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], app);
    expect({ status: installed.status, stderr: installed.status === 0 ? '' : installed.stderr }).toEqual({ status: 0, stderr: '' });
    // What was installed is what the lockfile says: the package and its few runtime dependencies, nothing from our devDependencies.
    const tree = JSON.parse(npm(['ls', '--all', '--json'], app).stdout) as { dependencies: Record<string, { version: string }> };
    expect(Object.fromEntries(Object.entries(tree.dependencies).map(([n, d]) => [n, d.version]))).toEqual({
      'cts-audit': '0.1.0',
      cdktf: '0.21.0',
      constructs: '10.4.2',
    });

    writeFileSync(
      join(app, 'main.js'),
      `
const { App, TerraformStack } = require('cdktf');
const { NotebookAudit } = require('cts-audit/constructs');
const app = new App({ outdir: 'cdktf.out' });
const stack = new TerraformStack(app, 'audit');
new NotebookAudit(stack, 'Audit', { regions: ['cn-north-4'], subscriptions: [{ protocol: 'email', endpoint: 'secops@example.com' }] });
app.synth();
`,
    );
    execFileSync(process.execPath, ['main.js'], { cwd: app });
    const checked = spawnSync(join(app, 'node_modules/.bin/cts-audit'), ['check', 'cdktf.out', '--format', 'json'], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(checked.status).toBe(0);
    const verdict = JSON.parse(checked.stdout);
    expect([verdict.passed, verdict.summary.events.covered]).toEqual([true, 22]);

    // Plain Terraform input works from the installed package too (its HCL parser is a dependency).
    const hcl = spawnSync(
      join(app, 'node_modules/.bin/cts-audit'),
      ['check', join(ROOT, 'test/fixtures/hcl/01-single-main-covered/infra'), '--format', 'json'],
      { cwd: app, encoding: 'utf8' },
    );
    expect({ status: hcl.status, stderr: hcl.stderr }).toEqual({ status: 0, stderr: '' });

    // The library entry works without cdktf being required by it.
    const version = execFileSync(
      process.execPath,
      ['-e', "const c = require('cts-audit'); console.log(typeof c.evaluate, c.defaultTable().id)"],
      { cwd: app, encoding: 'utf8' },
    );
    expect(version.trim()).toBe('function modelarts-notebook');
    expect(JSON.parse(readFileSync(join(app, 'node_modules/cts-audit/package.json'), 'utf8')).bin).toEqual({
      'cts-audit': 'dist/bin/cts-audit.js',
    });
  }, 180000);
});
