#!/usr/bin/env node
// `npm run bench`: speed and memory of the checker, each as a ratio against
// a floor measured side by side in the same run, on this machine:
//
//  1. checking a generated plan JSON of at least 100 MB (tens of thousands
//     of unrelated resources around the audit resources) against a bare
//     JSON.parse of the same file, timed inside the process (target <= 1.5x),
//     with the peak memory (max RSS) of each;
//  2. checking the default app's synth output (cdktf.out) against
//     `node -e 0`, timed as whole processes (target <= 3x).
//
//  3. the live check of 200 project-region pairs against the loopback
//     emulator with 50 ms of latency per request, against the ideal
//     (requests / concurrency x latency) (target <= 1.5x);
//  4. the live check of an organization's fleet, 50 accounts x 4 regions,
//     each account read through an agency (temporary credentials first),
//     with the same latency, against the same ideal (target <= 1.5x);
//  5. check time and peak memory as the plan grows from 1 MB to 200 MB,
//     with a least-squares line through them (linear growth: r^2 near 1).
//
// Every measurement runs in a fresh child process; the median of several
// runs is reported. No timed assertion lives in the unit tests.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'bin', 'cts-audit.js');
const TEMPLATE = join(ROOT, 'test', 'fixtures', 'check', '05-plan-child-module-covered', 'plan.json');
const RUNS = Number(process.env.BENCH_RUNS || 5);
const TARGET_MB = Number(process.env.BENCH_PLAN_MB || 100);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A plan with the audit resources of a real fixture and enough unrelated resources to reach the target size. */
function generatePlan(file, targetBytes) {
  const plan = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
  const tags = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`tag_${i}`, `value-${i}-${'x'.repeat(20)}`]));
  const filler = (i) => ({
    name: `ecs-${i}`,
    flavor_id: 's6.large.2',
    image_id: '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9',
    availability_zone: 'cn-north-4a',
    security_group_ids: ['3b8c1e2f-9d4a-4b5c-8e6f-7a8b9c0d1e2f', '4c9d2f30-ae5b-4c6d-9f70-8b9cad1e2f30'],
    network: [{ uuid: '5dae3041-bf6c-4d7e-a081-9cadbe2f3041', fixed_ip_v4: `10.0.${(i >> 8) & 255}.${i & 255}` }],
    system_disk_type: 'SSD',
    system_disk_size: 100,
    data_disks: [{ type: 'SSD', size: 500 }],
    user_data: 'I2Nsb3VkLWNvbmZpZwpwYWNrYWdlczogW2h0b3BdCg=='.repeat(4),
    tags,
  });
  const root = plan.planned_values.root_module;
  const sizePer = JSON.stringify(filler(0)).length * 2 + 600;
  const count = Math.ceil(targetBytes / sizePer);
  for (let i = 0; i < count; i++) {
    const values = filler(i);
    // What planned_values and resource_changes both say of a resource.
    const resource = {
      address: `huaweicloud_compute_instance.fleet[${i}]`,
      mode: 'managed',
      type: 'huaweicloud_compute_instance',
      name: 'fleet',
      index: i,
      provider_name: 'registry.terraform.io/huaweicloud/huaweicloud',
    };
    root.resources.push({ ...resource, schema_version: 0, values, sensitive_values: {} });
    plan.resource_changes.push({
      ...resource,
      change: {
        actions: ['create'],
        before: null,
        after: values,
        after_unknown: { id: true, access_ip_v4: true },
        before_sensitive: false,
        after_sensitive: {},
      },
    });
  }
  writeFileSync(file, JSON.stringify(plan));
  return count;
}

/** Runs a child that measures itself: prints {ms, maxRssMB}. */
function child(script, args) {
  const r = spawnSync(process.execPath, ['-e', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`bench child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const FLOOR = `
const { readFileSync } = require('node:fs');
const t = process.hrtime.bigint();
const doc = JSON.parse(readFileSync(process.argv[1], 'utf8'));
const ms = Number(process.hrtime.bigint() - t) / 1e6;
if (!doc) throw new Error('empty');
console.log(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
`;

const CHECK = `
const { run } = require(${JSON.stringify(join(ROOT, 'dist', 'lib', 'cli'))});
let out = '';
const t = process.hrtime.bigint();
run(['check', process.argv[1], '--format', 'json'], { stdout: (s) => (out += s), stderr: (s) => process.stderr.write(s), isTTY: false, env: {}, cwd: process.cwd(), now: () => new Date() }).then((code) => {
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const verdict = JSON.parse(out);
  console.log(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, code, passed: verdict.passed, covered: verdict.summary.events.covered }));
});
`;

/** The test emulator, transpiled from TypeScript on the fly (it uses only Node's own modules). */
function loadEmulator(dir) {
  const ts = require('typescript');
  for (const name of ['emulator', 'sdk-hmac', 'obs-sign']) {
    const source = readFileSync(join(ROOT, 'test', 'support', `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    writeFileSync(join(dir, `${name}.js`), outputText);
  }
  return require(join(dir, 'emulator.js'));
}

