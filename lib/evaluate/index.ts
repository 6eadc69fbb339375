/**
 * Evaluation: (tables, model, options) → verdict. Pure: no I/O, no clock
 * (the date comes in options), no environment.
 */
import { CtsConfiguration, Model, Notification, Tracker } from '../model';
import { Rule, ruleInfo } from '../policy/controls';
import { OperationsTable, tableEvents } from '../policy/table';
import type { Waiver } from '../policy/waivers';
import { causesOf } from './causes';
import { CONTROLS, NON_CONTROL_RULES } from './controls';
import { Judgement, Place, inRegion, loc, notified, readOnlyReported, recorded } from './coverage';
import { Resolver, byLocation } from './resolve';
import {
  EVENT_COVERAGE_RULE,
  EventResult,
  EventStatus,
  Finding,
  NotifiedState,
  Tri,
  VERDICT_SCHEMA_VERSION,
  Verdict,
  countFindings,
  countStatuses,
  worst,
} from './verdict';
import { applyWaivers } from './waivers';

export interface EvaluateOptions {
  /** The traced-operations tables whose events must be covered. */
  readonly tables: readonly OperationsTable[];
  /** Rule metadata (policies/controls.json). */
  readonly rules: readonly Rule[];
  /** Regions events are required in; default: every region found in the inputs. */
  readonly regions?: readonly string[];
  /** Minimum retention of trace files in days. @default 180 */
  readonly retentionDays?: number;
  readonly waivers?: readonly Waiver[];
  /** Today, `YYYY-MM-DD`, for waiver expiry. */
  readonly today: string;
  readonly tool: { readonly name: string; readonly version: string };
}

/** Default minimum retention of trace files. */
export const DEFAULT_RETENTION_DAYS = 180;

