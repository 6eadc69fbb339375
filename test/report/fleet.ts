/**
 * Fleet-sized verdicts for the reporter tests, made the way a fleet is
 * checked: the live check reads an emulated account (test/support/emulator)
 * region by region, and the real evaluator judges the snapshot. So every
 * reason in them is one the checker writes today.
 *
 * Each region is a copy of one of the live fixtures' account states
 * (test/fixtures/live), moved to that region and project: most are fully
 * covered, the others each have one thing to fix (a disabled notification,
 * a tracker in error, a topic without subscriber, a project the keys may
 * not read, a disabled tracker), in a fixed rotation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '../../lib/evaluate';
import { causesOf } from '../../lib/evaluate/causes';
import { countFindings, countStatuses, type Verdict } from '../../lib/evaluate/verdict';
import { readAccount, snapshotToInput } from '../../lib/live';
import { mergeInputs } from '../../lib/model';
import { defaultTable } from '../../lib/policy/bundled';
import { loadControls } from '../../lib/policy/controls';
import { DEFAULT_AK, DEFAULT_SK, endpointArgs, startEmulator, type AccountState, type Emulator } from '../support/emulator';

const LIVE = join(__dirname, '../fixtures/live');
/** The region and project the fixtures' first account is in. */
const FIXTURE_REGION = 'cn-north-4';
const FIXTURE_PROJECT = '45187796f8a6009c10b17f6e20cb26f2';

/** What a region of the fleet is like. */
export type RegionKind = 'covered' | 'notification-disabled' | 'tracker-error' | 'no-subscriber' | 'permission-denied' | 'tracker-disabled';

/** The rotation: of every ten regions, five are covered and five have one thing each to fix. */
export const ROTATION: readonly RegionKind[] = [
  'covered',
  'notification-disabled',
  'covered',
  'tracker-error',
  'covered',
  'no-subscriber',
  'covered',
  'permission-denied',
  'covered',
  'tracker-disabled',
];

function fixtureState(name: string, account = 0): AccountState {
  const scenario = JSON.parse(readFileSync(join(LIVE, name, 'account.json'), 'utf8')) as { accounts: Array<{ state: AccountState }> };
  return scenario.accounts[account].state;
}

/** The account state of one region of the fleet. */
function stateOf(kind: RegionKind): AccountState {
  switch (kind) {
    case 'covered':
      return fixtureState('01-all-covered');
    case 'notification-disabled': {
      const state = fixtureState('01-all-covered');
      for (const n of state.notifications?.smn ?? []) n.status = 'disabled';
      return state;
    }
    case 'tracker-error':
      return fixtureState('03-tracker-error-bucket-policy');
    case 'no-subscriber':
      return fixtureState('05-topic-no-subscriber');
    case 'permission-denied':
      return { ...fixtureState('01-all-covered'), faults: fixtureState('08-two-regions-permission-denied', 1).faults };
    case 'tracker-disabled':
      return fixtureState('02-tracker-disabled');
  }
}

/** The state moved to another region and project: names, URNs and bucket names follow. */
function moved(state: AccountState, region: string, project: string): AccountState {
  const text = JSON.stringify(state).split(FIXTURE_REGION).join(region).split(FIXTURE_PROJECT).join(project);
  return JSON.parse(text) as AccountState;
}

/** Region names: Huawei Cloud's, then made-up ones of the same shape. */
const REAL_REGIONS = [
  'af-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'cn-east-2',
  'cn-east-3',
  'cn-north-1',
  'cn-north-2',
  'cn-north-4',
  'cn-north-9',
  'cn-south-1',
  'cn-south-2',
  'cn-southwest-2',
  'la-north-2',
  'la-south-2',
  'me-east-1',
  'na-mexico-1',
  'sa-brazil-1',
  'tr-west-1',
];

/** `n` region names. */
export function regionNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => REAL_REGIONS[i] ?? `xx-test-${i + 1}`);
}

/** A project id (32 hexadecimal digits) for region `r` and project `p` of account `a`. */
function projectId(a: number, r: number, p: number): string {
  return `${a.toString(16).padStart(4, '0')}${r.toString(16).padStart(4, '0')}${p.toString(16).padStart(4, '0')}`.padEnd(32, 'a');
}