/** A covered account state for one region and project. */
function coveredAccount(region, projectId) {
  const urn = `urn:smn:${region}:${projectId}:cts_audit`;
  return {
    trackers: [
      {
        id: 'id',
        tracker_name: 'system',
        tracker_type: 'system',
        status: 'enabled',
        is_support_validate: true,
        kms_id: 'key',
        is_support_trace_files_encryption: true,
        lts: { is_lts_enabled: true },
        obs_info: { bucket_name: `traces-${region}` },
        management_event_selector: { exclude_service: [] },
        project_id: projectId,
      },
    ],
    notifications: {
      smn: [
        {
          notification_name: 'all',
          operation_type: 'complete',
          operations: [],
          notify_user_list: [],
          status: 'enabled',
          topic_id: urn,
          notification_id: 'n',
          notification_type: 'smn',
          project_id: projectId,
        },
      ],
      fun: [],
    },
    topics: [{ topic_urn: urn, name: 'cts_audit', display_name: 'cts', push_policy: 0, topic_id: 't' }],
    subscriptions: {
      [urn]: [
        {
          topic_urn: urn,
          protocol: 'email',
          subscription_urn: `${urn}:s`,
          owner: projectId,
          endpoint: 'secops@example.com',
          remark: '',
          status: 1,
        },
      ],
    },
    configuration: { is_sync_global_trace: true, is_support_read_only: false, support_read_only_services: ['ModelArts'] },
    buckets: { [`traces-${region}`]: { versioning: 'Enabled', encryption: { algorithm: 'kms', kmsKeyId: 'key' } } },
  };
}

async function benchLive(dir) {
  const { startEmulator, DEFAULT_AK, DEFAULT_SK } = loadEmulator(dir);
  const emulator = await startEmulator({ credentials: { [DEFAULT_AK]: DEFAULT_SK } });
  const LATENCY = 50;
  const CONCURRENCY = 25;
  const regions = Array.from({ length: 10 }, (_, i) => `cn-bench-${i + 1}`);
  const pairs = [];
  for (const region of regions) {
    for (let p = 0; p < 20; p++) {
      const projectId = `${region.replace(/\D/g, '').padStart(4, '0')}${String(p).padStart(4, '0')}`.padEnd(32, 'a');
      emulator.setAccount(region, projectId, { ...coveredAccount(region, projectId), faults: { latencyMs: LATENCY } });
      pairs.push(`${region}=${projectId}`);
    }
  }
  const args = liveArgs(
    emulator,
    regions,
    CONCURRENCY,
    pairs.flatMap((p) => ['--project-id', p]),
  );
  const { ms, requests } = await timeLive(emulator, args, { HW_ACCESS_KEY: DEFAULT_AK, HW_SECRET_KEY: DEFAULT_SK }, 22 * pairs.length);
  await emulator.close();
  report(`live check of ${pairs.length} project-region pairs`, requests, LATENCY, CONCURRENCY, ms);
}

/** The command line of a live check of `regions` against the emulator, JSON out. */
function liveArgs(emulator, regions, concurrency, extra) {
  return [
    CLI,
    'check',
    '--live',
    ...regions.flatMap((r) => ['--region', r]),
    ...extra,
    ...['cts', 'smn', 'iam'].flatMap((s) => ['--endpoint', `${s}=${emulator.url}/${s}/{region}`]),
    '--endpoint',
    `obs=${emulator.obsUrl}`,
    '--concurrency',
    String(concurrency),
    '--format',
    'json',
  ];
}