export function evaluate(model: Model, options: EvaluateOptions): Verdict {
  if (options.tables.length === 0) throw new Error('evaluate: no table of traced operations to check');
  const rules = new Map(options.rules.map((r) => [r.id, r]));
  for (const id of [...Object.keys(CONTROLS), ...NON_CONTROL_RULES]) {
    if (!rules.has(id)) throw new Error(`rule ${id} has no metadata in policies/controls.json`);
  }
  const severity = (id: string) => rules.get(id)?.severity ?? 'error';
  const resolver = new Resolver(model);
  // A stable order: reasons and locations must not depend on the order of inputs or resources.
  const sorted = [...model.elements].sort(byLocation);
  const trackers = sorted.filter((e): e is Tracker => e.type === 'tracker');
  const notifications = sorted.filter((e): e is Notification => e.type === 'notification');
  const configurations = sorted.filter((e): e is CtsConfiguration => e.type === 'configuration');

  const regionsFromInputs = [
    ...new Set([
      ...model.elements.flatMap((e) => {
        const r = resolver.region(e);
        return r.kind === 'known' ? [r.value] : [];
      }),
      // A region a live input read is a region to check, even when nothing was found there.
      ...(model.readings ?? []).map((r) => r.region),
    ]),
  ].sort();
  const regions = options.regions && options.regions.length > 0 ? [...new Set(options.regions)] : regionsFromInputs;

  const hidden = model.diagnostics.filter((d) => d.hides);
  const events: EventResult[] = [];
  for (const table of options.tables) {
    const entries = tableEvents(table);
    const keys = new Set(entries.map((e) => `${e.resourceType}/${e.traceName}`));
    for (const place of places(regions, model, resolver)) {
      // Where a live input read the region, what is deployed decides: a plan or state cannot vouch for a
      // tracker disabled in the console, a notification deleted, or an answer that could not be read.
      const live = (model.readings ?? []).some((r) => r.region === place.region);
      // The elements that may be in this place, found once per place rather than once per event.
      const near = <E extends Tracker | Notification | CtsConfiguration>(list: E[]) =>
        list.filter((e) => inRegion(e, place, resolver).state !== 'no');
      const [placeTrackers, placeNotifications, placeConfigurations] = [near(trackers), near(notifications), near(configurations)];
      const here = <E extends Tracker | Notification | CtsConfiguration>(list: E[]) =>
        live ? list.filter((e) => e.input === 'live') : list;
      const setAside = live ? [...placeTrackers, ...placeNotifications, ...placeConfigurations].filter((e) => e.input !== 'live') : [];
      const [countedTrackers, countedNotifications, countedConfigurations] = [
        here(placeTrackers),
        here(placeNotifications),
        here(placeConfigurations),
      ];
      for (const event of entries) {
        const byTracker = recorded(place, event.service, countedTrackers, resolver);
        // A read-only operation is recorded only where CTS reports read-only operations of its service too.
        const rec = event.readOnly ? both(byTracker, readOnlyReported(place, event.service, countedConfigurations, resolver)) : byTracker;
        const notif = notified(place, event, countedNotifications, resolver, keys, notifications);
        const proven = worst([fromRecorded(rec.state), fromNotified(notif.state)]);
        // A part of the configuration that was not read may hold what is missing: not proven uncovered then.
        const hiding = proven === 'uncovered' && !live ? hidden : [];
        const status = hiding.length > 0 ? 'unknown' : proven;
        // The element to change comes first: the tracker when the event is not recorded, else the notification.
        const notificationFirst = rec.state === 'yes' && notif.state !== 'yes';
        const locations = notificationFirst ? [...notif.locations, ...rec.locations] : [...rec.locations, ...notif.locations];
        events.push({
          id: `${event.service}/${event.resourceType}/${event.traceName}`,
          table: table.id,
          region: place.label,
          ...(place.project ? { project: place.project } : {}),
          ...(place.account !== undefined ? { account: place.account } : {}),
          service: event.service,
          resourceType: event.resourceType,
          event: event.traceName,
          operations: event.operations,
          readOnly: event.readOnly,
          status,
          recorded: rec.state,
          notified: notif.state,
          evidence: [...new Set(locations.map((l) => l.address))],
          locations,
          reasons:
            status === 'covered'
              ? [...rec.reasons, ...notif.reasons]
              : [
                  ...failing(rec),
                  ...failing(notif),
                  ...setAsideReason(setAside, place.region),
                  ...hiding.map((d) => `it may be in what was not read: ${d.message}`),
                ],
          nearMisses: [...rec.nearMisses, ...notif.nearMisses],
        });
      }
    }
  }

  const findings: Finding[] = [];
  if (regions.length === 0) {
    // Say why, when it is an element whose region cannot be read (the first, in a stable order).
    const unread = sorted.map((e) => ({ e, r: resolver.region(e) })).find(({ r }) => r.kind === 'unknown');
    const why = unread && unread.r.kind === 'unknown' ? `; the region of ${unread.e.address} is unknown: ${unread.r.reason}` : '';
    findings.push({
      ruleId: EVENT_COVERAGE_RULE,
      severity: 'error',
      message: `no region to check: the inputs hold no Huawei Cloud tracker, notification, topic or bucket with a known region${why}; pass --region, or check the inputs are the right ones`,
      ...(unread ? { location: loc(unread.e) } : {}),
    });
  }
  for (const [id, control] of Object.entries(CONTROLS)) {
    findings.push(
      ...control({
        model,
        resolver,
        options: { retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS, regions },
        severity: severity(id),
        ruleId: id,
      }),
    );
  }
  for (const d of model.diagnostics) {
    const ruleId = d.rule ?? 'input-incomplete';
    findings.push({
      ruleId,
      severity: severity(ruleId),
      message: d.message,
      ...(d.address ? { address: d.address } : {}),
      location: { scope: d.source.file, address: d.address ?? '', source: d.source },
    });
  }

  const waived = applyWaivers(events, findings, options.waivers ?? [], options.today, severity);
  const summary = { events: countStatuses(waived.events), findings: countFindings(waived.findings) };
  const passed =
    regions.length > 0 &&
    waived.events.every((e) => e.status === 'covered' || e.status === 'waived') &&
    waived.findings.every((f) => f.severity !== 'error' || f.waiver !== undefined);

  return {
    schemaVersion: VERDICT_SCHEMA_VERSION,
    tool: options.tool,
    passed,
    regions,
    regionSource: options.regions && options.regions.length > 0 ? 'option' : 'inputs',
    tables: options.tables.map((t) => ({ id: t.id, title: t.title, service: t.service, source: t.source })),
    inputs: model.inputs,
    events: waived.events,
    findings: waived.findings,
    causes: causesOf(waived.events),
    rules: options.rules.map(ruleInfo),
    summary,
  };
}

