/**
 * Fuzz tests of the loaders, through the CLI contract: whatever the input,
 * `cts-audit check PATH --format json`
 *   - resolves (no uncaught exception or rejection), within 5 s;
 *   - exits 0, 1 or 2;
 *   - on 2, writes exactly one line to stderr, "cts-audit: <the file>...";
 *   - on 0 or 1, writes a JSON report with schemaVersion to stdout;
 *   - never pollutes Object.prototype, Array.prototype or the built-ins.
 *
 * Every mutant starts from a real fixture (test/fixtures, and snapshots in
 * test/fuzz/seeds saved by `check --live --save-snapshot` against the
 * emulator) and is mutated deterministically (mutate.ts). FUZZ_SEED and
 * FUZZ_COUNT (mutants per kind) change the run; FUZZ_ONLY=hcl#12,plan#3
 * runs those mutants only and keeps their folders; a failure names the
 * seed, the mutant and what was done to it.
 *
 * Bugs found are pinned by the "BUG: ..." tests at the end with a minimal
 * input; fuzz findings that match one of them are counted, not failed again
 * (KNOWN_BUGS), so a fuzz test fails only on something new.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { VERDICT_SCHEMA_VERSION } from '../../lib/evaluate/verdict';
import {
  HCL_CATEGORIES,
  HUGE,
  JSON_CATEGORIES,
  MB,
  Json,
  Mutant,
  Rng,
  deepHcl,
  findObject,
  marker,
  mutateHcl,
  mutateJson,
  protoEverywhere,
  serialize,
  setAt,
  withOwn,
} from './mutate';

type Cli = typeof import('../../lib/cli');

const SEED = Number(process.env.FUZZ_SEED ?? 0xc75a0d17);
const PER_KIND = Number(process.env.FUZZ_COUNT ?? 60);
const TIME_LIMIT_MS = 5000;
/** `kind#index,...`: run those mutants only, and keep their folders (to reproduce a finding). */
const ONLY = process.env.FUZZ_ONLY;

const REPO = join(__dirname, '../..');
const FIXTURES = join(REPO, 'test/fixtures');
const SEEDS = join(__dirname, 'seeds');
const BIN = join(REPO, 'dist/bin/cts-audit.js');

/**
 * The CLI module, loaded once for every in-process mutant: an input that
 * breaks the HCL parser must not break the next one (lib/load/hcl-parser.ts).
 */
const cli = require('../../lib/cli') as Cli;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cts-audit-fuzz-'));
});
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  if (!ONLY) rmSync(work, { recursive: true, force: true });
});

// ------------------------------------------------------------------ running in-process

interface Outcome {
  code?: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** Set when run() threw or rejected, or did not settle in time. */
  failure?: string;
}

/** Runs `cts-audit check INPUT --format json` in-process, in `cwd`, with a deadline. */
async function runCheck(cwd: string, input: string, limitMs = TIME_LIMIT_MS): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${limitMs} ms`)), limitMs);
  });
  try {
    const code = await Promise.race([
      cli.run(['check', input, '--format', 'json'], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        isTTY: false,
        env: {},
        cwd,
        now: () => new Date('2026-11-25T12:00:00Z'),
      }),
      deadline,
    ]);
    return { code, stdout, stderr, ms: Date.now() - started };
  } catch (e) {
    return { stdout, stderr, ms: Date.now() - started, failure: `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
  } finally {
    clearTimeout(timer);
  }
}

/** What is wrong with an outcome under the CLI contract; empty when nothing. */
function contractProblems(o: Outcome, input: string): string[] {
  if (o.failure) return [o.failure];
  const problems: string[] = [];
  // A synchronous run cannot be interrupted by the deadline: measure it too.
  if (o.ms > TIME_LIMIT_MS) problems.push(`took ${o.ms} ms (limit ${TIME_LIMIT_MS} ms)`);
  if (o.code !== 0 && o.code !== 1 && o.code !== 2) return [...problems, `exit code ${String(o.code)}`];
  if (o.code === 2) {
    if (!o.stderr.endsWith('\n') || o.stderr.split('\n').length !== 2) {
      problems.push(`stderr is not exactly one line: ${excerpt(o.stderr)}`);
    }
    if (!o.stderr.startsWith(`cts-audit: ${input}`)) {
      problems.push(`stderr does not start with "cts-audit: ${input}": ${excerpt(o.stderr)}`);
    }
    if (o.stdout !== '') problems.push(`exit 2 with output on stdout: ${excerpt(o.stdout)}`);
  } else {
    if (o.stderr !== '') problems.push(`exit ${o.code} with stderr: ${excerpt(o.stderr)}`);
    try {
      const report = JSON.parse(o.stdout) as { schemaVersion?: unknown };
      if (report.schemaVersion !== VERDICT_SCHEMA_VERSION) problems.push(`report has schemaVersion ${String(report.schemaVersion)}`);
    } catch (e) {
      problems.push(`stdout is not JSON (${String(e)}): ${excerpt(o.stdout)}`);
    }
  }
  return problems;
}

