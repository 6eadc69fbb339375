/**
 * The GitHub Action (action.yml and action/), tested offline:
 * - its manifest: a composite action whose inputs are documented, whose
 *   steps read only inputs it declares and outputs its check step writes,
 *   and whose actions are pinned;
 * - its inputs map to a valid command line: each is run through the CLI;
 * - its check step (action/check.js) runs the built checker on fixtures and
 *   hands on the exit code, the reports and the job summary;
 * - its comment (action/comment.js) against a fake GitHub client: one
 *   comment, created, then updated;
 * - the whole composite, simulated for exit codes 0, 1 and 2: what runs, and
 *   whether the step fails;
 * - its build (action/install.sh), from the npm cache, offline.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { run } from '../../lib/cli';
import { MARKDOWN_MARKER } from '../../lib/report/markdown';
import { condition, evaluateExpression, substituteExpressions, type SimState } from '../docs/github-expressions';

type Json = Record<string, unknown>;
const ROOT = join(__dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/check');
const CLI = join(ROOT, 'dist/bin/cts-audit.js');

const check = require('../../action/check.js') as {
  commandLine: (inputs: Record<string, string | undefined>) => string[];
  list: (v: string) => string[];
  words: (v: string) => string[];
};
const comment = require('../../action/comment.js') as ((args: Json) => Promise<Json>) & { MARKER: string; body: (a: Json) => string };

const manifest = () => parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Json;
const steps = () => ((manifest().runs as Json).steps as Json[]) ?? [];
const defaults = () =>
  Object.fromEntries(Object.entries(manifest().inputs as Record<string, Json>).map(([k, v]) => [k, String(v.default ?? '')]));

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cts-audit-action-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs a command line through the CLI in a folder; returns its exit code and what it wrote to stderr. */
async function runIn(dir: string, argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await run(argv, {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    isTTY: false,
    env: {},
    cwd: dir,
    now: () => new Date('2026-11-25T12:00:00Z'),
  });
  return { code, stderr };
}

/** A workspace holding small inputs of the names the tests use. */
function workspace(): string {
  const dir = mkdtempSync(join(scratch, 'ws-'));
  cpSync(join(FIXTURES, '01-cdktf-covered/cdktf.out'), join(dir, 'cdktf.out'), { recursive: true });
  cpSync(join(FIXTURES, '15-state-notification-disabled/state.json'), join(dir, 'disabled.json'));
  cpSync(join(FIXTURES, '17-waiver-valid/state.json'), join(dir, 'state.json'));
  cpSync(join(FIXTURES, '17-waiver-valid/waivers.json'), join(dir, 'waivers.json'));
  return dir;
}

describe('action.yml', () => {
  test('is a composite action whose every input and output is described', () => {
    const m = manifest();
    expect((m.runs as Json).using).toBe('composite');
    expect(typeof m.description).toBe('string');
    for (const [name, input] of Object.entries({ ...(m.inputs as Record<string, Json>), ...(m.outputs as Record<string, Json>) })) {
      expect({ name, described: typeof input.description === 'string' && (input.description as string).length > 10 }).toEqual({
        name,
        described: true,
      });
    }
  });

  test('reads only inputs it declares and outputs its check step writes', () => {
    const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    const declared = Object.keys(manifest().inputs as Json);
    const read = [...new Set([...text.matchAll(/\binputs\.([\w-]+)/g)].map((m) => m[1]))];
    expect(read.filter((i) => !declared.includes(i))).toEqual([]);
    expect(declared.filter((i) => !read.includes(i))).toEqual([]);
    const written = ['exit-code', 'passed', 'report-dir', 'markdown', 'sarif', 'json', 'html', 'junit', 'text'];
    const used = [...new Set([...text.matchAll(/\bsteps\.check\.outputs\.([\w-]+)/g)].map((m) => m[1]))];
    expect(used.filter((o) => !written.includes(o))).toEqual([]);
  });

  test('pins every action it uses to a major version, and runs its scripts with bash', () => {
    for (const step of steps()) {
      if (step.uses) expect(String(step.uses)).toMatch(/^[\w.-]+\/[\w./-]+@v\d+$/);
      if (step.run) expect(step.shell).toBe('bash');
    }
  });

  test('the marker of its comment is the one the Markdown report starts with', () => {
    expect(comment.MARKER).toBe(MARKDOWN_MARKER);
  });
});