/**
 * Where events are judged: each required region, split by project when
 * live inputs show projects there. A region with several projects is
 * labelled `<region>/<project>` in the verdict; with one, just the region.
 * Accounts read through an agency are judged apart, each of their places
 * labelled `<account>/<region>/<project>` (`?` for a project not found).
 */
function places(regions: readonly string[], model: Model, resolver: Resolver): Array<Place & { label: string }> {
  return regions.flatMap((region) => {
    const projects = new Set<string>();
    const accounts = new Map<string, Set<string | undefined>>();
    for (const r of model.readings ?? []) {
      if (r.region !== region) continue;
      if (r.account !== undefined) accounts.set(r.account, (accounts.get(r.account) ?? new Set()).add(r.project));
      else if (r.project !== undefined) projects.add(r.project);
    }
    for (const e of model.elements) {
      if (e.project === undefined || e.account !== undefined) continue;
      const r = resolver.region(e);
      if (r.kind === 'known' && r.value === region) projects.add(e.project);
    }
    const ofAccounts = [...accounts.keys()].sort().flatMap((account) =>
      [...accounts.get(account)!].sort().map((project) => ({
        region,
        account,
        ...(project !== undefined ? { project } : {}),
        label: `${account}/${region}/${project ?? '?'}`,
      })),
    );
    if (projects.size === 0) return ofAccounts.length > 0 ? ofAccounts : [{ region, label: region }];
    return [
      ...ofAccounts,
      ...[...projects].sort().map((project) => ({ region, project, label: projects.size > 1 ? `${region}/${project}` : region })),
    ];
  });
}

/** Both must hold: no when either is no, yes when both are, else unknown; the reasons of what does not hold. */
function both(a: Judgement<Tri>, b: Judgement<Tri>): Judgement<Tri> {
  const state: Tri = a.state === 'no' || b.state === 'no' ? 'no' : a.state === 'yes' && b.state === 'yes' ? 'yes' : 'unknown';
  const reasons = state === 'yes' ? [...a.reasons, ...b.reasons] : [...failing(a), ...failing(b)];
  // The element to change comes first: the tracker when it fails, else the configuration.
  const locations = a.state !== 'yes' || b.state === 'yes' ? [...a.locations, ...b.locations] : [...b.locations, ...a.locations];
  return { state, reasons, locations, nearMisses: [...a.nearMisses, ...b.nearMisses] };
}

/** Why elements of other inputs (plans, states, configuration) were not counted in a region read live. */
function setAsideReason(setAside: ReadonlyArray<Tracker | Notification | CtsConfiguration>, region: string): string[] {
  if (setAside.length === 0) return [];
  const names = setAside.slice(0, 3).map((e) => `${e.address} (${e.source.file})`);
  const more = setAside.length > 3 ? ` and ${setAside.length - 3} more` : '';
  return [
    `${names.join(', ')}${more} from the other inputs ${setAside.length === 1 ? 'is' : 'are'} not counted in ${region}: the region was read live, and what is deployed decides`,
  ];
}

function fromRecorded(state: Tri): EventStatus {
  return state === 'yes' ? 'covered' : state === 'no' ? 'uncovered' : 'unknown';
}

function fromNotified(state: NotifiedState): EventStatus {
  return state === 'yes' ? 'covered' : state === 'no' ? 'uncovered' : state;
}

/** The reasons of a judgement that does not prove coverage. */
function failing(j: { state: string; reasons: string[] }): string[] {
  return j.state === 'yes' ? [] : j.reasons;
}