function excerpt(text: string): string {
  return JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}... (${text.length} chars)` : text);
}

// ------------------------------------------------------------------ prototype pollution

/**
 * What is watched: the prototypes and constructors of the built-ins, and
 * every method of Object and Object.prototype (a loader that writes
 * `obj[type][name] = body` with type "constructor" or "hasOwnProperty"
 * writes onto those functions).
 */
function watched(): Array<[string, object]> {
  const roots: Array<[string, object]> = [
    ['Object', Object],
    ['Array', Array],
    ['Function', Function],
    ['String', String],
    ['Number', Number],
    ['Boolean', Boolean],
    ['Symbol', Symbol],
    ['Promise', Promise],
    ['Map', Map],
    ['Set', Set],
    ['RegExp', RegExp],
    ['Error', Error],
    ['JSON', JSON],
    ['Math', Math],
    ['Reflect', Reflect],
  ];
  const out: Array<[string, object]> = [];
  for (const [name, ctor] of roots) {
    out.push([name, ctor]);
    const proto = (ctor as { prototype?: unknown }).prototype;
    if (typeof proto === 'object' && proto !== null) out.push([`${name}.prototype`, proto]);
  }
  for (const [name, o] of [
    ['Object', Object],
    ['Object.prototype', Object.prototype],
    ['Array.prototype', Array.prototype],
  ] as const) {
    for (const key of Object.getOwnPropertyNames(o)) {
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (typeof d?.value === 'function' && d.value !== Object && d.value !== Array) out.push([`${name}.${key}`, d.value as object]);
    }
  }
  return out;
}
const WATCHED = watched();

type ProtoState = Map<object, Map<string | symbol, PropertyDescriptor>>;

function protoState(): ProtoState {
  const state: ProtoState = new Map();
  for (const [, o] of WATCHED) {
    const props = new Map<string | symbol, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(o)) props.set(key, Object.getOwnPropertyDescriptor(o, key) as PropertyDescriptor);
    state.set(o, props);
  }
  return state;
}

const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor) =>
  Object.is(a.value, b.value) &&
  a.get === b.get &&
  a.set === b.set &&
  a.writable === b.writable &&
  a.enumerable === b.enumerable &&
  a.configurable === b.configurable;

/** Differences from `before`, which are then undone so that later runs start clean. */
function pollution(before: ProtoState): string[] {
  const found: string[] = [];
  for (const [name, o] of WATCHED) {
    const props = before.get(o) as Map<string | symbol, PropertyDescriptor>;
    for (const key of Reflect.ownKeys(o)) {
      const now = Object.getOwnPropertyDescriptor(o, key) as PropertyDescriptor;
      const was = props.get(key);
      if (!was) {
        found.push(`${name}.${String(key)} added`);
        delete (o as Record<PropertyKey, unknown>)[key];
      } else if (!sameDescriptor(was, now)) {
        found.push(`${name}.${String(key)} changed`);
        Object.defineProperty(o, key, was);
      }
    }
    for (const key of props.keys()) {
      if (!Reflect.ownKeys(o).includes(key)) {
        found.push(`${name}.${String(key)} deleted`);
        Object.defineProperty(o, key, props.get(key) as PropertyDescriptor);
      }
    }
  }
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || ([] as unknown as Record<string, unknown>).polluted !== undefined) {
    found.push('({}).polluted is defined');
  }
  if (Object.getPrototypeOf(probe) !== Object.prototype) found.push('({}) has another prototype');
  return found;
}

// ------------------------------------------------------------------ kinds of input

type KindName = 'synth-file' | 'synth-dir' | 'plan' | 'state' | 'hcl' | 'snapshot';

interface Case {
  /** Path given to the CLI, relative to the case's folder. */
  input: string;
  what: string;
}

interface KindSpec {
  /** Seed inputs: files, or folders for the folder kinds. */
  seeds: string[];
  /** Writes mutant `i` of `seed` under `dir`. */
  make: (dir: string, seed: string, rng: Rng, i: number) => Case;
}

const fx = (...p: string[]) => join(FIXTURES, ...p);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

function jsonMutant(file: string, rng: Rng, i: number): Mutant {
  return mutateJson(readFileSync(file, 'utf8'), JSON_CATEGORIES[i % JSON_CATEGORIES.length], rng);
}

/** One mutated JSON file, given to the CLI as `name`. */
function singleFile(name: string, seeds: string[]): KindSpec {
  return {
    seeds,
    make: (dir, seed, rng, i) => {
      const m = jsonMutant(seed, rng, i);
      writeFileSync(join(dir, name), m.bytes);
      return { input: name, what: `${relative(REPO, seed)}: ${m.what}` };
    },
  };
}

/** A copied folder with one of its files mutated. */
function folder(
  name: string,
  seeds: string[],
  pick: (files: string[], rng: Rng) => string,
  mutate: (file: string, rng: Rng, i: number) => Mutant,
): KindSpec {
  return {
    seeds,
    make: (dir, seed, rng, i) => {
      const root = join(dir, name);
      cpSync(seed, root, { recursive: true });
      const target = pick(filesUnder(root), rng);
      const m = mutate(target, rng, i);
      writeFileSync(target, m.bytes);
      // Now and then a single .tf file of the root module instead of the folder.
      const single = name === 'infra' && target.endsWith('.tf') && !relative(root, target).includes('/') && rng.chance(0.2);
      return { input: single ? relative(dir, target) : name, what: `${relative(REPO, seed)}: ${relative(root, target)}: ${m.what}` };
    },
  };
}

const KINDS: Record<KindName, KindSpec> = {
  'synth-file': singleFile('cdk.tf.json', [
    fx('check/04-cdktf-single-file/cdk.tf.json'),
    fx('check/01-cdktf-covered/cdktf.out/stacks/notebook-audit/cdk.tf.json'),
    fx('check/02-cdktf-cross-stack/cdktf.out/stacks/audit/cdk.tf.json'),
    fx('controls/weak.cdk.tf.json'),
  ]),
  'synth-dir': folder(
    'cdktf.out',
    [fx('check/01-cdktf-covered/cdktf.out'), fx('check/02-cdktf-cross-stack/cdktf.out'), fx('check/03-cdktf-trace-name-case/cdktf.out')],
    (files, rng) => {
      const manifest = files.find((f) => f.endsWith('manifest.json')) as string;
      return rng.chance(0.45) ? manifest : rng.pick(files.filter((f) => f !== manifest));
    },
    jsonMutant,
  ),
  plan: singleFile('plan.json', [
    fx('check/05-plan-child-module-covered/plan.json'),
    fx('check/06-plan-tracker-disabled/plan.json'),
    fx('check/09-plan-filter-partial/plan.json'),
    fx('check/10-plan-two-regions/plan.json'),
    fx('controls/weak-plan.json'),
  ]),
  state: singleFile('state.json', [
    fx('check/11-state-covered/state.json'),
    fx('check/12-state-topic-no-subscription/state.json'),
    fx('check/16-state-operation-users-partial/state.json'),
    fx('controls/weak-state.json'),
  ]),
  hcl: folder(
    'infra',
    [
      '01-single-main-covered',
      '02-variables-locals-tfvars',
      '05-two-aliased-providers-trace-case',
      '06-local-module-covered',
      '07-module-providers-map',
      '08-dynamic-operations-local',
      '12-tf-json-mixed',
      '13-for-each-literal-map',
      '16-variable-precedence',
    ].map((d) => fx('hcl', d, 'infra')),
    (files, rng) => rng.pick(files),
    (file, rng, i) =>
      file.endsWith('.json')
        ? jsonMutant(file, rng, i)
        : mutateHcl(readFileSync(file, 'utf8'), HCL_CATEGORIES[i % HCL_CATEGORIES.length], rng),
  ),
  snapshot: singleFile(
    'snapshot.json',
    readdirSync(SEEDS)
      .filter((f) => f.startsWith('snapshot-'))
      .sort()
      .map((f) => join(SEEDS, f)),
  ),
};

/** A seed per (kind, mutant index), so that any mutant is reproduced alone. */
function mutantSeed(kind: KindName, i: number): number {
  let h = SEED >>> 0;
  for (const c of `${kind}#${i}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

