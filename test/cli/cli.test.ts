import { spawn as spawnChild, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';

const FIXTURES = join(__dirname, '../fixtures/check');
const COVERED = join(FIXTURES, '01-cdktf-covered');
const UNCOVERED = join(FIXTURES, '03-cdktf-trace-name-case');
const ROOT = join(__dirname, '../..');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cts-audit-cli-'));
}

describe('exit codes', () => {
  test('0 when every event is covered, with the coverage matrix and a PASS summary on stdout', async () => {
    const r = await runCli(['check', 'cdktf.out'], { cwd: COVERED });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('listallNotebook');
    expect(r.stdout).toMatch(/PASS 22\/22 events covered in 1 region/);
  });

  test('1 when an event is not covered', async () => {
    const r = await runCli(['check', 'cdktf.out'], { cwd: UNCOVERED });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/FAIL 21\/22 events covered/);
    expect(r.stdout).toMatch(/differs\s+from "listallNotebook" only by case/);
  });

  test.each<[string, string[], string]>([
    ['a missing input', ['check', 'nope.json'], 'cts-audit: nope.json: no such file or folder\n'],
    [
      'an unknown format',
      ['check', 'cdktf.out', '--format', 'yaml'],
      'cts-audit: --format: unknown format "yaml"; use one of text, json, sarif, markdown, junit, html\n',
    ],
    [
      'an unknown table',
      ['check', 'cdktf.out', '--table', 'obs'],
      'cts-audit: obs: no bundled table of that name; bundled tables: audit-trail-tamper, modelarts-notebook; or give the path of a table file\n',
    ],
    [
      'a bad region',
      ['check', 'cdktf.out', '--region', 'Beijing'],
      'cts-audit: --region: must be a region name such as cn-north-4 (got "Beijing")\n',
    ],
    [
      'a bad retention',
      ['check', 'cdktf.out', '--retention-days', 'ten'],
      'cts-audit: --retention-days: Invalid input: expected number, received NaN (got "ten")\n',
    ],
    ['a missing waivers file', ['check', 'cdktf.out', '--waivers', 'w.json'], 'cts-audit: w.json: cannot read file (ENOENT)\n'],
    [
      'two outputs for one format',
      ['check', 'cdktf.out', '--format', 'json', '--output', 'a.json', '--output', 'b.json'],
      'cts-audit: --output: given twice for --format json; give a --format before each --output\n',
    ],
    [
      // BUG: the JSON report was silently replaced by the SARIF one.
      'two reports to one file',
      ['check', 'cdktf.out', '--format', 'json', '--output', 'r.out', '--format', 'sarif', '--output', './r.out'],
      'cts-audit: --output: ./r.out would hold both the json report and the sarif report; give each its own file\n',
    ],
    [
      // BUG: the report overwrote the input it checked.
      'a report over an input',
      ['check', 'cdktf.out', '--waivers', 'waivers.json', '--format', 'markdown', '--output', 'waivers.json'],
      'cts-audit: --output: waivers.json is an input of this check; write the markdown report elsewhere\n',
    ],
  ])('2 for %s, with one line and no stack trace', async (_name, argv, stderr) => {
    const r = await runCli(argv, { cwd: COVERED });
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr });
  });

  test("2 for an unknown option or command, with commander's one-line message", async () => {
    const r = await runCli(['check', 'cdktf.out', '--formt', 'json'], { cwd: COVERED });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("error: unknown option '--formt'");
    expect(r.stderr).toContain('--format');
    expect((await runCli(['chekc'], { cwd: COVERED })).exitCode).toBe(2);
    expect((await runCli(['check'], { cwd: COVERED })).stderr).toBe(
      'cts-audit: check: nothing to check: give paths (cdktf.out, a Terraform folder, plan or state JSON, a snapshot), or --live\n',
    );
  });

  test('a bad waiver names the file, the waiver and the problem', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'waivers.json'),
      JSON.stringify({ waivers: [{ id: 'ModelArts/Notebook/listNotebook', reason: 'short', expires: '2099-01-01' }] }),
    );
    const r = await runCli(['check', join(COVERED, 'cdktf.out'), '--waivers', 'waivers.json'], { cwd: dir });
    expect(r).toEqual({
      exitCode: 2,
      stdout: '',
      stderr:
        'cts-audit: waivers.json: waivers[0].reason (waiver "ModelArts/Notebook/listNotebook"): must explain the exception in at least 10 characters (got "short")\n',
    });
  });

  test('--help and --version exit 0', async () => {
    const help = await runCli(['check', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--format <format>');
    const version = await runCli(['--version']);
    expect(version).toEqual({
      exitCode: 0,
      stdout: `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`,
      stderr: '',
    });
  });
});