/** Runs a live check three times as a whole process; the median time and the requests of one run. */
async function timeLive(emulator, args, env, covered) {
  const runs = [];
  let requests = 0;
  for (let i = 0; i < 3; i++) {
    const before = emulator.requests.length;
    const t = process.hrtime.bigint();
    const { status, stdout, stderr } = await new Promise((resolve) => {
      const child = require('node:child_process').spawn(process.execPath, args, { env: { PATH: process.env.PATH, ...env } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code) => resolve({ status: code, stdout: out, stderr: err }));
    });
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
    requests = emulator.requests.length - before;
    const verdict = status === 0 || status === 1 ? JSON.parse(stdout) : undefined;
    if (status !== 0 || verdict.summary.events.covered !== covered) {
      throw new Error(`the live bench should pass with ${covered} events covered, got exit ${status}: ${stderr.slice(0, 500)}`);
    }
  }
  return { ms: median(runs), requests };
}

function report(what, requests, latency, concurrency, ms) {
  const ideal = (requests / concurrency) * latency;
  console.log(`${what}, ${requests} requests, ${latency} ms latency each, concurrency ${concurrency}, median of 3 (whole process):`);
  console.log(`  ideal (requests / concurrency x latency): ${ideal.toFixed(0)} ms`);
  console.log(`  cts-audit check --live:                   ${ms.toFixed(0)} ms`);
  console.log(`  ratio: ${(ms / ideal).toFixed(2)}x (target <= 1.5x)`);
}

/**
 * An organization's fleet: 50 accounts x 4 regions, one project each, every account read through its
 * agency (one assume-role request per account, one IAM project lookup per region, then the check's reads),
 * every request (IAM's too) answered after the same latency.
 */
async function benchFleet(dir) {
  const { startEmulator, DEFAULT_AK, DEFAULT_SK, IAM_PROJECT } = loadEmulator(dir);
  const emulator = await startEmulator({ credentials: { [DEFAULT_AK]: DEFAULT_SK } });
  const LATENCY = 50;
  const CONCURRENCY = 25;
  const ACCOUNTS = 50;
  const regions = Array.from({ length: 4 }, (_, i) => `cn-fleet-${i + 1}`);
  const accounts = Array.from({ length: ACCOUNTS }, (_, a) => ({ id: `f${String(a).padStart(31, '0')}`, name: `member-${a}` }));
  for (const region of regions) {
    emulator.setAccount(region, IAM_PROJECT, { faults: { latencyMs: LATENCY } });
    const projects = [];
    accounts.forEach((account, a) => {
      const projectId = `${region.replace(/\D/g, '').padStart(4, '0')}${String(a).padStart(4, '0')}`.padEnd(32, 'b');
      projects.push({ id: projectId, name: region, domain_id: account.id });
      const state = coveredAccount(region, projectId);
      const bucket = `traces-${region}-${account.name}`;
      state.trackers[0].obs_info.bucket_name = bucket;
      state.buckets = { [bucket]: { ...state.buckets[`traces-${region}`], owner: account.id } };
      emulator.setAccount(region, projectId, { ...state, faults: { latencyMs: LATENCY } });
    });
    emulator.setProjects(region, projects);
  }
  for (const account of accounts) emulator.addAgency({ domainId: account.id, domainName: account.name, name: 'cts_audit_reader' });
  writeFileSync(join(dir, 'accounts.txt'), accounts.map((a) => a.name).join('\n') + '\n');
  const args = liveArgs(emulator, regions, CONCURRENCY, ['--accounts', join(dir, 'accounts.txt'), '--agency', 'cts_audit_reader']);
  const env = { HW_ACCESS_KEY: DEFAULT_AK, HW_SECRET_KEY: DEFAULT_SK };
  const { ms, requests } = await timeLive(emulator, args, env, 22 * ACCOUNTS * regions.length);
  await emulator.close();
  report(
    `live check of an organization, ${ACCOUNTS} accounts x ${regions.length} regions through an agency`,
    requests,
    LATENCY,
    CONCURRENCY,
    ms,
  );
}