interface Finding {
  kind: KindName;
  index: number;
  what: string;
  input: string;
  problems: string[];
  ms: number;
}

/**
 * Bugs pinned by the "BUG: ..." tests below and not fixed yet: fuzz findings
 * matching one are counted (and logged), not failed twice. Every bug found so
 * far is fixed, so this is empty: any finding fails.
 */
const KNOWN_BUGS: ReadonlyArray<{ name: string; test: (f: Finding) => boolean }> = [];

async function fuzzKind(
  kind: KindName,
): Promise<{ findings: Finding[]; known: Map<string, Finding[]>; slowest: number; codes: Record<number, number> }> {
  const spec = KINDS[kind];
  const findings: Finding[] = [];
  const known = new Map<string, Finding[]>();
  const codes: Record<number, number> = {};
  let slowest = 0;
  for (let i = 0; i < PER_KIND; i++) {
    if (ONLY && !ONLY.split(',').includes(`${kind}#${i}`)) continue;
    const rng = new Rng(mutantSeed(kind, i));
    const dir = join(work, `${kind}-${i}`);
    mkdirSync(dir, { recursive: true });
    const c = spec.make(dir, spec.seeds[i % spec.seeds.length], rng, i);
    const before = protoState();
    const outcome = await runCheck(dir, c.input);
    const polluted = pollution(before);
    if (ONLY) {
      // eslint-disable-next-line no-console
      console.log(`${c.what}\nkept in ${dir}\n${JSON.stringify({ ...outcome, stdout: excerpt(outcome.stdout) }, null, 2)}`);
    } else rmSync(dir, { recursive: true, force: true });
    if (process.env.FUZZ_TRACE) {
      writeFileSync(
        process.env.FUZZ_TRACE,
        `${kind}#${i} ${outcome.ms} ms exit ${String(outcome.code)} ${c.what.slice(0, 200)} ${excerpt(outcome.stderr)}\n`,
        { flag: 'a' },
      );
    }
    slowest = Math.max(slowest, outcome.ms);
    if (outcome.code !== undefined) codes[outcome.code] = (codes[outcome.code] ?? 0) + 1;
    const problems = [...contractProblems(outcome, c.input), ...polluted.map((p) => `prototype pollution: ${p}`)];
    if (problems.length === 0) continue;
    const finding: Finding = { kind, index: i, what: c.what, input: c.input, problems, ms: outcome.ms };
    const bug = KNOWN_BUGS.find((b) => b.test(finding));
    if (bug) known.set(bug.name, [...(known.get(bug.name) ?? []), finding]);
    else findings.push(finding);
  }
  return { findings, known, slowest, codes };
}

const describeFinding = (f: Finding) =>
  `[FUZZ_SEED=${SEED} FUZZ_ONLY=${f.kind}#${f.index}] ${f.what} (input ${f.input}, ${f.ms} ms)\n    ${f.problems.join('\n    ')}`;