export interface FleetOptions {
  readonly regions: number;
  /** Projects per region (several: events are labelled `<region>/<project>`). @default 1 */
  readonly projects?: number;
  /** The kind of each place in reading order; default: {@link ROTATION}, over and over. */
  readonly kinds?: readonly RegionKind[];
  /** Which account this is, for project ids. @default 0 */
  readonly account?: number;
}

let emulator: Emulator | undefined;

/** Starts the emulator the fleets are read from (call in beforeAll). */
export async function startFleetEmulator(): Promise<void> {
  emulator ??= await startEmulator({ credentials: { [DEFAULT_AK]: DEFAULT_SK } });
}

/** Stops it (call in afterAll). */
export async function stopFleetEmulator(): Promise<void> {
  await emulator?.close();
  emulator = undefined;
}

/** Reads a fleet of one account live from the emulator and evaluates it: the verdict, and the kind of each place. */
export async function liveFleet(options: FleetOptions): Promise<{ verdict: Verdict; kinds: Map<string, RegionKind> }> {
  if (!emulator) throw new Error('liveFleet: call startFleetEmulator() first');
  const em = emulator;
  const regions = regionNames(options.regions);
  const projects = options.projects ?? 1;
  const kinds = options.kinds ?? ROTATION;
  const placeKinds = new Map<string, RegionKind>();
  const projectIds: string[] = [];
  let k = 0;
  regions.forEach((region, r) => {
    for (let p = 0; p < projects; p++) {
      const project = projectId(options.account ?? 0, r, p);
      const kind = kinds[k++ % kinds.length];
      em.setAccount(region, project, moved(stateOf(kind), region, project));
      projectIds.push(`${region}=${project}`);
      placeKinds.set(projects > 1 ? `${region}/${project}` : region, kind);
    }
  });
  const snapshot = await readAccount(
    {
      regions,
      projectIds,
      // Every service the live check reads, OBS too, answered by the emulator.
      endpoints: endpointArgs(em).filter((_, i) => i % 2 === 1),
      concurrency: 16,
      retries: 0,
    },
    { HW_ACCESS_KEY: DEFAULT_AK, HW_SECRET_KEY: DEFAULT_SK },
    { now: () => new Date('2026-11-25T12:00:00Z'), tool: { name: 'cts-audit', version: '0.1.0' } },
  );
  const verdict = evaluate(mergeInputs([snapshotToInput(snapshot, 'live')]), {
    tables: [defaultTable()],
    rules: loadControls(),
    today: '2026-11-25',
    tool: { name: 'cts-audit', version: '0.1.0' },
  });
  return { verdict, kinds: placeKinds };
}

/**
 * An organization: several accounts, each read as {@link liveFleet}, in one
 * verdict whose places are labelled `<account>/<region>/<project>`, as a
 * scan of several accounts labels them. Reporters take a label as opaque text.
 */
export async function organizationFleet(accounts: number, options: Omit<FleetOptions, 'account'>): Promise<Verdict> {
  const parts: Verdict[] = [];
  for (let a = 0; a < accounts; a++) {
    const { verdict } = await liveFleet({ ...options, projects: Math.max(2, options.projects ?? 2), account: a });
    const label = (place: string) => `acct-${a + 1}/${place}`;
    parts.push({
      ...verdict,
      regions: verdict.regions.map(label),
      events: verdict.events.map((e) => ({ ...e, region: label(e.region) })),
      findings: verdict.findings.map((f) => (f.region !== undefined ? { ...f, region: label(f.region) } : f)),
    });
  }
  const events = parts.flatMap((p) => p.events);
  const findings = parts.flatMap((p) => p.findings);
  return {
    ...parts[0],
    passed: parts.every((p) => p.passed),
    regions: parts.flatMap((p) => p.regions),
    inputs: parts.flatMap((p) => p.inputs),
    events,
    findings,
    causes: causesOf(events),
    summary: { events: countStatuses(events), findings: countFindings(findings) },
  };
}
