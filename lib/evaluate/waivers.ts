/**
 * Applies waivers to events and findings. Pure. A waiver that matches no
 * failing result, or that has expired, is itself a failure: a stale
 * exception must not hide a change.
 */
import type { Waiver } from '../policy/waivers';
import type { AppliedWaiver, EventResult, Finding, Severity } from './verdict';

/** Event statuses from worst to best: a waiver's `status` accepts itself and what comes after it. */
const ACCEPTS: readonly string[] = ['uncovered', 'unknown', 'partial'];

export interface WaiverOutcome {
  readonly events: EventResult[];
  readonly findings: Finding[];
}

/**
 * @param today the date the check runs, `YYYY-MM-DD`: a waiver applies through its expiry date
 * @param severity severity of the waiver findings, by rule id
 */
export function applyWaivers(
  events: readonly EventResult[],
  findings: readonly Finding[],
  waivers: readonly Waiver[],
  today: string,
  severity: (ruleId: string) => Severity,
): WaiverOutcome {
  const active = waivers.filter((w) => w.expires >= today);
  const used = new Set<Waiver>();
  const applied = (w: Waiver): AppliedWaiver => ({ id: w.id, reason: w.reason, expires: w.expires });

  const outEvents = events.map((e) => {
    if (e.status === 'covered') return e;
    const w = active.find(
      (x) =>
        x.id === e.id &&
        (!x.region || x.region === e.region || x.region === e.region.split('/')[0]) &&
        (!x.address || e.evidence.includes(x.address)) &&
        (!x.status || ACCEPTS.indexOf(e.status) >= ACCEPTS.indexOf(x.status)),
    );
    if (!w) return e;
    used.add(w);
    return { ...e, status: 'waived' as const, unwaivedStatus: e.status as Exclude<EventResult['status'], 'waived'>, waiver: applied(w) };
  });

  const outFindings = findings.map((f) => {
    const w = active.find((x) => x.id === f.ruleId && (!x.region || x.region === f.region) && (!x.address || x.address === f.address));
    if (!w) return f;
    used.add(w);
    return { ...f, waiver: applied(w) };
  });

  for (const w of waivers) {
    const where = [w.region && `in ${w.region}`, w.address && `at ${w.address}`, w.status && `while ${w.status} or better`]
      .filter(Boolean)
      .join(' ');
    if (w.expires < today) {
      outFindings.push({
        ruleId: 'waiver-expired',
        severity: severity('waiver-expired'),
        message: `the waiver for ${w.id}${where ? ` ${where}` : ''} expired on ${w.expires} ("${w.reason}"); renew it or fix what it covered`,
        ...(w.region ? { region: w.region } : {}),
      });
    } else if (!used.has(w)) {
      outFindings.push({
        ruleId: 'waiver-unmatched',
        severity: severity('waiver-unmatched'),
        message: `the waiver for ${w.id}${where ? ` ${where}` : ''} matches no failing event or finding; fix its id, region, address or status, or remove it`,
        ...(w.region ? { region: w.region } : {}),
      });
    }
  }
  return { events: outEvents, findings: outFindings };
}