describe.each(Object.keys(KINDS) as KindName[])('fuzz %s', (kind) => {
  test(`${PER_KIND} mutants: exit 0/1/2, one stderr line naming the file on 2, a JSON report on 0/1, within ${TIME_LIMIT_MS} ms, no prototype pollution`, async () => {
    const { findings, known, slowest, codes } = await fuzzKind(kind);
    const knownText = [...known].map(([name, list]) => `${name}: ${list.map((f) => `#${f.index}`).join(' ')}`).join('; ');
    if (knownText || process.env.FUZZ_VERBOSE) {
      // eslint-disable-next-line no-console
      console.log(
        `fuzz ${kind} (FUZZ_SEED=${SEED}): exit codes ${JSON.stringify(codes)}, slowest ${slowest} ms${knownText ? `; known bugs hit: ${knownText}` : ''}`,
      );
    }
    expect(findings.map(describeFinding)).toEqual([]);
  }, 120_000);
});

// ------------------------------------------------------------------ hand-made inputs

/** A folder with files: name → content. */
function caseDir(name: string, files: Record<string, string | Buffer>, copyFrom?: string, copyAs?: string): string {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (copyFrom) {
    mkdirSync(join(dir, copyAs as string, '..'), { recursive: true });
    cpSync(copyFrom, join(dir, copyAs as string), { recursive: true });
  }
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

const readSeed = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;
const SNAPSHOT_SEED = join(SEEDS, 'snapshot-01.json');
const PLAN_SEED = fx('check/05-plan-child-module-covered/plan.json');
const STATE_SEED = fx('check/11-state-covered/state.json');
const SYNTH_SEED = fx('check/04-cdktf-single-file/cdk.tf.json');

/** `seed` with `value` set at the first object `pred` accepts, under `key`. */
function edited(seed: string, pred: (o: Record<string, Json>) => boolean, key: string, value: Json): Buffer {
  const root = readSeed(seed);
  const o = findObject(root, pred);
  setAt(root, [...o.path, key], value);
  return serialize(root);
}

// ------------------------------------------------------------------ spawned: the nastiest inputs

interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdoutBytes: number;
  stdoutHead: string;
  stderr: string;
  ms: number;
}

/** Spawned processes still running, killed by afterAll (when tests are filtered out, say). */
const children = new Set<ChildProcess>();

/** Runs `node ARGS` in `cwd`, killed after `killMs`. */
/**
 * At most this many spawned runs at once, so that a run's wall time (held to
 * the time limit) is its own and not the queue's: this machine has 2 cores.
 */
const SPAWN_CONCURRENCY = 2;
let spawnedRunning = 0;
const spawnQueue: Array<() => void> = [];

async function spawnNode(args: string[], cwd: string, killMs: number): Promise<Spawned> {
  if (spawnedRunning >= SPAWN_CONCURRENCY) await new Promise<void>((go) => spawnQueue.push(go));
  spawnedRunning++;
  try {
    return await spawnNow(args, cwd, killMs);
  } finally {
    spawnedRunning--;
    spawnQueue.shift()?.();
  }
}

function spawnNow(args: string[], cwd: string, killMs: number): Promise<Spawned> {
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdoutBytes = 0;
    let stdoutHead = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdoutBytes += d.length;
      if (stdoutHead.length < 2000) stdoutHead += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 100_000) stderr += d.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), killMs);
    child.on('close', (code, signal) => {
      children.delete(child);
      clearTimeout(timer);
      resolvePromise({ code, signal, stdoutBytes, stdoutHead, stderr, ms: Date.now() - started });
    });
  });
}

interface Nasty {
  name: string;
  /** Writes the input; returns its folder and the path to give. */
  make: () => { dir: string; input: string };
}

