/**
 * What a scenario with a known answer expects of a verdict, and the checks of it. The events expected come from the
 * table, never from the verdict under test: a verdict that dropped an event, or a whole region, fails.
 */
import { defaultTable } from '../../lib/policy/bundled';
import { tableEvents } from '../../lib/policy/table';

/** By region (or region/project), then `resourceType/traceName` or `default` (every other event of the table). */
export type ByEvent<T> = Record<string, Record<string, T>>;

export interface Expectations {
  /** The status of every event, by region. */
  events: ByEvent<string>;
  /** For some events: a text one of its reasons must contain. */
  reasons?: ByEvent<string>;
  /** Likewise for near misses. */
  nearMisses?: ByEvent<string>;
  /** `ruleId: text`: a finding of that rule whose message contains the text. */
  findings?: string[];
}

interface VerdictEvent {
  region: string;
  resourceType: string;
  event: string;
  status: string;
  reasons: string[];
  nearMisses: string[];
}
export interface VerdictLike {
  regions: string[];
  events: VerdictEvent[];
  findings: Array<{ ruleId: string; message: string }>;
}

/** `resourceType/traceName` of every event of the bundled table. */
export function tableEventKeys(): string[] {
  return tableEvents(defaultTable()).map((e) => `${e.resourceType}/${e.traceName}`);
}

/** The status of every event of every region the verdict holds. */
export function statusesOf(verdict: Pick<VerdictLike, 'events'>): ByEvent<string> {
  const out: ByEvent<string> = {};
  for (const e of verdict.events) (out[e.region] ??= {})[`${e.resourceType}/${e.event}`] = e.status;
  return out;
}

/** The expected status of every event of the table in every region expected, `default` expanded. */
export function expandStatuses(events: ByEvent<string>): ByEvent<string> {
  const keys = tableEventKeys();
  for (const [region, byEvent] of Object.entries(events)) {
    const unknownKeys = Object.keys(byEvent).filter((k) => k !== 'default' && !keys.includes(k));
    if (unknownKeys.length > 0) {
      throw new Error(`expected statuses in ${region} for events the table does not have: ${unknownKeys.join(', ')}`);
    }
  }
  return Object.fromEntries(
    Object.entries(events).map(([region, byEvent]) => [region, Object.fromEntries(keys.map((k) => [k, byEvent[k] ?? byEvent.default]))]),
  );
}

/** Every status, the regions, and every reason, near miss and finding text the scenario names. */
export function expectVerdict(verdict: VerdictLike, expected: Expectations): void {
  // Places are regions, or region/project where several projects of a region are read.
  expect([...verdict.regions].sort()).toEqual([...new Set(Object.keys(expected.events).map((place) => place.split('/')[0]))].sort());
  expect(statusesOf(verdict)).toEqual(expandStatuses(expected.events));
  const keys = tableEventKeys();
  for (const field of ['reasons', 'nearMisses'] as const) {
    for (const [region, byEvent] of Object.entries(expected[field] ?? {})) {
      for (const [key, text] of Object.entries(byEvent)) {
        // "default": every event of the region, taken from the table (never from the verdict).
        for (const id of key === 'default' ? keys : [key]) {
          const e = verdict.events.find((x) => x.region === region && `${x.resourceType}/${x.event}` === id);
          expect({ region, id, [field]: e?.[field] }).toEqual({
            region,
            id,
            [field]: expect.arrayContaining([expect.stringContaining(text)]),
          });
        }
      }
    }
  }
  const findings = verdict.findings.map((f) => `${f.ruleId}: ${f.message}`);
  for (const text of expected.findings ?? []) expect(findings).toEqual(expect.arrayContaining([expect.stringContaining(text)]));
}

/** How many texts a scenario asserts: each scenario must explain its verdict by at least one. */
export function textsExpected(expected: Expectations): number {
  const count = (texts?: ByEvent<string>) => Object.values(texts ?? {}).reduce((n, byEvent) => n + Object.keys(byEvent).length, 0);
  return count(expected.reasons) + count(expected.nearMisses) + (expected.findings?.length ?? 0);
}
