/**
 * The CI recipes of docs/ci, held to the current CLI.
 *
 * Every `cts-audit` invocation in them (in `run:` and `script:`, in
 * commented-out YAML steps, in `npx cts-audit ...` commands in backticks in
 * comments, and in the sh blocks of docs/ci/README.md) is extracted with a
 * small shell-words splitter (quotes, line continuations, redirections,
 * `&&`/`;`/`|`), its CI expressions and variables replaced by placeholders,
 * and run through `run()` of lib/cli in a temporary folder holding small
 * valid inputs of the names the recipes use; `--live` invocations go to a
 * closed local port with dummy credentials. Exit code 2 (usage or input
 * error) fails the test, so a recipe that uses an option the CLI does not
 * have, or a bad value, is caught.
 *
 * The exit-code handling of each job is checked by running its shell steps
 * with a stub `npx` that exits 0, 1 or 2 for `cts-audit`, and evaluating the
 * GitHub `if:` conditions: the job must pass on 0, fail on 1 and 2, and still
 * upload its reports on 1.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { run } from '../../lib/cli';
import { MARKDOWN_MARKER } from '../../lib/report/markdown';
import { type SimState, condition, evaluateExpression, placeholder, substituteExpressions } from './github-expressions';

const ROOT = join(__dirname, '../..');
const CI_DIR = join(ROOT, 'docs/ci');
const FIXTURES = join(ROOT, 'test/fixtures');

type Platform = 'github' | 'gitlab';
type Json = Record<string, unknown>;

const RECIPES: Array<{ file: string; platform: Platform }> = [
  { file: 'github-pull-request.yml', platform: 'github' },
  { file: 'github-deploy.yml', platform: 'github' },
  { file: 'gitlab-ci.yml', platform: 'gitlab' },
];

// ---------------------------------------------------------------------------
// Shell words

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'time', '{', 'exec']);

/**
 * Splits a shell script into simple commands (arrays of words), the way
 * bash would for what the recipes use: quotes, backslash escapes and line
 * continuations, `$VAR`/`${VAR}` expansion (unquoted: word-split), `$(...)`
 * and backticks (replaced by a placeholder), comments, `;`, `&`, `&&`, `|`,
 * `||`, parentheses and newlines as separators, and redirections (dropped
 * with their target).
 */