const NASTY: Nasty[] = [
  {
    name: 'plan: the tracker\'s "enabled" is a 100 000-deep array',
    make: () => ({
      dir: caseDir('nasty-plan-deep', {
        'plan.json': edited(PLAN_SEED, (o) => o.type === 'huaweicloud_cts_tracker' && typeof o.values === 'object', 'values', {
          enabled: marker('deep-array', 100_000),
        }),
      }),
      input: 'plan.json',
    }),
  },
  {
    name: 'state: a 10 MB trace name and __proto__/constructor/prototype keys in every object',
    make: () => {
      const root = readSeed(STATE_SEED);
      const ops = findObject(root, (o) => Array.isArray(o.trace_names));
      setAt(root, [...ops.path, 'trace_names', 0], marker('huge-plain', HUGE));
      protoEverywhere(root);
      return { dir: caseDir('nasty-state-huge-proto', { 'state.json': serialize(root) }), input: 'state.json' };
    },
  },
  {
    name: 'cdk.tf.json: __proto__/constructor/prototype keys in every object, a module source 20 000 deep',
    make: () => {
      const root = readSeed(SYNTH_SEED) as Record<string, Json>;
      root.module = { audit: { source: marker('deep-mixed', 20_000) } };
      protoEverywhere(root);
      return { dir: caseDir('nasty-synth-proto-deep', { 'cdk.tf.json': serialize(root) }), input: 'cdk.tf.json' };
    },
  },
  {
    name: 'cdktf.out: stacks named __proto__, constructor and toString, one pointing at the manifest itself',
    make: () => {
      const stacks = withOwn(
        withOwn({ toString: { name: 'toString', synthesizedStackPath: 'manifest.json' } }, '__proto__', {
          name: '__proto__',
          synthesizedStackPath: 'stacks/notebook-audit/cdk.tf.json',
        }),
        'constructor',
        { prototype: { polluted: 'yes' }, synthesizedStackPath: 'stacks' },
      );
      return {
        dir: caseDir(
          'nasty-synth-dir',
          { 'cdktf.out/manifest.json': JSON.stringify({ stacks, version: '0.21.0' }) },
          fx('check/01-cdktf-covered/cdktf.out/stacks'),
          'cdktf.out/stacks',
        ),
        input: 'cdktf.out',
      };
    },
  },
  {
    name: 'HCL: a heredoc without its end marker, and a missing closing brace',
    make: () => {
      const main = readFileSync(fx('hcl/06-local-module-covered/infra/main.tf'), 'utf8');
      const damaged = main.replace(/\n}\n/, '\n\n') + '\nlocals {\n  policy = <<EOT\n{ "never": "ends"\n';
      return {
        dir: caseDir('nasty-hcl-heredoc', { 'infra/main.tf': damaged }, fx('hcl/06-local-module-covered/infra/modules'), 'infra/modules'),
        input: 'infra',
      };
    },
  },
  {
    name: 'HCL: 50 000 unary minus operators and a list nested 10 000 deep (overflow the stack inside hcl2json)',
    make: () => ({
      dir: caseDir(
        'nasty-hcl-deep',
        { 'infra/deep.tf': `locals {\n  unary = ${deepHcl('unary', 50_000)}\n  deep = ${deepHcl('list', 10_000)}\n}\n` },
        fx('hcl/01-single-main-covered/infra/main.tf'),
        'infra/main.tf',
      ),
      input: 'infra',
    }),
  },
  {
    name: 'HCL: resource "constructor" "keys" and provider "__proto__" (write onto built-ins)',
    make: () => ({
      dir: caseDir(
        'nasty-hcl-builtins',
        {
          'infra/builtins.tf':
            'resource "constructor" "keys" {\n  polluted = "yes"\n}\nprovider "__proto__" {\n  region = "cn-north-4"\n}\n',
        },
        fx('hcl/01-single-main-covered/infra/main.tf'),
        'infra/main.tf',
      ),
      input: 'infra',
    }),
  },
  {
    name: 'snapshot: a tracker name 100 000 deep, and invalid UTF-8 inside strings',
    make: () => {
      const text = serialize(
        readSeedWith(SNAPSHOT_SEED, (o) => typeof o.tracker_name === 'string', 'tracker_name', marker('deep-mixed', 100_000)),
      );
      const at = text.indexOf('"modelarts"') + 3;
      return {
        dir: caseDir('nasty-snapshot-deep', {
          'snapshot.json': Buffer.concat([text.subarray(0, at), Buffer.from([0xff, 0xc3, 0xed, 0xa0, 0x80]), text.subarray(at)]),
        }),
        input: 'snapshot.json',
      };
    },
  },
  {
    name: 'plan.json: a byte order mark and nothing else',
    make: () => ({ dir: caseDir('nasty-plan-bom', { 'plan.json': Buffer.from([0xef, 0xbb, 0xbf]) }), input: 'plan.json' }),
  },
  {
    name: 'state: truncated inside a string, ending in half a UTF-8 character',
    make: () => {
      const text = readFileSync(STATE_SEED);
      const at = text.indexOf('"ModelArts"') + 5;
      return {
        dir: caseDir('nasty-state-truncated', { 'state.json': Buffer.concat([text.subarray(0, at), Buffer.from([0xe2, 0x82])]) }),
        input: 'state.json',
      };
    },
  },
];

function readSeedWith(seed: string, pred: (o: Record<string, Json>) => boolean, key: string, value: Json): Json {
  const root = readSeed(seed);
  setAt(root, [...findObject(root, pred).path, key], value);
  return root;
}

/** Made and started once, in parallel, when the first spawned test runs. */
let spawnedRuns: Map<string, Promise<Spawned>> | undefined;
function spawned(name: string, start: () => Promise<Spawned>): Promise<Spawned> {
  spawnedRuns ??= new Map();
  let p = spawnedRuns.get(name);
  if (!p) {
    p = start();
    spawnedRuns.set(name, p);
  }
  return p;
}

describe('spawned: node dist/bin/cts-audit.js check on the nastiest mutants', () => {
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error(`${relative(REPO, BIN)} is missing: run npm run build first`);
    // Start all of them (and the spawned BUG runs) at once: they run in parallel.
    for (const n of NASTY) spawned(n.name, () => startNasty(n));
    for (const [name, start] of SPAWNED_BUGS) spawned(name, start);
  });

  test.each(NASTY.map((n) => [n.name, n] as const))(
    '%s: exit 0, 1 or 2, no stack trace',
    async (_name, n) => {
      const r = await spawned(n.name, () => startNasty(n));
      const shown = { code: r.code, signal: r.signal, ms: r.ms, stderr: r.stderr.slice(0, 500) };
      expect({ ...shown, exitCodeIs012: r.code === 0 || r.code === 1 || r.code === 2 }).toEqual({ ...shown, exitCodeIs012: true });
      expect(r.stderr).not.toContain('\n    at ');
    },
    60_000,
  );
});

/** The CLI contract for a spawned run (the report itself is only looked at, not parsed: it may be huge). */
function spawnedProblems(r: Spawned, input: string): string[] {
  const problems: string[] = [];
  if (r.signal) problems.push(`killed (${r.signal}) after ${r.ms} ms`);
  if (r.ms > TIME_LIMIT_MS) problems.push(`took ${r.ms} ms (limit ${TIME_LIMIT_MS} ms)`);
  if (r.code === 2) {
    if (!/^cts-audit: [^\n]*\n$/.test(r.stderr)) problems.push(`stderr is not exactly one line: ${excerpt(r.stderr)}`);
    if (!r.stderr.startsWith(`cts-audit: ${input}`)) {
      problems.push(`stderr does not start with "cts-audit: ${input}": ${excerpt(r.stderr)}`);
    }
  } else if (r.code === 0 || r.code === 1) {
    if (!r.stdoutHead.startsWith('{') || !r.stdoutHead.includes(`"schemaVersion": ${VERDICT_SCHEMA_VERSION}`)) {
      problems.push(`stdout is not a JSON report: ${excerpt(r.stdoutHead)}`);
    }
  } else if (!r.signal) problems.push(`exit code ${String(r.code)}`);
  return problems;
}