describe('docs/ci/github-action.yml, the workflow that uses the action', () => {
  const text = () => readFileSync(join(ROOT, 'docs/ci/github-action.yml'), 'utf8');
  const uses = (step: Json) => String(step.uses ?? '').startsWith('OWNER/cts-audit@');

  test('synthesizes, then uses the action, with the permissions its upload and comment need', () => {
    const doc = parse(text()) as Json;
    expect(doc.permissions).toEqual({ contents: 'read', 'security-events': 'write', 'pull-requests': 'write' });
    const jobSteps = ((doc.jobs as Record<string, Json>).check.steps as Json[]) ?? [];
    const at = jobSteps.findIndex(uses);
    expect(at).toBeGreaterThan(jobSteps.findIndex((s) => /cdktf synth/.test(String(s.run))));
    expect(String(jobSteps[at].uses)).toMatch(/@v\d+$/);
  });

  test('names only inputs the action has, in the step and in its commented-out examples', () => {
    const declared = Object.keys(manifest().inputs as Json);
    const fromAction = text().slice(text().indexOf('- uses: OWNER/cts-audit@'));
    const keys = [...fromAction.matchAll(/^\s*#?\s*(?:- )?([a-z][\w-]*):\s/gm)]
      .map((m) => m[1])
      .filter((k) => !['uses', 'with'].includes(k));
    expect(keys.length).toBeGreaterThanOrEqual(6);
    expect(keys.filter((k) => !declared.includes(k))).toEqual([]);
  });
});

describe('the command line of the inputs', () => {
  test('defaults: cdktf.out, the text report to the log, Markdown, SARIF and HTML to files', () => {
    expect(check.commandLine({ paths: 'cdktf.out', formats: 'sarif html', outputDir: 'cts-audit' })).toEqual([
      'check',
      'cdktf.out',
      '--format',
      'text',
      '--format',
      'markdown',
      '--output',
      'cts-audit/cts-audit.md',
      '--format',
      'sarif',
      '--output',
      'cts-audit/cts-audit.sarif',
      '--format',
      'html',
      '--output',
      'cts-audit/cts-audit.html',
    ]);
  });

  test('every input, lists one per line or on one line, extra words quoted', () => {
    const argv = check.commandLine({
      paths: 'state.json\ndisabled.json\n',
      tables: 'modelarts-notebook',
      regions: 'cn-north-4 ap-southeast-1',
      waivers: ' waivers.json ',
      formats: 'json markdown junit json',
      args: `--retention-days 365 --var 'name=a b' --var="x=y z"`,
      outputDir: 'out',
      reportUrl: 'https://github.com/acme/infra/actions/runs/1',
    });
    expect(argv).toEqual([
      'check',
      'state.json',
      'disabled.json',
      '--table',
      'modelarts-notebook',
      '--region',
      'cn-north-4',
      '--region',
      'ap-southeast-1',
      '--waivers',
      'waivers.json',
      '--format',
      'text',
      '--format',
      'markdown',
      '--output',
      'out/cts-audit.md',
      '--format',
      'json',
      '--output',
      'out/cts-audit.json',
      '--format',
      'junit',
      '--output',
      'out/cts-audit.junit.xml',
      '--report-url',
      'https://github.com/acme/infra/actions/runs/1',
      '--retention-days',
      '365',
      '--var',
      'name=a b',
      '--var=x=y z',
    ]);
    expect(check.list('a b\n')).toEqual(['a', 'b']);
    expect(check.list('dir with space\nother\n')).toEqual(['dir with space', 'other']);
    expect(check.words(`a "b \\"c\\"" 'd e'f`)).toEqual(['a', 'b "c"', 'd ef']);
  });

  test.each<[string, Record<string, string>, number]>([
    ['the defaults, on cdktf.out', {}, 0],
    [
      'a state with waivers and a region, every format',
      { paths: 'state.json', waivers: 'waivers.json', regions: 'cn-north-4', formats: 'sarif json html junit text' },
      0,
    ],
    [
      'a failing state, two tables named',
      { paths: 'disabled.json', tables: 'modelarts-notebook policies/extra.json', formats: 'sarif' },
      1,
    ],
    ['extra arguments', { paths: 'cdktf.out', args: '--retention-days 365 --no-color' }, 0],
  ])('%s: a valid command line, run through the CLI', async (_name, inputs, expected) => {
    const dir = workspace();
    mkdirSync(join(dir, 'policies'));
    cpSync(join(ROOT, 'policies/modelarts-notebook.json'), join(dir, 'policies/extra.json'));
    const withDefaults = { ...defaults(), ...inputs };
    const argv = check.commandLine({
      ...withDefaults,
      outputDir: withDefaults['output-dir'],
      reportUrl: 'https://github.com/acme/infra/actions/runs/1',
    });
    mkdirSync(join(dir, withDefaults['output-dir']), { recursive: true });
    expect(await runIn(dir, argv)).toEqual({ code: expected, stderr: '' });
    const outputs = argv.flatMap((a, i) => (a === '--output' ? [argv[i + 1]] : []));
    expect(outputs.filter((o) => !existsSync(join(dir, o)))).toEqual([]);
  });

  test('a format the checker does not know is bad usage (exit 2), said in one line', async () => {
    const argv = check.commandLine({ paths: 'cdktf.out', formats: 'yaml', outputDir: 'cts-audit' });
    expect(await runIn(workspace(), argv)).toEqual({
      code: 2,
      stderr: 'cts-audit: --format: unknown format "yaml"; use one of text, json, sarif, markdown, junit, html\n',
    });
  });
});

/** Runs action/check.js as the action's check step does; returns its exit status, log, outputs and summary. */
function checkStep(dir: string, inputs: Record<string, string>, cli = CLI) {
  const output = join(dir, 'github-output');
  const summary = join(dir, 'step-summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    CTS_AUDIT_CLI: cli,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
  };
  for (const [k, v] of Object.entries({ ...defaults(), ...inputs })) env[`INPUT_${k.toUpperCase().replace(/-/g, '_')}`] = v;
  env.REPORT_URL = 'https://github.com/acme/infra/actions/runs/1';
  const r = spawnSync(process.execPath, [join(ROOT, 'action/check.js')], { cwd: dir, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary: readFileSync(summary, 'utf8') };
}

describe('the check step (action/check.js)', () => {
  test('passing: exit code 0, the reports written, the Markdown report in the job summary', () => {
    const dir = workspace();
    const r = checkStep(dir, {});
    expect(r.status).toBe(0);
    expect(r.outputs).toEqual({
      'exit-code': '0',
      passed: 'true',
      'report-dir': 'cts-audit',
      markdown: 'cts-audit/cts-audit.md',
      sarif: 'cts-audit/cts-audit.sarif',
      json: '',
      html: 'cts-audit/cts-audit.html',
      junit: '',
      text: '',
    });
    expect(r.summary).toBe(readFileSync(join(dir, 'cts-audit/cts-audit.md'), 'utf8'));
    expect(r.summary.startsWith(`${MARKDOWN_MARKER}\n## ✅ cts-audit: PASS`)).toBe(true);
    // The command line and the text report are in the log.
    expect(r.stdout).toContain('cts-audit check cdktf.out --format text --format markdown --output cts-audit/cts-audit.md');
    expect(r.stdout).toContain('PASS 22/22 events covered in 1 region');
  });

  test('failing: exit code 1 handed on, the step itself succeeds, the reports still written', () => {
    const dir = workspace();
    const r = checkStep(dir, { paths: 'disabled.json', formats: 'sarif json' });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({
      'exit-code': '1',
      passed: 'false',
      sarif: 'cts-audit/cts-audit.sarif',
      json: 'cts-audit/cts-audit.json',
    });
    expect(r.summary).toContain('## ❌ cts-audit: FAIL');
    expect(JSON.parse(readFileSync(join(dir, 'cts-audit/cts-audit.json'), 'utf8')).causes).toHaveLength(1);
  });

  test('bad input: exit code 2, no report, and the summary says the check could not run', () => {
    const dir = workspace();
    const r = checkStep(dir, { paths: 'missing.json' });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ 'exit-code': '2', passed: 'false', markdown: '', sarif: '' });
    expect(r.stderr).toBe('cts-audit: missing.json: no such file or folder\n');
    expect(r.summary).toContain('## ⚠️ cts-audit could not run (exit 2)');
  });
});

/** A fake GitHub client holding the comments of one pull request. */
function fakeGithub(existing: Array<{ id: number; body: string; type: string }>) {
  const calls: string[] = [];
  const comments = existing.map((c) => ({ id: c.id, body: c.body, user: { type: c.type } }));
  const github = {
    paginate: async (fn: (a: Json) => Promise<{ data: unknown[] }>, args: Json) => (await fn(args)).data,
    rest: {
      issues: {
        listComments: async (args: Json) => {
          calls.push(`list ${args.owner}/${args.repo}#${args.issue_number}`);
          return { data: comments };
        },
        updateComment: async (args: Json) => {
          calls.push(`update ${args.comment_id}`);
          comments.find((c) => c.id === args.comment_id)!.body = String(args.body);
        },
        createComment: async (args: Json) => {
          calls.push(`create #${args.issue_number}`);
          comments.push({ id: 99, body: String(args.body), user: { type: 'Bot' } });
          return { data: { id: 99 } };
        },
      },
    },
  };
  const context = { repo: { owner: 'acme', repo: 'infra' }, issue: { number: 7 } };
  return { github, context, calls, comments };
}

describe('the comment (action/comment.js)', () => {
  test('created once, then updated: the bot comment with the marker, not a person quoting it', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'report.md'), `${MARKDOWN_MARKER}\n## ✅ cts-audit: PASS\n`);
    const fake = fakeGithub([{ id: 1, body: `${MARKDOWN_MARKER}\nquoted by a person`, type: 'User' }]);
    await comment({ ...fake, core: undefined, markdown: join(dir, 'report.md'), exitCode: '0', runUrl: 'https://x/runs/1' });
    writeFileSync(join(dir, 'report.md'), `${MARKDOWN_MARKER}\n## ❌ cts-audit: FAIL\n`);
    await comment({ ...fake, core: undefined, markdown: join(dir, 'report.md'), exitCode: '1', runUrl: 'https://x/runs/2' });
    expect(fake.calls).toEqual(['list acme/infra#7', 'create #7', 'list acme/infra#7', 'update 99']);
    expect(fake.comments.map((c) => c.body)).toEqual([
      `${MARKDOWN_MARKER}\nquoted by a person`,
      `${MARKDOWN_MARKER}\n## ❌ cts-audit: FAIL\n`,
    ]);
  });

  test('without a report (exit 2) it says the check could not run, and where to look', () => {
    const text = comment.body({ markdown: '', exitCode: '2', runUrl: 'https://github.com/acme/infra/actions/runs/5' });
    expect(text).toBe(
      `${MARKDOWN_MARKER}\n## ⚠️ cts-audit could not run (exit 2)\n\nBad usage or unreadable input, or an earlier step failed: see the log of [this run](https://github.com/acme/infra/actions/runs/5).\n`,
    );
  });

  test("a body over GitHub's limit is cut, saying where the whole report is", () => {
    const dir = workspace();
    writeFileSync(join(dir, 'big.md'), `${MARKDOWN_MARKER}\n${'é'.repeat(70_000)}`);
    const text = comment.body({ markdown: join(dir, 'big.md'), exitCode: '1', runUrl: 'https://x/runs/3' });
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(65_536);
    expect(text.endsWith("… cut to fit GitHub's comment limit: the full report is in the [job summary](https://x/runs/3).\n")).toBe(true);
  });
});