function shellCommands(script: string, lookup: (name: string) => string = placeholder): string[][] {
  const commands: string[][] = [];
  let cmd: string[] = [];
  let word = '';
  let inWord = false;
  let redirect = false;
  const endWord = () => {
    if (inWord) {
      if (redirect) redirect = false;
      else cmd.push(word);
    }
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (cmd.length > 0) commands.push(cmd);
    cmd = [];
  };
  /** Reads `$...` at i (s[i] === '$'); returns the expansion and the index after it. */
  const expansion = (s: string, i: number): { value: string; next: number; name?: string } => {
    const c = s[i + 1];
    if (c === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < s.length; j++) {
        if (s[j] === '(') depth++;
        else if (s[j] === ')' && --depth === 0) break;
      }
      return { value: placeholder('command-substitution'), next: j + 1 };
    }
    if (c === '{') {
      const end = s.indexOf('}', i);
      const name = s.slice(i + 2, end).replace(/[:#%/-].*$/, '');
      return { value: lookup(name), next: end + 1, name };
    }
    const m = /^([A-Za-z_]\w*|[?$#@*!0-9])/.exec(s.slice(i + 1));
    if (!m) return { value: '$', next: i + 1 };
    if (/^[A-Za-z_]/.test(m[1])) return { value: lookup(m[1]), next: i + 1 + m[1].length, name: m[1] };
    return { value: '0', next: i + 1 + m[1].length };
  };

  let i = 0;
  while (i < script.length) {
    const c = script[i];
    const n = script[i + 1];
    if (c === '\\') {
      if (n !== '\n') {
        word += n ?? '';
        inWord = true;
      }
      i += 2;
    } else if (c === "'") {
      const end = script.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${script}`);
      word += script.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      let j = i + 1;
      for (; j < script.length && script[j] !== '"';) {
        const d = script[j];
        if (d === '\\' && '$`"\\\n'.includes(script[j + 1])) {
          if (script[j + 1] !== '\n') word += script[j + 1];
          j += 2;
        } else if (d === '$') {
          const x = expansion(script, j);
          word += x.value;
          j = x.next;
        } else if (d === '`') {
          j = script.indexOf('`', j + 1) + 1;
          word += placeholder('command-substitution');
        } else {
          word += d;
          j++;
        }
      }
      if (j >= script.length) throw new Error(`unterminated " in: ${script}`);
      i = j + 1;
    } else if (c === '$') {
      const x = expansion(script, i);
      const parts = x.value.split(/\s+/);
      parts.forEach((p, k) => {
        if (k > 0) endWord();
        if (p !== '') {
          word += p;
          inWord = true;
        }
      });
      i = x.next;
    } else if (c === '`') {
      word += placeholder('command-substitution');
      inWord = true;
      i = script.indexOf('`', i + 1) + 1;
    } else if (c === '#' && !inWord) {
      while (i < script.length && script[i] !== '\n') i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
    } else if (c === '\n' || c === ';' || c === '(' || c === ')') {
      endCommand();
      i++;
    } else if (c === '&' || c === '|') {
      if (c === '&' && n === '>') {
        endWord();
        redirect = true;
        i += n === '>' && script[i + 2] === '>' ? 3 : 2;
      } else {
        endCommand();
        i += n === c ? 2 : 1;
      }
    } else if (c === '>' || c === '<') {
      if (/^\d+$/.test(word)) {
        word = '';
        inWord = false;
      } else endWord();
      redirect = true;
      i++;
      if (script[i] === c) i++;
      if (script[i] === '&') i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  endCommand();
  return commands;
}

/** The cts-audit argv of a simple command, or undefined when it runs something else. */
function cliArgv(words: readonly string[]): string[] | undefined {
  let w = [...words];
  while (w.length > 0 && (KEYWORDS.has(w[0]) || /^[A-Za-z_]\w*=/.test(w[0]))) w = w.slice(1);
  if (w[0] === 'npx' || (w[0] === 'npm' && w[1] === 'exec')) {
    w = w.slice(w[0] === 'npx' ? 1 : 2);
    while (w.length > 0 && w[0].startsWith('-')) {
      const flag = w.shift();
      if (flag === '--') break;
    }
  } else if (w[0] === 'node' && /(^|\/)cts-audit\.js$/.test(w[1] ?? '')) {
    return w.slice(2);
  }
  if (w[0] === 'cts-audit' || /\/\.bin\/cts-audit$/.test(w[0] ?? '')) return w.slice(1);
  return undefined;
}

// ---------------------------------------------------------------------------
// Recipes and the shell text in them

interface Recipe {
  file: string;
  platform: Platform;
  text: string;
  doc: Json;
}
interface ShellSource {
  where: string;
  text: string;
}
interface Invocation {
  where: string;
  argv: string[];
}

const SHELL_KEYS: Record<Platform, string[]> = { github: ['run'], gitlab: ['script', 'before_script', 'after_script'] };

function parseYaml(text: string, where: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0 || doc.warnings.length > 0) {
    throw new Error(`${where}: invalid YAML: ${[...doc.errors, ...doc.warnings].map((e) => e.message).join('; ')}`);
  }
  return doc.toJS();
}

function recipe(file: string, platform: Platform, text = readFileSync(join(CI_DIR, file), 'utf8')): Recipe {
  const doc = parseYaml(text, file);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file}: not a YAML mapping`);
  return { file, platform, text, doc: doc as Json };
}

function flatStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(flatStrings);
  return [];
}

function collectShell(node: unknown, platform: Platform, where: string, out: ShellSource[]): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => collectShell(n, platform, `${where}[${i}]`, out));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (SHELL_KEYS[platform].includes(k)) flatStrings(v).forEach((text, i) => out.push({ where: `${where}.${k}[${i}]`, text }));
      else collectShell(v, platform, `${where}.${k}`, out);
    }
  }
}

/**
 * Commented-out YAML: in each run of comment lines, from the first line
 * that (uncommented) starts a list item (`- `) to the end of the run,
 * uncommented and dedented. Prose in comments uses other bullets.
 */
function commentedYaml(text: string): Array<{ line: number; yaml: string }> {
  const lines = text.split('\n');
  const blocks: Array<{ line: number; yaml: string }> = [];
  for (let i = 0; i < lines.length;) {
    if (!/^\s*#/.test(lines[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && /^\s*#/.test(lines[j])) j++;
    const body = lines.slice(i, j).map((l) => l.replace(/^\s*# ?/, ''));
    const start = body.findIndex((l) => /^\s*- /.test(l));
    if (start >= 0) {
      const chunk = body.slice(start);
      const indent = Math.min(...chunk.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
      blocks.push({ line: i + start + 1, yaml: chunk.map((l) => l.slice(indent)).join('\n') });
    }
    i = j;
  }
  return blocks;
}

/** `npx cts-audit ...` in backticks in comment lines. */
function commentCommands(text: string): ShellSource[] {
  const out: ShellSource[] = [];
  text.split('\n').forEach((line, i) => {
    if (!/^\s*#/.test(line)) return;
    for (const m of line.matchAll(/`(npx cts-audit [^`]*)`/g)) out.push({ where: `line ${i + 1} (comment)`, text: m[1] });
  });
  return out;
}

function shellSources(r: Recipe): ShellSource[] {
  const out: ShellSource[] = [];
  collectShell(r.doc, r.platform, r.file, out);
  for (const block of commentedYaml(r.text)) {
    const where = `${r.file}:${block.line} (commented out)`;
    const value = parseYaml(block.yaml, where);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      value.forEach((text, i) => out.push({ where: `${where}[${i}]`, text }));
    } else collectShell(value, r.platform, where, out);
  }
  for (const c of commentCommands(r.text)) out.push({ where: `${r.file}:${c.where}`, text: c.text });
  return out;
}