function startNasty(n: Nasty): Promise<Spawned> {
  const { dir, input } = n.make();
  return spawnNode([BIN, 'check', input, '--format', 'json'], dir, 30_000);
}

// ------------------------------------------------------------------ BUG: found by the fuzz tests above

/** Runs one hand-made input in-process and returns the contract problems and pollution found. */
async function checkContract(dir: string, input: string): Promise<{ problems: string[]; outcome: Outcome }> {
  const before = protoState();
  const outcome = await runCheck(dir, input);
  const polluted = pollution(before);
  return { problems: [...contractProblems(outcome, input), ...polluted.map((p) => `prototype pollution: ${p}`)], outcome };
}

interface HclCase {
  name: string;
  /** The content of infra/extra.tf (next to a covered main.tf), or of deep/main.tf. */
  text: () => string;
}

const HCL_SLOW: HclCase[] = [
  { name: 'a 1 MB list literal', text: () => `locals {\n  list = [${'"a",'.repeat(MB / 4)}]\n}\n` },
  { name: 'a 10 MB string', text: () => `locals {\n  huge = "${'A'.repeat(HUGE)}"\n}\n` },
];

const HCL_DEAD: HclCase[] = [
  {
    name: '50 000 unary minus operators (no bracket: a bracket-depth guard does not see them)',
    text: () => `locals {\n  deep = ${deepHcl('unary', 50_000)}\n}\n`,
  },
  { name: 'an object nested 12 000 deep', text: () => `locals {\n  deep = ${deepHcl('object', 12_000)}\n}\n` },
];