function benchGrowth(dir) {
  const sizes = (process.env.BENCH_GROWTH_MB || '1,10,50,100,200').split(',').map(Number);
  const points = [];
  for (const size of sizes) {
    const file = join(dir, `plan-${size}.json`);
    generatePlan(file, size * 1024 * 1024);
    const mb = statSync(file).size / 1024 / 1024;
    const checks = [child(CHECK, [file]), child(CHECK, [file]), child(CHECK, [file])];
    points.push({ mb, ms: median(checks.map((c) => c.ms)), rss: median(checks.map((c) => c.maxRssMB)) });
    rmSync(file);
  }
  const fit = (ys) => {
    const n = points.length;
    const xs = points.map((p) => p.mb);
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const my = ys.reduce((a, b) => a + b, 0) / n;
    const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    const intercept = my - slope * mx;
    const ssRes = ys.reduce((a, y, i) => a + (y - (intercept + slope * xs[i])) ** 2, 0);
    const ssTot = ys.reduce((a, y) => a + (y - my) ** 2, 0);
    return { slope, intercept, r2: 1 - ssRes / ssTot };
  };
  console.log('check time and peak memory as the plan grows (median of 3 each):');
  for (const p of points) {
    console.log(`  ${p.mb.toFixed(1).padStart(6)} MB plan: ${p.ms.toFixed(0).padStart(6)} ms, peak ${p.rss.toFixed(0).padStart(5)} MB`);
  }
  const time = fit(points.map((p) => p.ms));
  const mem = fit(points.map((p) => p.rss));
  console.log(`  time   = ${time.intercept.toFixed(0)} ms + ${time.slope.toFixed(2)} ms/MB (r^2 ${time.r2.toFixed(4)})`);
  console.log(`  memory = ${mem.intercept.toFixed(0)} MB + ${mem.slope.toFixed(2)} MB/MB (r^2 ${mem.r2.toFixed(4)})`);
}

function timeProcess(args, cwd) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  return { ms, status: r.status };
}

async function main() {
  if (!existsSync(CLI)) throw new Error('run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'cts-audit-bench-'));
  try {
    // BENCH_ONLY=live: only the live check's figure (the others take minutes).
    if (process.env.BENCH_ONLY === 'live') return await benchLive(dir);
    // BENCH_ONLY=fleet: only the organization's fleet.
    if (process.env.BENCH_ONLY === 'fleet') return await benchFleet(dir);
    const file = join(dir, 'plan.json');
    const unrelated = generatePlan(file, TARGET_MB * 1024 * 1024);
    const mb = statSync(file).size / 1024 / 1024;
    console.log(`plan: ${mb.toFixed(1)} MB, ${unrelated} unrelated resources around the audit resources; median of ${RUNS} runs each`);

    const floors = [];
    const checks = [];
    for (let i = 0; i < RUNS; i++) {
      floors.push(child(FLOOR, [file]));
      checks.push(child(CHECK, [file]));
    }
    const last = checks[checks.length - 1];
    if (last.code !== 0 || !last.passed || last.covered !== 22) {
      throw new Error(`the big plan should pass with 22 covered events, got ${JSON.stringify(last)}`);
    }
    const floorMs = median(floors.map((f) => f.ms));
    const checkMs = median(checks.map((c) => c.ms));
    const floorMem = median(floors.map((f) => f.maxRssMB));
    const checkMem = median(checks.map((c) => c.maxRssMB));
    console.log(`  JSON.parse alone:       ${floorMs.toFixed(0)} ms, peak ${floorMem.toFixed(0)} MB`);
    console.log(`  cts-audit check (json): ${checkMs.toFixed(0)} ms, peak ${checkMem.toFixed(0)} MB`);
    console.log(`  ratio: time ${(checkMs / floorMs).toFixed(2)}x (target <= 1.5x), peak memory ${(checkMem / floorMem).toFixed(2)}x`);

    const synth = join(ROOT, 'cdktf.out');
    if (!existsSync(join(synth, 'manifest.json'))) throw new Error('run `npm start` (or `npx cdktf synth`) first to produce cdktf.out');
    const nodeRuns = [];
    const checkRuns = [];
    for (let i = 0; i < Math.max(RUNS, 9); i++) {
      nodeRuns.push(timeProcess(['-e', '0']).ms);
      const r = timeProcess([CLI, 'check', 'cdktf.out'], ROOT);
      if (r.status !== 0) throw new Error(`checking cdktf.out exited ${r.status}`);
      checkRuns.push(r.ms);
    }
    const nodeMs = median(nodeRuns);
    const synthMs = median(checkRuns);
    console.log(`default synth output (cdktf.out), whole processes, median of ${checkRuns.length}:`);
    console.log(`  node -e 0:                 ${nodeMs.toFixed(0)} ms`);
    console.log(`  cts-audit check cdktf.out: ${synthMs.toFixed(0)} ms`);
    console.log(`  ratio: ${(synthMs / nodeMs).toFixed(2)}x (target <= 3x)`);
    await benchLive(dir);
    await benchFleet(dir);
    benchGrowth(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