/** The `sh` blocks and `npx cts-audit ...` code spans of a Markdown page. */
function markdownSources(file: string, text: string): ShellSource[] {
  const out: ShellSource[] = [];
  for (const m of text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)) out.push({ where: `${file} (sh block)`, text: m[1] });
  const prose = text.replace(/^```[\s\S]*?^```/gm, '');
  for (const m of prose.matchAll(/`(npx cts-audit [^`]*)`/g)) out.push({ where: `${file} (code span)`, text: m[1] });
  return out;
}

function invocationsIn(sources: readonly ShellSource[]): Invocation[] {
  const out: Invocation[] = [];
  for (const s of sources) {
    const text = substituteExpressions(s.text);
    const found = shellCommands(text)
      .map(cliArgv)
      .filter((a): a is string[] => a !== undefined);
    // Guard against blind spots of the splitter: every `npx cts-audit` in the text must have been found.
    const mentioned = (text.replace(/\\\n/g, ' ').match(/(?:^|[\s;&|(])npx\s+cts-audit(?=\s|$)/gm) ?? []).length;
    if (found.length < mentioned) throw new Error(`${s.where}: found ${found.length} of ${mentioned} cts-audit invocations in: ${s.text}`);
    for (const argv of found) out.push({ where: s.where, argv });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Running an invocation through the CLI

const DUMMY_ENV = { HW_ACCESS_KEY: 'AKDUMMYDUMMYDUMMY0000', HW_SECRET_KEY: 'dummy-secret-key', HW_REGION_NAME: 'cn-north-4' };
/** Nothing listens on the discard port: live requests fail at once, and their events become unknown. */
const CLOSED = 'http://127.0.0.1:9/{region}';
const endpoints = ['cts', 'smn', 'iam'].flatMap((s) => ['--endpoint', `${s}=${CLOSED}`]);

let inputs: string;
let scratchDir: string | undefined;
/** One temporary folder for everything the test writes, removed at the end. */
function scratch(): string {
  scratchDir ??= mkdtempSync(join(tmpdir(), 'cts-audit-ci-'));
  return scratchDir;
}
afterAll(() => {
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
});

/** Extra arguments that keep a --live invocation offline and fast, where the subcommand has them. */
function liveArgs(argv: readonly string[]): string[] {
  if (!argv.includes('--live')) return [];
  if (argv[0] === 'check') return [...endpoints, '--retries', '0', '--timeout', '1000'];
  return endpoints;
}

/** The files a `check` invocation writes: each --output, and --save-snapshot. */
function outputsOf(argv: readonly string[]): Array<{ format: string; file: string }> {
  const out: Array<{ format: string; file: string }> = [];
  let format = 'text';
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] =
      argv[i].startsWith('--') && argv[i].includes('=')
        ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
        : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--format' || flag === '-f') format = value();
    else if (flag === '--output' || flag === '-o') out.push({ format, file: value() });
    else if (flag === '--save-snapshot') out.push({ format: 'snapshot', file: value() });
  }
  return out;
}

interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  dir: string;
}

async function runIn(dir: string, argv: readonly string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const exitCode = await run([...argv], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: false,
    env: { ...DUMMY_ENV },
    cwd: dir,
    now: () => new Date('2026-11-25T12:00:00Z'),
  });
  return { exitCode, stdout, stderr, dir };
}

/** Runs argv in a fresh folder holding the inputs; returns a problem, or undefined when the command line is valid. */
async function problemWith(inv: Invocation): Promise<string | undefined> {
  const dir = mkdtempSync(join(scratch(), 'run-'));
  cpSync(inputs, dir, { recursive: true });
  const r = await runIn(dir, [...inv.argv, ...liveArgs(inv.argv)]);
  const line = `${inv.where}: cts-audit ${inv.argv.join(' ')}`;
  if (r.exitCode === 2) return `${line}\n  exit 2: ${r.stderr.trim()}`;
  if (r.exitCode !== 0 && r.exitCode !== 1) return `${line}\n  exit ${r.exitCode}: ${r.stderr.trim()}`;
  if (/unknown option|error:/i.test(r.stderr)) return `${line}\n  ${r.stderr.trim()}`;
  if (inv.argv[0] === 'check') {
    const missing = outputsOf(inv.argv).filter((o) => !existsSync(join(dir, o.file)));
    if (missing.length > 0) return `${line}\n  did not write ${missing.map((o) => o.file).join(', ')}`;
  }
  return undefined;
}

beforeAll(async () => {
  inputs = mkdtempSync(join(scratch(), 'inputs-'));
  cpSync(join(FIXTURES, 'check/01-cdktf-covered/cdktf.out'), join(inputs, 'cdktf.out'), { recursive: true });
  cpSync(join(FIXTURES, 'hcl/01-single-main-covered/infra'), join(inputs, 'infra'), { recursive: true });
  cpSync(join(FIXTURES, 'check/05-plan-child-module-covered/plan.json'), join(inputs, 'plan.json'));
  cpSync(join(FIXTURES, 'check/11-state-covered/state.json'), join(inputs, 'state.json'));
  // A snapshot, as a live check saves it (here, of regions that could not be read).
  const r = await runIn(inputs, [
    'check',
    '--live',
    '--region',
    'cn-north-4',
    ...liveArgs(['check', '--live']),
    '--save-snapshot',
    'evidence-123.json',
    '--format',
    'json',
  ]);
  expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 1, stderr: '' });
});

// ---------------------------------------------------------------------------
// Simulating jobs with a stub npx

let stubBin: string;
let simulations = 0;

function stubs(): string {
  if (stubBin) return stubBin;
  stubBin = mkdtempSync(join(scratch(), 'bin-'));
  const npx = [
    '#!/bin/sh',
    '# The first non-option argument names the tool; only cts-audit is made to fail.',
    'for a in "$@"; do',
    '  case "$a" in',
    '    -*) ;;',
    '    cts-audit) exit "${FAKE_CTS_AUDIT_EXIT:-0}" ;;',
    '    *) exit 0 ;;',
    '  esac',
    'done',
    'exit 0',
  ].join('\n');
  writeFileSync(join(stubBin, 'npx'), `${npx}\n`);
  for (const tool of ['npm', 'terraform', 'cdktf']) writeFileSync(join(stubBin, tool), '#!/bin/sh\nexit 0\n');
  for (const tool of ['npx', 'npm', 'terraform', 'cdktf']) chmodSync(join(stubBin, tool), 0o755);
  return stubBin;
}

function runBash(script: string, args: string[], env: Record<string, string>, cwd: string): number {
  const file = join(cwd, `script-${++simulations}.sh`);
  writeFileSync(file, script);
  const r = spawnSync('bash', [...args, file], {
    cwd,
    env: { PATH: `${stubs()}:${process.env.PATH}`, HOME: cwd, ...env },
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

const hasInvocation = (text: string) => shellCommands(substituteExpressions(text)).some((w) => cliArgv(w) !== undefined);

interface JobRun {
  failed: boolean;
  /** Labels of the steps that ran. */
  ran: string[];
}

const stepLabel = (s: Json) => String(s.name ?? s.uses ?? s.id ?? 'step');

/**
 * Runs a GitHub job with `cts-audit` exiting `code`: steps that invoke
 * cts-audit, or whose `if:` or `env:` read another step, run in bash with a
 * stub npx; other `run:` steps (install, build, synth) and `uses:` steps are
 * taken to succeed.
 */
function simulateGithubJob(workflow: Json, job: Json, code: number, event = 'pull_request'): JobRun {
  const dir = mkdtempSync(join(scratch(), 'sim-'));
  const state: SimState = { failed: false, reportsWritten: false };
  const steps: Json = {};
  const context: Json = {
    github: {
      event_name: event,
      repository: 'acme/infra',
      run_id: '123',
      event: { pull_request: { number: 7, head: { repo: { full_name: 'acme/infra' } } } },
    },
    inputs: {},
    vars: new Proxy({}, { get: (_, k) => placeholder(String(k)) }),
    secrets: new Proxy({}, { get: () => 'ci-secret' }),
    steps,
  };
  const expand = (text: string) => substituteExpressions(text, (e) => evaluateExpression(e, context, state));
  const envOf = (...maps: unknown[]) =>
    Object.fromEntries(maps.flatMap((m) => Object.entries((m as Json | undefined) ?? {})).map(([k, v]) => [k, expand(String(v))]));
  const ran: string[] = [];
  for (const step of (job.steps as Json[]) ?? []) {
    const id = step.id as string | undefined;
    if (!condition(step.if, context, state)) {
      if (id) steps[id] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} };
      continue;
    }
    ran.push(stepLabel(step));
    let exitCode = 0;
    const outputs: Record<string, string> = {};
    const runsCheck = typeof step.run === 'string' && hasInvocation(step.run);
    const readsSteps = /steps\./.test(JSON.stringify([step.if ?? '', step.env ?? {}]));
    if (typeof step.run === 'string' && (runsCheck || readsSteps)) {
      const outputFile = join(dir, `output-${simulations}`);
      writeFileSync(outputFile, '');
      const shell = step.shell as string | undefined;
      if (shell !== undefined && shell !== 'bash') throw new Error(`${stepLabel(step)}: shell ${shell} is not simulated`);
      const env = {
        ...envOf(workflow.env, job.env, step.env),
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
        GITHUB_RUN_ID: '123',
        FAKE_CTS_AUDIT_EXIT: String(code),
      };
      exitCode = runBash(expand(step.run), shell === 'bash' ? ['--noprofile', '--norc', '-eo', 'pipefail'] : ['-e'], env, dir);
      for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
      }
      if (runsCheck) state.reportsWritten = code !== 2;
    }
    const continueOnError =
      typeof step['continue-on-error'] === 'string'
        ? condition(`always() && (${String(step['continue-on-error']).replace(/^\$\{\{|\}\}$/g, '')})`, context, state)
        : step['continue-on-error'] === true;
    const outcome = exitCode === 0 ? 'success' : 'failure';
    const conclusion = outcome === 'failure' && continueOnError ? 'success' : outcome;
    if (id) steps[id] = { outcome, conclusion, outputs };
    if (conclusion === 'failure') state.failed = true;
  }
  return { failed: state.failed, ran };
}

/** Runs a GitLab job's script lines (as the runner does, `set -eo pipefail`) with cts-audit exiting `code`. */
function simulateGitlabJob(job: Json, code: number): boolean {
  const dir = mkdtempSync(join(scratch(), 'sim-'));
  const variables = Object.fromEntries(Object.entries((job.variables as Json | undefined) ?? {}).map(([k, v]) => [k, String(v)]));
  const env = { ...variables, CI_PIPELINE_ID: '123', CI_PROJECT_DIR: dir, HW_REGION_NAME: 'cn-north-4', FAKE_CTS_AUDIT_EXIT: String(code) };
  const exitCode = runBash(flatStrings(job.script).join('\n'), ['-eo', 'pipefail'], env, dir);
  const allow = job.allow_failure;
  const allowedCodes = allow && typeof allow === 'object' ? ([] as unknown[]).concat((allow as Json).exit_codes) : [];
  const allowed = allow === true || allowedCodes.includes(exitCode);
  return exitCode !== 0 && !allowed;
}

// ---------------------------------------------------------------------------
// Helpers over recipes

function githubJobs(r: Recipe): Array<[string, Json]> {
  return Object.entries(r.doc.jobs as Record<string, Json>);
}

function gitlabJobs(r: Recipe): Array<[string, Json]> {
  const reserved = new Set([
    'stages',
    'workflow',
    'default',
    'variables',
    'include',
    'image',
    'services',
    'cache',
    'before_script',
    'after_script',
  ]);
  return Object.entries(r.doc).filter(
    ([k, v]) => !reserved.has(k) && !k.startsWith('.') && v && typeof v === 'object' && 'script' in (v as Json),
  ) as Array<[string, Json]>;
}

/** Every string in the document with its path. */
function strings(
  node: unknown,
  path: string[] = [],
  out: Array<{ path: string[]; value: string }> = [],
): Array<{ path: string[]; value: string }> {
  if (typeof node === 'string') out.push({ path, value: node });
  else if (Array.isArray(node)) node.forEach((n, i) => strings(n, [...path, String(i)], out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) strings(v, [...path, k], out);
  return out;
}

const SECRET_NAMES = ['HW_ACCESS_KEY', 'HW_SECRET_KEY', 'HW_SECURITY_TOKEN'];

/** What in a shell script could print a secret. */
function leaks(text: string): string[] {
  const out: string[] = [];
  for (const name of SECRET_NAMES) {
    if (new RegExp(`\\$\\{?${name}\\b`).test(text)) out.push(`reads $${name} in the script (the tools read it from the environment)`);
  }
  if (/\$\{\{\s*secrets\./.test(text)) out.push('puts a secret into the script text (give it through env:)');
  if (/\bset\s+(-[a-z]*x|-o\s+xtrace)|\bbash\s+-[a-z]*x/.test(text)) {
    out.push('turns on shell tracing (set -x), which prints expanded commands');
  }
  if (/(^|[;&|\n]\s*)(printenv|env|export\s+-p|declare\s+-p|set)\s*($|[;&|\n>])/m.test(text)) out.push('dumps the environment');
  return out;
}

const cache = new Map<string, Recipe>();
const load = (file: string, platform: Platform) => {
  if (!cache.has(file)) cache.set(file, recipe(file, platform));
  return cache.get(file)!;
};

// ---------------------------------------------------------------------------
// The tests

describe.each(RECIPES)('docs/ci/$file', ({ file, platform }) => {
  test('is valid YAML (and so is every commented-out alternative in it)', () => {
    const r = load(file, platform);
    expect(() => shellSources(r)).not.toThrow();
    if (platform === 'github') {
      expect(r.doc.on).toBeDefined();
      expect(Object.keys(r.doc.jobs as Json).length).toBeGreaterThan(0);
    } else {
      expect(r.doc.stages).toEqual(['check', 'deploy', 'audit']);
    }
  });

  test('every cts-audit command line in it is valid for the current CLI', async () => {
    const invocations = invocationsIn(shellSources(load(file, platform)));
    expect(invocations.length).toBeGreaterThanOrEqual(2);
    const problems: string[] = [];
    for (const inv of invocations) {
      const p = await problemWith(inv);
      if (p) problems.push(p);
    }
    expect(problems).toEqual([]);
  });

  test('every job that runs the check passes on exit 0 and fails on exits 1 and 2', () => {
    const r = load(file, platform);
    let checked = 0;
    if (platform === 'github') {
      for (const [name, job] of githubJobs(r)) {
        const steps = (job.steps as Json[]) ?? [];
        const at = steps.findIndex((s) => typeof s.run === 'string' && hasInvocation(s.run));
        if (at < 0) continue;
        checked++;
        const event = name === 'check' ? 'pull_request' : 'push';
        const results = [0, 1, 2].map((code) => ({ code, ...simulateGithubJob(r.doc, job, code, event) }));
        expect(results.map(({ code, failed }) => ({ job: name, code, failed }))).toEqual([
          { job: name, code: 0, failed: false },
          { job: name, code: 1, failed: true },
          { job: name, code: 2, failed: true },
        ]);
        // On exit 1 the reports exist: every upload and the comment after the check still run.
        const after = steps
          .slice(at + 1)
          .filter((s) => typeof s.uses === 'string')
          .map(stepLabel);
        expect(after.length).toBeGreaterThan(0);
        expect(after.filter((l) => !results[1].ran.includes(l))).toEqual([]);
        // On exit 2 nothing is written: no SARIF upload of a missing file.
        expect(
          results[2].ran.filter((l) =>
            steps.some((s) => stepLabel(s) === l && String(s.uses).startsWith('github/codeql-action/upload-sarif')),
          ),
        ).toEqual([]);
      }
    } else {
      for (const [name, job] of gitlabJobs(r)) {
        if (!flatStrings(job.script).some(hasInvocation)) continue;
        checked++;
        expect([0, 1, 2].map((code) => ({ job: name, code, failed: simulateGitlabJob(job, code) }))).toEqual([
          { job: name, code: 0, failed: false },
          { job: name, code: 1, failed: true },
          { job: name, code: 2, failed: true },
        ]);
        // The reports of a failed check are kept.
        expect({ job: name, when: (job.artifacts as Json | undefined)?.when }).toEqual({ job: name, when: 'always' });
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  test('no secret can be printed', () => {
    const r = load(file, platform);
    const problems = shellSources(r).flatMap((s) => leaks(s.text).map((l) => `${s.where}: ${l}`));
    expect(problems).toEqual([]);
    // Secrets reach steps only through env: maps.
    const misplaced = strings(r.doc)
      .filter(({ value }) => /\bsecrets\./.test(value))
      .filter(({ path }) => path[path.length - 2] !== 'env')
      .map(({ path }) => path.join('.'));
    expect(misplaced).toEqual([]);
    if (platform === 'gitlab') {
      const traces = strings(r.doc).filter(({ path, value }) => path[path.length - 1] === 'CI_DEBUG_TRACE' && value !== 'false');
      expect(traces).toEqual([]);
    }
  });

  if (platform === 'github') {
    test('pins every action to a version', () => {
      const uses = strings(load(file, platform).doc)
        .filter(({ path }) => path[path.length - 1] === 'uses')
        .map(({ value }) => value);
      expect(uses.length).toBeGreaterThan(0);
      expect(uses.filter((u) => !/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/.test(u))).toEqual([]);
    });
  }
});

describe('docs/ci/github-pull-request.yml', () => {
  const r = () => load('github-pull-request.yml', 'github');
  const job = () => (r().doc.jobs as Record<string, Json>).check;

  test('runs on pull requests with the permissions SARIF upload and the comment need, and no more', () => {
    expect(Object.keys(r().doc.on as Json)).toEqual(['pull_request']);
    expect(r().doc.permissions).toEqual({ contents: 'read', 'security-events': 'write', 'pull-requests': 'write' });
  });

  test('uses Node 20 with the npm cache, npm ci and cdktf synth before the check', () => {
    const steps = job().steps as Json[];
    const setup = steps.find((s) => String(s.uses).startsWith('actions/setup-node@'));
    expect(setup?.with).toMatchObject({ 'node-version': 20, cache: 'npm' });
    const runs = steps.map((s) => String(s.run ?? ''));
    const at = (re: RegExp) => runs.findIndex((t) => re.test(t));
    expect(at(/^npm ci\b/)).toBeGreaterThanOrEqual(0);
    expect(at(/npx cdktf synth/)).toBeGreaterThan(at(/^npm ci\b/));
    expect(at(/npx cts-audit check/)).toBeGreaterThan(at(/npx cdktf synth/));
  });

  test('uploads the SARIF file the check writes', () => {
    const steps = job().steps as Json[];
    const check = steps.find((s) => typeof s.run === 'string' && hasInvocation(s.run))!;
    const written = invocationsIn([{ where: 'check', text: String(check.run) }]).flatMap((i) => outputsOf(i.argv));
    const sarif = written.filter((o) => o.format === 'sarif').map((o) => o.file);
    const upload = steps.find((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif@'));
    expect(upload).toBeDefined();
    expect(sarif).toContain((upload!.with as Json).sarif_file);
  });

  test('updates the comment that carries the marker the Markdown report starts with', async () => {
    const steps = job().steps as Json[];
    const comment = steps.find((s) => String(s.uses).startsWith('actions/github-script@'));
    const script = String((comment?.with as Json | undefined)?.script);
    expect(script).toContain(`'${MARKDOWN_MARKER}'`);
    expect(script).toMatch(/updateComment/);
    expect(script).toMatch(/createComment/);
    // The file it posts is the one the check writes, and the report's first line is that marker.
    const check = steps.find((s) => typeof s.run === 'string' && hasInvocation(s.run))!;
    const md = invocationsIn([{ where: 'check', text: String(check.run) }])
      .flatMap((i) => outputsOf(i.argv))
      .find((o) => o.format === 'markdown');
    expect(script).toContain(`'${md?.file}'`);
    const out = await runIn(inputs, ['check', 'cdktf.out', '--format', 'markdown']);
    expect(out.stdout.split('\n')[0]).toBe(MARKDOWN_MARKER);
  });

  test('a job without the final gate would pass a failing check (the simulation tells them apart)', () => {
    const doc = r().doc;
    const withoutGate = { ...job(), steps: (job().steps as Json[]).filter((s) => !/steps\.check\.outputs/.test(String(s.if))) };
    expect(simulateGithubJob(doc, withoutGate, 1).failed).toBe(false);
    expect(simulateGithubJob(doc, job(), 1).failed).toBe(true);
  });
});

describe('docs/ci/github-deploy.yml', () => {
  const r = () => load('github-deploy.yml', 'github');
  const jobs = () => r().doc.jobs as Record<string, Json>;
  const runs = (job: Json) => ((job.steps as Json[]) ?? []).map((s) => String(s.run ?? ''));

  test('deploys on push to main and by hand, with Terraform and the subscribers from a variable', () => {
    const on = r().doc.on as Json;
    expect((on.push as Json).branches).toEqual(['main']);
    expect(on).toHaveProperty('workflow_dispatch');
    const deploy = jobs().deploy;
    expect(deploy.environment).toBeDefined();
    expect((deploy.steps as Json[]).some((s) => String(s.uses).startsWith('hashicorp/setup-terraform@'))).toBe(true);
    const step = (deploy.steps as Json[]).find((s) => /npx cdktf deploy cts-audit --auto-approve/.test(String(s.run)));
    expect(step?.env).toMatchObject({
      CTS_AUDIT_SUBSCRIBERS: '${{ vars.CTS_AUDIT_SUBSCRIBERS }}',
      HW_SECRET_KEY: '${{ secrets.HW_SECRET_KEY }}',
    });
  });

  test('checks the account after the deploy, saves a snapshot and uploads it as evidence', () => {
    const deploy = jobs().deploy;
    const inv = invocationsIn(runs(deploy).map((text) => ({ where: 'deploy', text })));
    expect(inv).toHaveLength(1);
    expect(inv[0].argv).toEqual(expect.arrayContaining(['check', '--live', '--save-snapshot']));
    const snapshot = outputsOf(inv[0].argv).find((o) => o.format === 'snapshot')!.file;
    const upload = (deploy.steps as Json[]).find((s) => String(s.uses).startsWith('actions/upload-artifact@'));
    expect(substituteExpressions(String((upload?.with as Json).path))).toContain(snapshot);
  });

  test('has a nightly scheduled job that runs only the live check, over several regions', () => {
    const on = r().doc.on as Json;
    expect((on.schedule as Json[])[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
    const nightly = jobs().nightly;
    expect(condition(nightly.if, { github: { event_name: 'schedule' }, inputs: {} }, { failed: false, reportsWritten: false })).toBe(true);
    expect(condition(jobs().deploy.if, { github: { event_name: 'schedule' }, inputs: {} }, { failed: false, reportsWritten: false })).toBe(
      false,
    );
    expect(condition(jobs().deploy.if, { github: { event_name: 'push' }, inputs: {} }, { failed: false, reportsWritten: false })).toBe(
      true,
    );
    expect(runs(nightly).some((t) => /cdktf|terraform/.test(t))).toBe(false);
    const inv = invocationsIn(runs(nightly).map((text) => ({ where: 'nightly', text })));
    expect(inv).toHaveLength(1);
    expect(inv[0].argv).toContain('--live');
    expect(inv[0].argv.filter((a) => a === '--region').length).toBeGreaterThanOrEqual(2);
  });
});

describe('docs/ci/gitlab-ci.yml', () => {
  const r = () => load('gitlab-ci.yml', 'gitlab');
  const jobs = () => Object.fromEntries(gitlabJobs(r()));

  test('reports JUnit natively, keeps SARIF as a plain artifact, and never declares it a SAST report', () => {
    for (const [name, job] of gitlabJobs(r())) {
      const reports = ((job.artifacts as Json | undefined)?.reports ?? {}) as Json;
      expect({ name, sast: reports.sast }).toEqual({ name, sast: undefined });
      const written = invocationsIn(flatStrings(job.script).map((text) => ({ where: name, text }))).flatMap((i) => outputsOf(i.argv));
      if (written.length === 0) continue;
      expect(written.filter((o) => o.format === 'junit').map((o) => o.file)).toContain(reports.junit);
      const paths = flatStrings((job.artifacts as Json).paths);
      for (const o of written.filter((w) => w.format === 'sarif')) expect(paths).toContain(o.file);
    }
    expect(r().text).toMatch(/SARIF is not GitLab's SAST format|not SARIF/);
  });

  test('checks merge requests and the default branch, deploys from the default branch, and audits nightly', () => {
    const rules = (name: string) => JSON.stringify(jobs()[name].rules);
    expect(rules('cts-audit:check')).toContain('merge_request_event');
    expect(rules('cts-audit:deploy')).toContain('$CI_DEFAULT_BRANCH');
    expect(rules('cts-audit:deploy')).not.toContain('merge_request_event');
    expect(jobs()['cts-audit:nightly'].rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule"' }]);
    expect(jobs()['cts-audit:deploy'].stage).toBe('deploy');
    expect(flatStrings(jobs()['cts-audit:deploy'].script)).toContain('npx cdktf deploy cts-audit --auto-approve');
    expect(jobs()['cts-audit:nightly'].stage).toBe('audit');
  });
});

test('docs/ci/README.md: every cts-audit command line in it is valid', async () => {
  const file = join(CI_DIR, 'README.md');
  const invocations = invocationsIn(markdownSources('docs/ci/README.md', readFileSync(file, 'utf8')));
  expect(invocations.length).toBeGreaterThanOrEqual(3);
  const problems: string[] = [];
  for (const inv of invocations) {
    const p = await problemWith(inv);
    if (p) problems.push(p);
  }
  expect(problems).toEqual([]);
});

describe('the checks themselves', () => {
  test('an option the CLI does not have is caught, across a line continuation', async () => {
    const bad = recipe(
      'bad.yml',
      'github',
      [
        'on: pull_request',
        'jobs:',
        '  check:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: |',
        '          npx cts-audit check cdktf.out \\',
        '            --format sarif --output "x-${{ github.run_id }}.sarif" \\',
        '            --made-up-flag',
        '',
      ].join('\n'),
    );
    const invocations = invocationsIn(shellSources(bad));
    expect(invocations.map((i) => i.argv)).toEqual([
      ['check', 'cdktf.out', '--format', 'sarif', '--output', 'x-123.sarif', '--made-up-flag'],
    ]);
    expect(await problemWith(invocations[0])).toMatch(/exit 2: error: unknown option '--made-up-flag'/);
  });

  test('a bad value and a commented-out step are caught too', async () => {
    const bad = recipe(
      'bad.yml',
      'gitlab',
      ['job:', '  script:', '    - echo hi', '    # - npx cts-audit check cdktf.out --format yaml', ''].join('\n'),
    );
    const invocations = invocationsIn(shellSources(bad));
    expect(invocations).toHaveLength(1);
    expect(await problemWith(invocations[0])).toMatch(/unknown format "yaml"/);
  });

  test('the shell splitter', () => {
    const lookup = (name: string) => ({ R: 'a b' })[name] ?? `<${name}>`;
    expect(shellCommands(`set +e\nFOO=1 npx --yes cts-audit check "a b" 'c d' $R "$R" \\\n  x 2>&1 | tee log; code=$?`, lookup)).toEqual([
      ['set', '+e'],
      ['FOO=1', 'npx', '--yes', 'cts-audit', 'check', 'a b', 'c d', 'a', 'b', 'a b', 'x'],
      ['tee', 'log'],
      ['code=0'],
    ]);
    expect(cliArgv(['FOO=1', 'npx', '--yes', 'cts-audit', 'check'])).toEqual(['check']);
    expect(cliArgv(['if', 'npx', 'cts-audit', 'rules'])).toEqual(['rules']);
    expect(cliArgv(['npx', 'cdktf', 'deploy', 'cts-audit'])).toBeUndefined();
    expect(shellCommands('terraform show -json plan.out > plan.json && npx cts-audit check plan.json # done')).toEqual([
      ['terraform', 'show', '-json', 'plan.out'],
      ['npx', 'cts-audit', 'check', 'plan.json'],
    ]);
  });

  test('the leak detector', () => {
    expect(leaks('echo "$HW_SECRET_KEY"')).not.toEqual([]);
    expect(leaks('set -x\nnpx cts-audit check --live')).not.toEqual([]);
    expect(leaks('run: echo ${{ secrets.HW_SECRET_KEY }}')).not.toEqual([]);
    expect(leaks('printenv | sort')).not.toEqual([]);
    expect(leaks('set +e\nnpx cts-audit check --live --region "$HW_REGION_NAME"')).toEqual([]);
  });

  test('the expression evaluator', () => {
    const ctx = { steps: { check: { outputs: { 'exit-code': '1' }, outcome: 'failure' } }, inputs: {}, github: { event_name: 'push' } };
    const ok = { failed: false, reportsWritten: true };
    expect(evaluateExpression("!cancelled() && steps.check.outputs.exit-code != '0'", ctx, ok)).toBe(true);
    expect(evaluateExpression("steps.missing.outputs.exit-code != '0'", ctx, ok)).toBe(true);
    expect(evaluateExpression("github.event_name != 'schedule' && !inputs.live_only", ctx, ok)).toBe(true);
    expect(evaluateExpression("hashFiles('x.sarif') != ''", ctx, { failed: false, reportsWritten: false })).toBe(false);
    expect(condition("${{ steps.check.outcome == 'failure' }}", ctx, { failed: true, reportsWritten: true })).toBe(false);
  });
});