describe('BUG: found by fuzzing', () => {
  test('BUG: a JSON syntax error is reported with an excerpt of the file, over several lines, when V8 shortens its excerpt with a trailing "..." (lib/json.ts strips only excerpts that end with a quote)', async () => {
    // V8: Unexpected token 'x', ..."r2",\n"a": x\n,"cccccc"... is not valid JSON
    const text = '{"password": "hunter2",\n"a": x\n,"cccccccccccccccccccccccccccccccccccccccccccc": 2}\n';
    const { problems, outcome } = await checkContract(caseDir('bug-json-excerpt', { 'plan.json': text }), 'plan.json');
    expect(problems).toEqual([]);
    expect(outcome.stderr).not.toContain('r2"');
  });

  test.each([
    [
      'plan.json',
      'a tracker\'s "enabled" (elements.ts: JSON.stringify in bool())',
      () =>
        edited(PLAN_SEED, (o) => o.type === 'huaweicloud_cts_tracker' && typeof o.values === 'object', 'values', {
          enabled: marker('deep-array', 10_000),
        }),
    ],
    [
      'state.json',
      'a subscription\'s "protocol" (elements.ts: JSON.stringify in string())',
      () =>
        edited(STATE_SEED, (o) => o.type === 'huaweicloud_smn_subscription' && typeof o.values === 'object', 'values', {
          protocol: marker('deep-object', 10_000),
        }),
    ],
    [
      'cdk.tf.json',
      'a module "source" (config.ts: JSON.stringify(body.source))',
      () => serialize({ module: { audit: { source: marker('deep-array', 10_000) } } }),
    ],
    [
      'snapshot.json',
      'a tracker\'s "tracker_name" (convert.ts: String(t.tracker_name))',
      () => serialize(readSeedWith(SNAPSHOT_SEED, (o) => typeof o.tracker_name === 'string', 'tracker_name', marker('deep-array', 10_000))),
    ],
  ])(
    'BUG: %s with %s nested 10 000 deep ends in "internal error: Maximum call stack size exceeded", which names no file',
    async (file, _where, content) => {
      const { problems } = await checkContract(caseDir(`bug-deep-${file}`, { [file]: content() }), file);
      expect(problems).toEqual([]);
    },
  );

  test.each([
    ['resource "constructor" "polluted" {}', 'main.tf', 'resource "constructor" "polluted" {\n  a = 1\n}\n'],
    ['resource "hasOwnProperty" "polluted" {} (in .tf.json)', 'main.tf.json', '{"resource": {"hasOwnProperty": {"polluted": {"a": 1}}}}'],
    ['resource "constructor" "prototype" {}', 'main.tf', 'resource "constructor" "prototype" {\n  a = 1\n}\n'],
    ['provider "__proto__" {}', 'main.tf', 'provider "__proto__" {\n  region = "cn-north-4"\n}\n'],
    ['provider "constructor" {}', 'main.tf', 'provider "constructor" {\n  region = "cn-north-4"\n}\n'],
  ])(
    'BUG: HCL %s: hcl.ts merge() writes through inherited members (`into.resource.constructor` is Object: Object.polluted = body, Object.keys can be replaced) or crashes',
    async (_name, file, text) => {
      const { problems } = await checkContract(caseDir(`bug-hcl-builtins-${file}-${text.length}`, { [`infra/${file}`]: text }), 'infra');
      expect(problems).toEqual([]);
    },
  );

  test('BUG: an HCL parse error with a detail (hcl.ts parseHcl) prints several lines on stderr', async () => {
    const { problems } = await checkContract(caseDir('bug-hcl-detail', { 'infra/main.tf': 'locals {\n  x = "${a b}"\n}\n' }), 'infra');
    expect(problems).toEqual([]);
  });

  test('BUG: a resource with "region": null (or region = null in HCL) crashes evaluation: "Cannot destructure property \'region\'" (coverage.ts inRegion)', async () => {
    const { problems } = await checkContract(
      caseDir('bug-null-region', { 'cdk.tf.json': '{"resource":{"huaweicloud_cts_notification":{"n":{"region":null}}}}' }),
      'cdk.tf.json',
    );
    expect(problems).toEqual([]);
  });

  test('BUG: a provider block with "region": null (in .tf.json) crashes evaluation: "Cannot destructure property \'region\'" (coverage.ts inRegion, from the regions found in the inputs)', async () => {
    const { problems, outcome } = await checkContract(
      caseDir('bug-null-provider-region', {
        'infra/main.tf.json': JSON.stringify({
          provider: { huaweicloud: { region: null } },
          resource: { huaweicloud_cts_tracker: { t: { bucket_name: 'b', lts_enabled: true } } },
        }),
      }),
      'infra',
    );
    expect(problems).toEqual([]);
    expect(outcome.stdout).toContain('region: expected a region name such as cn-north-4, got null');
  });

  test('BUG: a plan whose provider_config_key is a number crashes: "key.indexOf is not a function" (plan.ts providerRegion)', async () => {
    const plan = JSON.parse(readFileSync(PLAN_SEED, 'utf8')) as Json;
    const resource = findObject(plan, (o) => typeof o.provider_config_key === 'string');
    setAt(plan, [...resource.path, 'provider_config_key'], 7);
    const { problems } = await checkContract(caseDir('bug-plan-provider-key', { 'plan.json': serialize(plan) }), 'plan.json');
    expect(problems).toEqual([]);
  });

  test('BUG: a 10 MB region in a state makes the report longer than V8 allows: "internal error: Invalid string length" (every event row repeats the region)', async () => {
    const state = readSeed(STATE_SEED);
    const tracker = findObject(state, (o) => o.type === 'huaweicloud_cts_tracker' && typeof o.values === 'object');
    setAt(state, [...tracker.path, 'values', 'region'], marker('huge-plain', HUGE));
    const text = serialize(state);
    const { problems, outcome } = await checkContract(caseDir('bug-state-huge-region', { 'state.json': text }), 'state.json');
    expect(problems).toEqual([]);
    expect(outcome.stdout).toContain(`region: expected a region name such as cn-north-4, got a string of ${HUGE} characters`);
  });

  test('BUG: a cdktf manifest whose stack path holds newlines and 10 MB prints an error of many lines (cli: the message is not flattened)', async () => {
    const manifest = {
      version: '0.21.0',
      stacks: { audit: { name: 'audit', synthesizedStackPath: `${'é\n"'.repeat(1000)}/cdk.tf.json` } },
    };
    const { problems, outcome } = await checkContract(
      caseDir('bug-manifest-newlines', { 'cdktf.out/manifest.json': JSON.stringify(manifest) }),
      'cdktf.out',
    );
    expect(problems).toEqual([]);
    expect(outcome.stderr.length).toBeLessThan(2200);
    expect(outcome.stderr).toContain('é\\u000a"');
  });

  test('BUG: a snapshot answer with "body": null crashes the conversion: "Cannot read properties of null" (convert.ts listOf)', async () => {
    const root = readSeed(SNAPSHOT_SEED);
    setAt(root, ['places', 0, 'answers', 0, 'body'], null);
    const { problems } = await checkContract(caseDir('bug-null-body', { 'snapshot.json': serialize(root) }), 'snapshot.json');
    expect(problems).toEqual([]);
  });

  test('BUG: a 10 MB tracker name in a snapshot makes the report longer than V8 allows: "internal error: Invalid string length" (spawned)', async () => {
    const r = await spawned(SPAWNED_BUG_NAMES.reportTooLong, startReportTooLong);
    expect(spawnedProblems(r, 'snapshot.json')).toEqual([]);
  }, 60_000);

  test.each(HCL_SLOW.map((c) => [c.name, c] as const))(
    "BUG: HCL with %s takes longer than 5 s (hcl2json, HashiCorp's parser in WebAssembly, takes ~0.7 s per MB of string and 4-7 s for 1 MB of expressions; a cap on the file size alone does not bound it) (spawned)",
    async (_name, c) => {
      const r = await spawned(c.name, () => startHclSlow(c));
      expect(spawnedProblems(r, 'infra')).toEqual([]);
    },
    60_000,
  );

  test.each(HCL_DEAD.map((c) => [c.name, c] as const))(
    'BUG: after a .tf file with %s overflows the stack inside hcl2json, its Go runtime is dead for the process: the next HCL input never finishes, later ones fail with "Go program has already exited" (library use, spawned)',
    async (_name, c) => {
      const r = await spawned(c.name, () => startHclDead(c));
      const result = JSON.parse(r.stdoutHead) as { first: unknown; second: unknown; third: unknown; stderr: string };
      // The deep input is rejected (2); the valid folder (hcl/01, covered) then passes each time.
      expect({ first: result.first, second: result.second, third: result.third }).toEqual({ first: 2, second: 0, third: 0 });
    },
    60_000,
  );
});

const SPAWNED_BUG_NAMES = { reportTooLong: 'BUG: report too long' } as const;

function startReportTooLong(): Promise<Spawned> {
  const dir = caseDir('bug-report-too-long', {
    'snapshot.json': serialize(
      readSeedWith(SNAPSHOT_SEED, (o) => typeof o.tracker_name === 'string', 'tracker_name', marker('huge-plain', HUGE)),
    ),
  });
  return spawnNode([BIN, 'check', 'snapshot.json', '--format', 'json'], dir, 40_000);
}

