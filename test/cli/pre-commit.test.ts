import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkArgv, terraformFolders, worstExit } from '../../lib/cli/pre-commit';
import { runCli } from './run-cli';

const HCL = join(__dirname, '../fixtures/hcl');

describe('cts-audit pre-commit', () => {
  test("checks the folder of each Terraform file given, once, on its own; the worst exit code is the hook's", async () => {
    const r = await runCli(
      [
        'pre-commit',
        '01-single-main-covered/infra/main.tf',
        'README.md',
        '14-tracker-disabled-by-variable/infra/main.tf',
        '14-tracker-disabled-by-variable/infra/terraform.tfvars',
        '01-single-main-covered/infra/main.tf',
      ],
      { cwd: HCL },
    );
    expect(r.exitCode).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('cts-audit: ') || /^(PASS|FAIL) /.test(l))).toEqual([
      'cts-audit: checking 01-single-main-covered/infra',
      'PASS 22/22 events covered in 1 region; no findings',
      'cts-audit: checking 14-tracker-disabled-by-variable/infra',
      'FAIL 0/22 events covered in 1 region; 22 uncovered; no findings',
    ]);
    expect(r.stderr).toBe('');
  });

  test('passes the options on to each check', async () => {
    const r = await runCli(['pre-commit', '--region', 'ap-southeast-1', '--no-color', '01-single-main-covered/infra/main.tf'], {
      cwd: HCL,
    });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('FAIL 0/22 events covered in 1 region; 22 uncovered');
  });

  test('nothing to check passes, saying so; an unreadable folder is exit 2, over a failed policy', async () => {
    const none = await runCli(['pre-commit', 'README.md', 'docs/x.md'], { cwd: HCL });
    expect(none).toEqual({
      exitCode: 0,
      stdout: 'cts-audit: no Terraform configuration among the files given: nothing to check\n',
      stderr: '',
    });
    const bad = await runCli(['pre-commit', '--var', 'undeclared=1', '14-tracker-disabled-by-variable/infra/main.tf'], { cwd: HCL });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe('cts-audit: --var: undeclared: no configuration input declares this variable\n');
    expect(worstExit([0, 1, 2, 1])).toBe(2);
    expect(worstExit([0, 1, 0])).toBe(1);
    expect(worstExit([])).toBe(0);
  });

  test('the folders: Terraform files only, a folder of variables files only is not one, each folder once', () => {
    expect(
      terraformFolders(
        [
          '01-single-main-covered/infra/main.tf',
          'x/y.tfvars',
          '02-variables-locals-tfvars/infra/terraform.tfvars',
          '12-tf-json-mixed/infra/a.tf.json',
          'a.md',
          './01-single-main-covered/infra/other.tf',
        ],
        HCL,
      ),
    ).toEqual(['01-single-main-covered/infra', '02-variables-locals-tfvars/infra', '12-tf-json-mixed/infra']);
    expect(
      checkArgv('infra', {
        table: ['t'],
        region: ['r'],
        waivers: 'w.json',
        retentionDays: '365',
        var: ['a=1'],
        varFile: ['p.tfvars'],
        color: false,
      }),
    ).toEqual([
      'check',
      'infra',
      '--table',
      't',
      '--region',
      'r',
      '--waivers',
      'w.json',
      '--retention-days',
      '365',
      '--var-file',
      'p.tfvars',
      '--var',
      'a=1',
      '--no-color',
    ]);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = () => parse(readFileSync(join(__dirname, '../../.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;

  test("declares the hook as pre-commit reads it: a node hook whose entry is this package's command", () => {
    const [hook] = hooks();
    expect(hooks()).toHaveLength(1);
    expect(hook).toMatchObject({ id: 'cts-audit', name: 'cts-audit', language: 'node', entry: 'cts-audit pre-commit' });
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(String(hook.entry).split(' ')[0]);
    // Only the keys pre-commit knows.
    const known = [
      'id',
      'name',
      'entry',
      'language',
      'files',
      'exclude',
      'types',
      'types_or',
      'exclude_types',
      'always_run',
      'fail_fast',
      'verbose',
      'pass_filenames',
      'require_serial',
      'description',
      'language_version',
      'minimum_pre_commit_version',
      'args',
      'stages',
      'additional_dependencies',
      'log_file',
    ];
    expect(Object.keys(hook).filter((k) => !known.includes(k))).toEqual([]);
  });

  test('its files pattern is the one the command reads', () => {
    const files = new RegExp(String(hooks()[0].files));
    const names = ['main.tf', 'a/b.tf.json', 'prod.tfvars', 'x.tfvars.json', 'main.tf.bak', 'README.md', 'tf'];
    expect(names.filter((n) => files.test(n))).toEqual(['main.tf', 'a/b.tf.json', 'prod.tfvars', 'x.tfvars.json']);
  });
});
