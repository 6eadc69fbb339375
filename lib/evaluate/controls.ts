/**
 * Controls on what keeps the evidence: the trackers and the buckets they
 * write to, and the notification quota. Each control is a pure function
 * keyed by its id in `policies/controls.json`, where its title, severity and
 * remediation live. A value the control cannot see is a finding ("cannot
 * verify"), never a pass.
 */
import { Bucket, Element, LifecycleRule, Model, Tracker, UNRESOLVED, Value } from '../model';
import { isSet, loc, reasonOf } from './coverage';
import { Resolver, byLocation } from './resolve';
import type { Finding, Location, Severity } from './verdict';

/** CTS allows this many key event notifications per region; fixed. */
export const NOTIFICATION_QUOTA = 100;

export interface ControlOptions {
  /** Minimum days trace files must be kept. */
  readonly retentionDays: number;
  /** The required regions: elements known to be elsewhere are not checked. */
  readonly regions: readonly string[];
}

interface Context {
  readonly model: Model;
  readonly resolver: Resolver;
  readonly options: ControlOptions;
  readonly severity: Severity;
  readonly ruleId: string;
}

type Control = (ctx: Context) => Finding[];

/** The controls the checker implements, by rule id. */
export const CONTROLS: Readonly<Record<string, Control>> = {
  'tracker-file-validation': perTracker((t, ctx) =>
    check(
      ctx.resolver.value(t.validateFile, t.scope),
      (v) => v,
      `${t.address} does not validate trace files (validate_file is off)`,
      `whether ${t.address} validates trace files`,
    ),
  ),
  'tracker-kms-encryption': perTracker((t, ctx) => {
    const set = isSet(t.kmsId, t.scope, ctx.resolver);
    if (set.state === 'no') return `${t.address} does not encrypt trace files with KMS (kms_id is not set)`;
    if (set.state === 'unknown') return `cannot verify whether ${t.address} encrypts trace files with KMS: ${set.reason}`;
    const key = ctx.resolver.key(t.kmsId, t.scope);
    const enabled = key ? ctx.resolver.value(key.enabled, key.scope) : undefined;
    if (enabled?.kind === 'known' && !enabled.value) {
      return `the KMS key ${key?.address} that ${t.address} encrypts trace files with is disabled (is_enabled = false): CTS cannot encrypt with it`;
    }
    return undefined;
  }),
  'tracker-lts-transfer': perTracker((t, ctx) =>
    check(
      ctx.resolver.value(t.ltsEnabled, t.scope),
      (v) => v,
      `${t.address} does not transfer traces to LTS (lts_enabled is off)`,
      `whether ${t.address} transfers traces to LTS`,
    ),
  ),
  'bucket-private': perBucket((b, ctx) => {
    const acl = check(
      ctx.resolver.value(b.acl, b.scope),
      (v) => v === 'private',
      (v) => `trace bucket ${b.address} is not private (acl = "${v}")`,
      `the ACL of trace bucket ${b.address}`,
    );
    if (acl) return acl;
    // A module not read that is given the bucket, or a plan that defers resources, may hold a policy for it.
    const hidden = ctx.model.diagnostics.find(
      (d) => d.reaches && d.reaches.scope === b.scope && (d.reaches.addresses === '*' || d.reaches.addresses.includes(b.address)),
    );
    if (hidden) return `cannot verify that no bucket policy opens trace bucket ${b.address} to everyone: ${hidden.message}`;
    for (const p of ctx.resolver.policiesOf(b)) {
      const problem = publicGrant(b, p);
      if (problem) return problem;
    }
    // An ACL resource replaces the bucket's ACL: a public grant in it opens the bucket.
    for (const { acl, bucket } of ctx.resolver.aclsOf(b)) {
      const granted = ctx.resolver.value(acl.publicAccess, acl.scope);
      if (granted.kind === 'known' && granted.value.length === 0) continue;
      if (bucket.kind === 'unknown') {
        return `cannot verify that bucket ACL ${acl.address} does not open trace bucket ${b.address} to everyone: ${bucket.reason}`;
      }
      if (granted.kind !== 'known') return `cannot verify bucket ACL ${acl.address} of trace bucket ${b.address}: ${reasonOf(granted)}`;
      return `trace bucket ${b.address} is open to everyone: bucket ACL ${acl.address} grants ${granted.value.join(', ')} to all users (public_permission)`;
    }
    return undefined;
  }),
  'bucket-encrypted': perBucket((b, ctx) => {
    const encryption = ctx.resolver.value(b.encryption, b.scope);
    const algorithm = ctx.resolver.value(b.sseAlgorithm, b.scope);
    if (encryption.kind !== 'known') return `cannot verify the encryption of trace bucket ${b.address}: ${reasonOf(encryption)}`;
    if (!encryption.value) return `trace bucket ${b.address} is not encrypted (encryption is off)`;
    if (algorithm.kind !== 'known') return `cannot verify the encryption algorithm of trace bucket ${b.address}: ${reasonOf(algorithm)}`;
    // The provider uses kms when encryption is on and no algorithm is given.
    if (algorithm.value !== undefined && algorithm.value !== 'kms') {
      return `trace bucket ${b.address} is encrypted with ${algorithm.value}, not a KMS key (sse_algorithm = "kms")`;
    }
    return undefined;
  }),
  'bucket-versioned': perBucket((b, ctx) =>
    check(
      ctx.resolver.value(b.versioning, b.scope),
      (v) => v,
      `trace bucket ${b.address} does not keep versions (versioning is off)`,
      `whether trace bucket ${b.address} keeps versions`,
    ),
  ),
  'bucket-retention': perBucket((b, ctx, trackers) => {
    const rules = ctx.resolver.value(b.lifecycleRules, b.scope);
    if (rules.kind !== 'known') return `cannot verify how long trace bucket ${b.address} keeps trace files: ${reasonOf(rules)}`;
    const prefixes = trackers.map((t) => {
      const p = ctx.resolver.value(t.filePrefix, t.scope);
      return p.kind === 'known' ? `${p.value ? `${p.value}/` : ''}CloudTraces/` : '';
    });
    // The shortest expiration, of current versions or of noncurrent ones, among the enabled rules on the trace files.
    const shortest = (days: (r: LifecycleRule) => number | undefined): number | undefined => {
      const short = rules.value
        .filter((r) => r.enabled && prefixes.some((p) => p.startsWith(r.prefix) || r.prefix.startsWith(p)))
        .map(days)
        .filter((d): d is number => d !== undefined && d < ctx.options.retentionDays);
      return short.length > 0 ? Math.min(...short) : undefined;
    };
    const required = ctx.options.retentionDays;
    const current = shortest((r) => r.expirationDays);
    if (current !== undefined) {
      return `trace bucket ${b.address} expires trace files after ${plural(current, 'day')}, under the required ${required}`;
    }
    // With versioning, an overwritten or deleted trace file lives on as a noncurrent version: as long as required.
    const noncurrent = shortest((r) => r.noncurrentExpirationDays);
    if (noncurrent === undefined) return undefined;
    return `trace bucket ${b.address} deletes overwritten or deleted trace files (noncurrent versions) after ${plural(noncurrent, 'day')}, under the required ${required}`;
  }),
  'bucket-force-destroy': perBucket((b, ctx) =>
    check(
      ctx.resolver.value(b.forceDestroy, b.scope),
      (v) => !v,
      `trace bucket ${b.address} can be force-destroyed with all its trace files (force_destroy = true)`,
      `whether trace bucket ${b.address} can be force-destroyed`,
    ),
  ),
  'notification-quota': (ctx) => {
    const byRegion = new Map<string, Map<string, number>>();
    const unplaced = new Map<string, number>();
    for (const e of ctx.model.elements) {
      if (e.type !== 'notification') continue;
      const region = ctx.resolver.region(e);
      const name = ctx.resolver.value(e.name, e.scope);
      // The same notification seen in a plan and a state counts once; one that stands for many instances, for each.
      const identity = name.kind === 'known' ? `name:${name.value}` : `address:${e.scope}\u0000${e.address}`;
      const counted = region.kind === 'known' ? (byRegion.get(region.value) ?? new Map<string, number>()) : unplaced;
      counted.set(identity, Math.max(counted.get(identity) ?? 0, e.instances ?? 1));
      if (region.kind === 'known') byRegion.set(region.value, counted);
    }
    const sum = (m: Map<string, number> | undefined, skip?: Map<string, number>) =>
      [...(m ?? new Map<string, number>())].reduce((n, [id, k]) => n + (skip?.has(id) ? 0 : k), 0);
    const findings: Finding[] = [];
    for (const region of ctx.options.regions) {
      const count = sum(byRegion.get(region));
      const extra = sum(unplaced, byRegion.get(region));
      const base = { ruleId: ctx.ruleId, severity: ctx.severity, region };
      if (count > NOTIFICATION_QUOTA) {
        findings.push({
          ...base,
          message: `${region} has ${count} key event notifications; CTS allows at most ${NOTIFICATION_QUOTA} per region, so some would fail to apply`,
        });
      } else if (count + extra > NOTIFICATION_QUOTA) {
        findings.push({
          ...base,
          message: `cannot verify the quota of ${NOTIFICATION_QUOTA} key event notifications in ${region}: it has ${count}, and ${extra} more whose region is unknown may be there too`,
        });
      }
    }
    return findings;
  },
  'notification-name-unique': (ctx) => {
    // Within one configuration, plan or state, two resources (or instances) with one name in one region are two
    // notifications CTS would refuse to hold: the second fails to apply, or both manage one and fight.
    const seen = new Map<string, Element & { type: 'notification' }>();
    const findings: Finding[] = [];
    for (const e of [...ctx.model.elements].sort(byLocation)) {
      if (e.type !== 'notification' || e.input === 'live') continue;
      const region = ctx.resolver.region(e);
      const name = ctx.resolver.value(e.name, e.scope);
      if (region.kind !== 'known' || name.kind !== 'known') continue;
      if ((e.instances ?? 1) > 1) {
        findings.push(
          finding(
            ctx,
            `${e.address} stands for ${e.instances} notifications all named "${name.value}" in ${region.value}: CTS notification names are unique in a region, so all but one would fail to apply; give each instance its own name`,
            e.address,
            loc(e),
            region.value,
          ),
        );
        continue;
      }
      const key = `${e.scope}\u0000${region.value}\u0000${name.value}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, e);
        continue;
      }
      findings.push(
        finding(
          ctx,
          `${first.address} and ${e.address} are both named "${name.value}" in ${region.value}: CTS notification names are unique in a region, so one of them would fail to apply; rename one`,
          e.address,
          loc(e),
          region.value,
        ),
      );
    }
    return findings;
  },
};

/** Rules handled elsewhere (coverage, waivers, input diagnostics), not by a control function. */
export const NON_CONTROL_RULES = new Set([
  'event-coverage',
  'waiver-unmatched',
  'waiver-expired',
  'input-incomplete',
  'resource-unmodeled',
]);

/** A finding message when `test` fails on a known value; "cannot verify" when unknown; undefined on a pass. */
function check<T>(v: Value<T>, test: (value: T) => boolean, failure: string | ((value: T) => string), what: string): string | undefined {
  if (v.kind !== 'known') return `cannot verify ${what}: ${reasonOf(v)}`;
  if (test(v.value)) return undefined;
  return typeof failure === 'string' ? failure : failure(v.value);
}

/**
 * Trackers that record (or might) in a required region (or in an unknown
 * one): controls on disabled trackers, or on regions not asked for, say
 * nothing about the trail being checked.
 */
function activeTrackers(ctx: Context): Tracker[] {
  return ctx.model.elements.filter((e): e is Tracker => {
    if (e.type !== 'tracker') return false;
    const enabled = ctx.resolver.value(e.enabled, e.scope);
    const region = ctx.resolver.region(e);
    if (region.kind === 'known' && !ctx.options.regions.includes(region.value)) return false;
    return !(enabled.kind === 'known' && enabled.value === false);
  });
}

function perTracker(test: (t: Tracker, ctx: Context) => string | undefined): Control {
  return (ctx) =>
    activeTrackers(ctx).flatMap((t) => {
      const message = test(t, ctx);
      return message ? [finding(ctx, message, t.address, loc(t), regionName(t, ctx))] : [];
    });
}

/**
 * Runs a bucket control on every bucket a tracker writes to. A trace bucket
 * that is not in the inputs cannot be verified, which is a finding.
 */
function perBucket(test: (b: Bucket, ctx: Context, trackers: Tracker[]) => string | undefined): Control {
  return (ctx) => {
    const buckets = new Map<string, { bucket: Bucket; trackers: Tracker[] }>();
    const findings: Finding[] = [];
    for (const t of activeTrackers(ctx)) {
      const set = isSet(t.bucketName, t.scope, ctx.resolver);
      if (set.state === 'no') continue; // LTS only: no bucket to check
      const { buckets: found, name } = ctx.resolver.bucket(t.bucketName, t.scope);
      // The live check does not read OBS: its loader reports the unseen bucket once, as an incomplete input.
      if (found.length === 0 && t.input === 'live') continue;
      if (found.length === 0) {
        const what = name.kind === 'known' ? `bucket "${name.value}"` : 'its bucket';
        findings.push(
          finding(
            ctx,
            `cannot verify ${what}, which ${t.address} writes trace files to: it is not defined in any input; pass the configuration or state that defines it`,
            t.address,
            loc(t),
            regionName(t, ctx),
          ),
        );
        continue;
      }
      // Every copy of the bucket (a plan's and a state's) must pass.
      for (const bucket of found) {
        const id = `${bucket.scope}\u0000${bucket.address}`;
        const entry = buckets.get(id) ?? { bucket, trackers: [] };
        entry.trackers.push(t);
        buckets.set(id, entry);
      }
    }
    for (const { bucket, trackers } of buckets.values()) {
      const message = test(bucket, ctx, trackers);
      if (message) findings.push(finding(ctx, message, bucket.address, loc(bucket), regionName(bucket, ctx)));
    }
    return findings;
  };
}

function regionName(e: Tracker | Bucket, ctx: Context): string | undefined {
  const r = ctx.resolver.region(e);
  return r.kind === 'known' ? r.value : undefined;
}

function finding(ctx: Context, message: string, address: string, location: Location, region: string | undefined): Finding {
  return { ruleId: ctx.ruleId, severity: ctx.severity, message, address, location, ...(region ? { region } : {}) };
}

/**
 * Whether a bucket policy lets everyone at the trace files: an Allow
 * statement whose principal is everyone (`*`, `{"ID": ["*"]}`, `{"AWS": "*"}`)
 * or a NotPrincipal. A policy the checker cannot read is a finding too.
 */
function publicGrant(b: Bucket, p: ReturnType<Resolver['policiesOf']>[number]): string | undefined {
  const name = p.element === b ? `the policy of trace bucket ${b.address}` : `bucket policy ${p.element.address}`;
  if (p.bucket.kind === 'unknown') {
    return `cannot verify that ${name} does not open trace bucket ${b.address} to everyone: its bucket is unknown (${p.bucket.reason})`;
  }
  if (p.policy.kind !== 'known') return `cannot verify ${name}: ${reasonOf(p.policy)}`;
  if (p.policy.value === undefined || p.policy.value.trim() === '') return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(p.policy.value);
  } catch {
    return `cannot verify ${name}: it is not JSON the checker can read (is it built with a function such as jsonencode? check a plan)`;
  }
  const raw = isRecord(doc) ? doc.Statement : undefined;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  for (const [i, st] of statements.entries()) {
    if (!isRecord(st)) return `cannot verify ${name}: statement ${i + 1} is not an object`;
    const sid = typeof st.Sid === 'string' ? ` "${st.Sid}"` : ` ${i + 1}`;
    if (String(st.Effect).includes(UNRESOLVED)) {
      return `cannot verify ${name}: the Effect of statement${sid} is known only when Terraform runs; check a plan`;
    }
    if (String(st.Effect).toLowerCase() !== 'allow') continue;
    const actions = [st.Action ?? st.NotAction].flat().map(String).join(', ');
    if (st.NotPrincipal !== undefined) {
      return `trace bucket ${b.address} is open to everyone but a few: ${name}, statement${sid}, allows ${actions} with NotPrincipal`;
    }
    const principals = principalValues(st.Principal);
    if (principals.some((x) => x.includes(UNRESOLVED)) || JSON.stringify(st.NotPrincipal ?? '').includes(UNRESOLVED)) {
      return `cannot verify ${name}: the principal of statement${sid} is known only when Terraform runs; check a plan`;
    }
    if (principals.includes('*')) {
      const condition = st.Condition !== undefined ? ', under a condition the checker does not evaluate' : '';
      return `trace bucket ${b.address} is open to everyone: ${name}, statement${sid}, allows ${actions} to principal *${condition}`;
    }
  }
  return undefined;
}

/** The principal strings of a statement: `"*"`, `{"ID": [...]}`, `{"AWS": ...}`, `{"*": ...}`. */
function principalValues(principal: unknown): string[] {
  if (principal === undefined) return [];
  if (typeof principal === 'string') return [principal];
  if (Array.isArray(principal)) return principal.map(String);
  if (isRecord(principal)) {
    return Object.entries(principal).flatMap(([k, v]) => (k === '*' ? ['*'] : [v].flat().map(String)));
  }
  return [String(principal)];
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