function startHclSlow(c: HclCase): Promise<Spawned> {
  const dir = caseDir(
    `bug-hcl-slow-${HCL_SLOW.indexOf(c)}`,
    { 'infra/extra.tf': c.text() },
    fx('hcl/01-single-main-covered/infra/main.tf'),
    'infra/main.tf',
  );
  return spawnNode([BIN, 'check', 'infra', '--format', 'json'], dir, 40_000);
}

/** Library use in one process: the deep .tf, then a valid folder twice (each with a 5 s deadline). */
function startHclDead(c: HclCase): Promise<Spawned> {
  const dir = caseDir(`bug-hcl-dead-${HCL_DEAD.indexOf(c)}`, { 'deep/main.tf': c.text() }, fx('hcl/01-single-main-covered/infra'), 'ok');
  const script = `
    const { run } = require(${JSON.stringify(join(REPO, 'dist/lib/cli/index.js'))});
    let stderr = '';
    const io = { stdout: () => {}, stderr: (t) => (stderr += t), isTTY: false, env: {}, cwd: ${JSON.stringify(dir)}, now: () => new Date('2026-11-25T12:00:00Z') };
    const within = (p) => Promise.race([p, new Promise((r) => setTimeout(() => r('did not finish within ${TIME_LIMIT_MS} ms'), ${TIME_LIMIT_MS}))]);
    (async () => {
      const first = await run(['check', 'deep', '--format', 'json'], io);
      const second = await within(run(['check', 'ok', '--format', 'json'], io));
      const third = await within(run(['check', 'ok', '--format', 'json'], io));
      process.stdout.write(JSON.stringify({ first, second, third, stderr }));
      process.exit(0);
    })();`;
  writeFileSync(join(dir, 'script.js'), script);
  return spawnNode([join(dir, 'script.js')], dir, 40_000);
}

const SPAWNED_BUGS: Array<[string, () => Promise<Spawned>]> = [
  [SPAWNED_BUG_NAMES.reportTooLong, startReportTooLong],
  ...HCL_SLOW.map((c): [string, () => Promise<Spawned>] => [c.name, () => startHclSlow(c)]),
  ...HCL_DEAD.map((c): [string, () => Promise<Spawned>] => [c.name, () => startHclDead(c)]),
];

describe('bounded work on small files: a verdict or exit 2 within the time limit, nothing allocated per identical instance', () => {
  const PROVIDER = 'provider "huaweicloud" {\n  region = "cn-north-4"\n}\n';
  const SUB = (count: string) =>
    `resource "huaweicloud_smn_subscription" "many" {\n  count     = ${count}\n  topic_urn = "urn:smn:cn-north-4:p:t"\n  protocol  = "email"\n  endpoint  = "a@example.com"\n}\n`;
  test.each<[string, Record<string, string>, number]>([
    ['count = 1000000000 on a subscription', { 'infra/main.tf': PROVIDER + SUB('1000000000') }, 1],
    ['3,000,000 subscriptions', { 'infra/main.tf': PROVIDER + SUB('3000000') }, 1],
    [
      '3,000,000 notifications whose names use count.index',
      {
        'infra/main.tf': `${PROVIDER}resource "huaweicloud_cts_notification" "n" {\n  count          = 3000000\n  name           = "n-\${count.index}"\n  operation_type = "complete"\n}\n`,
      },
      1,
    ],
    [
      'a module that calls itself with count = 3 (a cycle, refused)',
      {
        'infra/main.tf': `${PROVIDER}module "m" {\n  source = "./m"\n}\n`,
        'infra/m/main.tf': 'module "again" {\n  source = "../m"\n  count  = 3\n}\n',
      },
      2,
    ],
    [
      'modules 4 deep, 10 instances each (10,000 instances: refused past the bound)',
      {
        'infra/main.tf': `${PROVIDER}module "a" {\n  source = "./a"\n  count  = 10\n}\n`,
        'infra/a/main.tf': 'module "b" {\n  source = "../b"\n  count  = 10\n}\n',
        'infra/b/main.tf': 'module "c" {\n  source = "../c"\n  count  = 10\n}\n',
        'infra/c/main.tf': 'module "d" {\n  source = "../d"\n  count  = 10\n}\n',
        'infra/d/main.tf': SUB('1'),
      },
      2,
    ],
  ])('%s', async (name, files, exitCode) => {
    const dir = caseDir(`bounded-${name.replace(/\W+/g, '-')}`, files);
    const { problems, outcome } = await checkContract(dir, 'infra');
    expect(problems).toEqual([]);
    expect(outcome.code).toBe(exitCode);
  });

  test('a billion identical notifications count each in the quota: one element stands for them', async () => {
    const dir = caseDir('bounded-quota', {
      'infra/main.tf': `${PROVIDER}resource "huaweicloud_cts_notification" "n" {\n  count          = 1000000000\n  name           = "n-\${count.index}"\n  operation_type = "complete"\n}\n`,
    });
    const { outcome } = await checkContract(dir, 'infra');
    const verdict = JSON.parse(outcome.stdout) as { findings: Array<{ ruleId: string; message: string }> };
    expect(verdict.findings.filter((f) => f.ruleId === 'notification-quota').map((f) => f.message)).toEqual([
      'cn-north-4 has 1000000000 key event notifications; CTS allows at most 100 per region, so some would fail to apply',
    ]);
  });
});
