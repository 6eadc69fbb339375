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
    const address = `huaweicloud_compute_instance.fleet[${i}]`;
    const values = filler(i);
    root.resources.push({ address, mode: 'managed', type: 'huaweicloud_compute_instance', name: 'fleet', index: i, provider_name: 'registry.terraform.io/huaweicloud/huaweicloud', schema_version: 0, values, sensitive_values: {} });
    plan.resource_changes.push({ address, mode: 'managed', type: 'huaweicloud_compute_instance', name: 'fleet', index: i, provider_name: 'registry.terraform.io/huaweicloud/huaweicloud', change: { actions: ['create'], before: null, after: values, after_unknown: { id: true, access_ip_v4: true }, before_sensitive: false, after_sensitive: {} } });
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

function timeProcess(args, cwd) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  return { ms, status: r.status };
}

function main() {
  if (!existsSync(CLI)) throw new Error('run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'cts-audit-bench-'));
  try {
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
    if (last.code !== 0 || !last.passed || last.covered !== 22) throw new Error(`the big plan should pass with 22 covered events, got ${JSON.stringify(last)}`);
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
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