/**
 * Runs the composite with `cts-audit` exiting `code` (a stub that writes the
 * reports unless it exits 2): the check step is action/check.js, the gate
 * runs in bash, `uses:` steps and the build are taken to succeed.
 */
function simulate(
  code: number,
  inputs: Record<string, string> = {},
  event = 'pull_request',
  fromFork = false,
): { failed: boolean; ran: string[] } {
  const dir = workspace();
  const stub = join(dir, 'stub-cts-audit.js');
  writeFileSync(
    stub,
    [
      "const fs = require('fs'); const path = require('path'); const argv = process.argv.slice(2);",
      `const code = ${code};`,
      'if (code !== 2) argv.forEach((a, i) => { if (a === "--output") { fs.mkdirSync(path.dirname(argv[i + 1]), { recursive: true }); fs.writeFileSync(argv[i + 1], "<!-- cts-audit-report -->\\n"); } });',
      'process.exit(code);',
    ].join('\n'),
  );
  const state: SimState = { failed: false, reportsWritten: false };
  const stepsContext: Json = {};
  const context: Json = {
    inputs: { ...defaults(), ...inputs },
    github: {
      event_name: event,
      repository: 'acme/infra',
      server_url: 'https://github.com',
      run_id: '1',
      action_path: ROOT,
      event: { pull_request: { head: { repo: { full_name: fromFork ? 'someone/infra' : 'acme/infra' } } } },
    },
    runner: { temp: dir },
    steps: stepsContext,
  };
  const expand = (text: string) => substituteExpressions(text, (e) => evaluateExpression(e, context, state));
  const ran: string[] = [];
  for (const step of steps()) {
    if (!condition(step.if, context, state)) continue;
    const label = String(step.name);
    ran.push(label);
    const env = Object.fromEntries(Object.entries((step.env as Json) ?? {}).map(([k, v]) => [k, expand(String(v))]));
    if (step.id === 'check') {
      const r = checkStep(dir, Object.fromEntries(Object.entries(context.inputs as Json).map(([k, v]) => [k, String(v)])), stub);
      stepsContext.check = { outputs: r.outputs };
      if (r.status !== 0) state.failed = true;
    } else if (typeof step.run === 'string' && /EXIT_CODE/.test(step.run)) {
      const r = spawnSync('bash', ['-e', '-c', step.run], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
      if (r.status !== 0) state.failed = true;
    }
  }
  return { failed: state.failed, ran };
}

describe('the composite, simulated', () => {
  const uploads = 'Upload SARIF to code scanning';
  const commentStep = 'Comment on the pull request';

  test.each([
    [0, false],
    [1, true],
    [2, true],
  ])('exit %i: fails the step: %s', (code, failed) => {
    const r = simulate(code);
    expect(r.failed).toBe(failed);
    // The reports of a failing check are still uploaded and commented on; exit 2 has no SARIF to upload.
    expect(r.ran.includes(uploads)).toBe(code !== 2);
    expect(r.ran.includes(commentStep)).toBe(true);
    expect(r.ran.includes('Fail unless the check passed')).toBe(code !== 0);
  });

  test('fail: false lets a failing check pass; comment and upload can be turned off; forks get neither', () => {
    expect(simulate(1, { fail: 'false' }).failed).toBe(false);
    const off = simulate(1, { comment: 'false', 'upload-sarif': 'false' });
    expect(off.ran.filter((l) => l === uploads || l === commentStep)).toEqual([]);
    const fork = simulate(1, {}, 'pull_request', true);
    expect(fork.ran.filter((l) => l === uploads || l === commentStep)).toEqual([]);
    expect(simulate(1, {}, 'push').ran).toContain(uploads);
    expect(simulate(1, {}, 'push').ran).not.toContain(commentStep);
    expect(simulate(0, { 'node-version': '' }).ran).not.toContain('Set up Node.js');
  });
});

test('action/install.sh builds the checker from this repository, apart, from the npm cache', () => {
  const tool = join(scratch, 'tool');
  const r = spawnSync('bash', [join(ROOT, 'action/install.sh'), tool], {
    encoding: 'utf8',
    env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
  });
  expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
  expect(r.stdout.trim().split('\n').pop()).toBe(join(tool, 'dist/bin/cts-audit.js'));
  // The checker only: no constructs, no cdktf.
  expect(existsSync(join(tool, 'dist/lib/constructs'))).toBe(false);
  expect(existsSync(join(tool, 'node_modules/cdktf'))).toBe(false);
  const out = spawnSync(process.execPath, [join(tool, 'dist/bin/cts-audit.js'), 'check', join(FIXTURES, '01-cdktf-covered/cdktf.out')], {
    encoding: 'utf8',
  });
  expect(out.status).toBe(0);
  expect(out.stdout).toContain('PASS 22/22 events covered in 1 region');
}, 180_000);