describe('reports', () => {
  test('several --format/--output pairs in one run, and a format without output on stdout', async () => {
    const dir = tempDir();
    const r = await runCli(
      [
        'check',
        join(UNCOVERED, 'cdktf.out'),
        '--format',
        'json',
        '--output',
        'report.json',
        '--format',
        'sarif',
        '--output',
        'report.sarif',
        '--format',
        'junit',
        '--output',
        'junit.xml',
        '--format',
        'markdown',
      ],
      { cwd: dir },
    );
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toMatchObject({ schemaVersion: 2, passed: false });
    expect(JSON.parse(readFileSync(join(dir, 'report.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuites');
    expect(r.stdout).toContain('FAIL');
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'report.json', 'report.sarif']);
  });

  test('--output alone writes the text report', async () => {
    const dir = tempDir();
    const r = await runCli(['check', join(COVERED, 'cdktf.out'), '--output', 'report.txt'], { cwd: dir });
    expect(r).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toContain('PASS');
  });

  test('nothing is half-written when one output cannot be written', async () => {
    const dir = tempDir();
    const r = await runCli(
      [
        'check',
        join(COVERED, 'cdktf.out'),
        '--format',
        'json',
        '--output',
        'ok.json',
        '--format',
        'sarif',
        '--output',
        'missing/dir/x.sarif',
      ],
      { cwd: dir },
    );
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^cts-audit: missing\/dir\/x\.sarif: cannot write the report \(ENOENT\)\n$/);
    expect(existsSync(join(dir, 'ok.json'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['missing'].filter((d) => existsSync(join(dir, d))));
  });

  test.each<[string, { isTTY: boolean; env: NodeJS.ProcessEnv; argv?: string[] }, boolean]>([
    ['colour on a terminal', { isTTY: true, env: {} }, true],
    ['no colour when stdout is not a terminal', { isTTY: false, env: {} }, false],
    ['no colour with NO_COLOR', { isTTY: true, env: { NO_COLOR: '1' } }, false],
    ['no colour with --no-color', { isTTY: true, env: {}, argv: ['--no-color'] }, false],
  ])('%s', async (_name, { isTTY, env, argv = [] }, coloured) => {
    const r = await runCli(['check', 'cdktf.out', ...argv], { cwd: COVERED, isTTY, env });
    expect(r.stdout.includes('\u001b[')).toBe(coloured);
  });

  test('paths in reports are relative to the working directory', async () => {
    const r = await runCli(['check', 'cdktf.out', '--format', 'json'], { cwd: COVERED });
    const verdict = JSON.parse(r.stdout);
    // With the files read to load the input and the SHA-256 of their bytes, as sha256sum gives it.
    const sha256 = (file: string) =>
      createHash('sha256')
        .update(readFileSync(join(COVERED, file)))
        .digest('hex');
    expect(verdict.inputs).toEqual([
      {
        file: 'cdktf.out/stacks/notebook-audit/cdk.tf.json',
        kind: 'synth',
        files: ['cdktf.out/manifest.json', 'cdktf.out/stacks/notebook-audit/cdk.tf.json'].map((file) => ({ file, sha256: sha256(file) })),
      },
    ]);
    expect(verdict.events[0].locations[0].source.file).toBe('cdktf.out/stacks/notebook-audit/cdk.tf.json');
  });

  test('rules lists every control', async () => {
    const r = await runCli(['rules']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('tracker-file-validation');
    expect(r.stdout).toContain('bucket-retention');
  });
});

describe('the built executable, spawned', () => {
  const bin = join(ROOT, 'dist/bin/cts-audit.js');
  const spawn = (args: string[], cwd: string) =>
    spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } });

  test.each<[string, string, string[], number]>([
    ['covered', COVERED, ['check', 'cdktf.out'], 0],
    ['uncovered', UNCOVERED, ['check', 'cdktf.out'], 1],
    ['bad input', COVERED, ['check', 'missing.json'], 2],
    ['bad usage', COVERED, ['check', '--nope'], 2],
  ])('exits with the right code: %s', (_name, cwd, args, code) => {
    const r = spawn(args, cwd);
    expect(r.status).toBe(code);
    if (code === 2) {
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  test('a reader that goes away (| head) ends the run quietly, with the verdict as exit code', async () => {
    const outcome = (cwd: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawnChild(process.execPath, [bin, 'check', 'cdktf.out', '--format', 'json'], {
          cwd,
          env: { PATH: process.env.PATH },
        });
        // Closed before the report is written: the report's first write fails with EPIPE.
        child.stdout.destroy();
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    expect(await outcome(COVERED)).toEqual({ code: 0, stderr: '' });
    expect(await outcome(UNCOVERED)).toEqual({ code: 1, stderr: '' });
  });

  test('--debug shows the stack trace of an input error', () => {
    const r = spawn(['check', 'missing.json', '--debug'], COVERED);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('variables, as Terraform takes them', () => {
  const HCL = join(__dirname, '../fixtures/hcl/14-tracker-disabled-by-variable');
  const off = () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'off.tfvars'), 'tracker_enabled = false\n');
    return dir;
  };
  const status = (stdout: string) => [
    ...new Set((JSON.parse(stdout) as { events: Array<{ status: string }> }).events.map((e) => e.status)),
  ];

  test('--var and --var-file in command-line order: the later wins', async () => {
    const dir = off();
    const fileLast = await runCli(
      ['check', join(HCL, 'infra'), '--var', 'tracker_enabled=true', '--var-file', 'off.tfvars', '--format', 'json'],
      { cwd: dir },
    );
    expect([fileLast.exitCode, status(fileLast.stdout)]).toEqual([1, ['uncovered']]);
    const varLast = await runCli(
      ['check', join(HCL, 'infra'), '--var-file', 'off.tfvars', '--var=tracker_enabled=true', '--format', 'json'],
      { cwd: dir },
    );
    expect([varLast.exitCode, status(varLast.stdout)]).toEqual([0, ['covered']]);
  });

  test('TF_VAR_ environment variables count, below --var', async () => {
    const fromEnv = await runCli(['check', join(HCL, 'infra'), '--format', 'json'], { env: { TF_VAR_tracker_enabled: 'true' } });
    expect([fromEnv.exitCode, status(fromEnv.stdout)]).toEqual([0, ['covered']]);
    const overridden = await runCli(['check', join(HCL, 'infra'), '--var', 'tracker_enabled=false', '--format', 'json'], {
      env: { TF_VAR_tracker_enabled: 'true' },
    });
    expect(overridden.exitCode).toBe(1);
  });

  test('a --var that no configuration declares is an error, naming it (a typo must not pass silently)', async () => {
    const r = await runCli(['check', join(HCL, 'infra'), '--var', 'tracker_enabeld=true']);
    expect(r).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'cts-audit: --var: tracker_enabeld: no configuration input declares this variable\n',
    });
    const plan = await runCli(['check', join(FIXTURES, '05-plan-child-module-covered/plan.json'), '--var', 'x=1']);
    expect(plan.stderr).toBe(
      'cts-audit: --var: x: applies to configuration inputs (cdktf output, Terraform folders): no input given is one\n',
    );
  });
});
