/**
 * The verdict: what evaluation produces and every reporter formats. The JSON
 * report is this object, so its shape is a public contract, versioned by
 * `schemaVersion`: add fields freely, but renaming or removing one is a new
 * schema version.
 */
import type { FileDigest } from '../digest';
import type { InputKind, SourceRef } from '../model';
import type { RuleInfo, Severity } from '../policy/controls';

// Defined with the controls they describe; part of the verdict's shape.
export type { RuleInfo, Severity } from '../policy/controls';

/**
 * The version of the verdict's shape. 2: `causes` (what to fix, each once) was added; a reader of version 1
 * that ignores fields it does not know reads version 2 unchanged.
 */
export const VERDICT_SCHEMA_VERSION = 2;

/**
 * Status of one event in one region. Only `covered` and `waived` pass.
 * - `covered`: recorded by an enabled tracker and notified, for every occurrence, to a topic with a subscriber
 * - `partial`: recorded, but only some occurrences notify (a filter or a user restriction)
 * - `unknown`: something needed to decide cannot be seen (a variable, an unknown-after-apply value, a topic defined elsewhere, an unreadable API)
 * - `uncovered`: proven not recorded or not notified
 * - `waived`: not covered, but a valid waiver accepts it
 */
export type EventStatus = 'covered' | 'partial' | 'unknown' | 'uncovered' | 'waived';

/** The statuses, worst first; a combination of results takes the worst. */
export const STATUS_ORDER: readonly EventStatus[] = ['uncovered', 'unknown', 'partial', 'covered', 'waived'];

/** Whether an event is recorded / notified. */
export type Tri = 'yes' | 'no' | 'unknown';
export type NotifiedState = Tri | 'partial';

/** Where a piece of evidence or a finding is in the inputs. */
export interface Location {
  /** Scope of the address (stack, plan, state file, live project). */
  readonly scope: string;
  readonly address: string;
  readonly source: SourceRef;
}

/** A waiver that was applied. */
export interface AppliedWaiver {
  readonly id: string;
  readonly reason: string;
  readonly expires: string;
}

/** The result for one table row's event in one region. */
export interface EventResult {
  /** Stable id: `<service>/<resourceType>/<traceName>`, the id waivers use. */
  readonly id: string;
  readonly table: string;
  /** The region; `<region>/<project>` when a live check read several projects of the region. */
  readonly region: string;
  /** The project, for live inputs. */
  readonly project?: string;
  /** The account, for accounts read through an agency (then `region` is `<account>/<region>/<project>`). */
  readonly account?: string;
  readonly service: string;
  readonly resourceType: string;
  /** The CTS trace name. */
  readonly event: string;
  /** The documentation's operation texts for this event. */
  readonly operations: readonly string[];
  /** True when CTS records the event only where read-only audit logs are on for its service. */
  readonly readOnly: boolean;
  readonly status: EventStatus;
  /** The status before a waiver, when waived. */
  readonly unwaivedStatus?: Exclude<EventStatus, 'waived'>;
  readonly recorded: Tri;
  readonly notified: NotifiedState;
  /** Addresses of the trackers, notifications, topics and subscriptions that prove or decide it. */
  readonly evidence: readonly string[];
  /**
   * Where the evidence is, for locations in reports. The first is the one to
   * look at: the tracker when the event is not recorded, else the
   * notification (or the close match) when it is not notified.
   */
  readonly locations: readonly Location[];
  /** Why the status is what it is; for anything not covered, what to do. */
  readonly reasons: readonly string[];
  /** What is close to covering it: a misspelt trace name, a wrong resource type, a disabled notification. */
  readonly nearMisses: readonly string[];
  readonly waiver?: AppliedWaiver;
}

/**
 * One thing to fix in one place: a reason that keeps events from being
 * covered (a disabled notification, a tracker in error, a project that
 * could not be read, a missing read-only configuration), said once for every
 * event it affects. Computed from the events by `lib/evaluate/causes.ts`.
 */
export interface Cause {
  /** Stable between runs: the same place, reason and elements give the same id. */
  readonly id: string;
  /** The place, as its events name it (`region`, `<region>/<project>`, ...). */
  readonly region: string;
  /** The project, when its events name one. */
  readonly project?: string;
  /** The reason, said once for all its events: where it named one event, it says "it". */
  readonly reason: string;
  /** The worst status of its events; `waived` only when every one of them is waived. */
  readonly status: Exclude<EventStatus, 'covered'>;
  /** How many of its events have each status. */
  readonly statuses: Readonly<Partial<Record<Exclude<EventStatus, 'covered'>, number>>>;
  /** The ids of the events it affects, in the verdict's order. */
  readonly events: readonly string[];
  /** Where the elements the reason names are: what to change. Empty when it names none (something is missing). */
  readonly locations: readonly Location[];
  /** What came close to covering its events, each with the ids of those it concerns. */
  readonly nearMisses: ReadonlyArray<{ readonly text: string; readonly events: readonly string[] }>;
}

/** A failed control, or a problem with the check itself (an unmatched waiver). */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly region?: string;
  readonly address?: string;
  readonly location?: Location;
  readonly waiver?: AppliedWaiver;
}

export interface StatusCounts {
  covered: number;
  partial: number;
  unknown: number;
  uncovered: number;
  waived: number;
  total: number;
}

export interface FindingCounts {
  error: number;
  warning: number;
  note: number;
  waived: number;
}

/** The whole result of a check. */
export interface Verdict {
  readonly schemaVersion: typeof VERDICT_SCHEMA_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  /** True when every required event is covered or waived and no unwaived error finding remains. */
  readonly passed: boolean;
  /** Regions the events were required in, and where they came from. */
  readonly regions: readonly string[];
  readonly regionSource: 'option' | 'inputs';
  /** The tables checked, with where each comes from (`source`: the documentation page, its table and date). */
  readonly tables: ReadonlyArray<{
    readonly id: string;
    readonly title: string;
    readonly service: string;
    readonly source?: { readonly document: string; readonly table: string; readonly updated: string; readonly url?: string };
  }>;
  /** The inputs, each with the files read to load it and their SHA-256 (none for the live API). */
  readonly inputs: ReadonlyArray<{ readonly file: string; readonly kind: InputKind; readonly files?: readonly FileDigest[] }>;
  readonly events: readonly EventResult[];
  readonly findings: readonly Finding[];
  /** What to fix: the reasons of the events that are not covered, each once per place, worst first within a place. */
  readonly causes: readonly Cause[];
  /** Every rule the check applied, for SARIF and docs. */
  readonly rules: readonly RuleInfo[];
  readonly summary: { readonly events: StatusCounts; readonly findings: FindingCounts };
}

/** The id of the event-coverage rule, in SARIF and waivers. */
export const EVENT_COVERAGE_RULE = 'event-coverage';

/** Counts events by status. */
export function countStatuses(events: readonly EventResult[]): StatusCounts {
  const counts: StatusCounts = { covered: 0, partial: 0, unknown: 0, uncovered: 0, waived: 0, total: events.length };
  for (const e of events) counts[e.status]++;
  return counts;
}

/** Counts findings by severity; waived findings are counted apart. */
export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { error: 0, warning: 0, note: 0, waived: 0 };
  for (const f of findings) {
    if (f.waiver) counts.waived++;
    else counts[f.severity]++;
  }
  return counts;
}

/** The worst of several statuses. */
export function worst(statuses: readonly EventStatus[]): EventStatus {
  let index = STATUS_ORDER.length - 1;
  for (const s of statuses) index = Math.min(index, STATUS_ORDER.indexOf(s));
  return STATUS_ORDER[index];
}
