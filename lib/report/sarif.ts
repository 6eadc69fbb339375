/**
 * The SARIF 2.1.0 report, for code scanning (GitHub, GitLab, Azure DevOps).
 *
 * One run; one rule (reportingDescriptor) per rule of the verdict; one
 * result per finding and one per event that is not covered. Waived results
 * stay in the log with an external, accepted suppression carrying the
 * waiver's justification, as SARIF intends, so that viewers show them as
 * suppressed rather than losing them.
 */
import { createHash } from 'node:crypto';
import {
  EVENT_COVERAGE_RULE,
  type AppliedWaiver,
  type EventResult,
  type Finding,
  type Location,
  type RuleInfo,
  type Severity,
  type Verdict,
} from '../evaluate/verdict';
import { type ReportOptions, cleanText, eventsInMatrixOrder, findingAddress } from './common';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
/** The key of our entry in `partialFingerprints`; bump the version if the fingerprint's recipe changes. */
export const FINGERPRINT_KEY = 'ctsAuditResult/v1';

// The subset of the SARIF object model this reporter writes.
type Level = 'none' | 'note' | 'warning' | 'error';
type PropertyBag = Record<string, unknown>;
interface Message {
  text: string;
  markdown?: string;
}
interface SarifLocation {
  physicalLocation?: {
    artifactLocation: { uri: string };
    region?: { startLine: number };
  };
  logicalLocations?: Array<{ name?: string; fullyQualifiedName: string; kind?: string }>;
  properties?: PropertyBag;
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: Level;
  message: Message;
  locations?: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: Array<{ kind: 'external'; status: 'accepted'; justification: string; properties: PropertyBag }>;
  properties?: PropertyBag;
}
interface ReportingDescriptor {
  id: string;
  name: string;
  shortDescription: Message;
  fullDescription: Message;
  help: Message;
  defaultConfiguration: { level: Level };
  properties: PropertyBag;
}
/** A SARIF log as this reporter writes it. */
export interface SarifLog {
  $schema: string;
  version: typeof SARIF_VERSION;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: ReportingDescriptor[] } };
    results: SarifResult[];
    columnKind: 'utf16CodeUnits';
    properties: PropertyBag;
  }>;
}

/** The SARIF report. */
export function sarif(verdict: Verdict, _options: ReportOptions): string {
  return JSON.stringify(sarifLog(verdict), null, 2) + '\n';
}

/** The SARIF log object, for callers that want to merge or inspect it. */
export function sarifLog(verdict: Verdict): SarifLog {
  const ruleIndex = new Map<string, number>();
  verdict.rules.forEach((r, i) => {
    if (!ruleIndex.has(r.id)) ruleIndex.set(r.id, i);
  });
  const fallbackUri = verdict.inputs[0] ? toUri(verdict.inputs[0].file) : undefined;

  const results: SarifResult[] = [
    ...eventsInMatrixOrder(verdict)
      .filter((e) => e.status !== 'covered')
      .map((e) => eventResult(e, ruleIndex.get(EVENT_COVERAGE_RULE), fallbackUri)),
    ...verdict.findings.map((f) => findingResult(f, ruleIndex.get(f.ruleId), fallbackUri)),
  ];

  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: { driver: { name: verdict.tool.name, version: verdict.tool.version, rules: verdict.rules.map(descriptor) } },
        results,
        columnKind: 'utf16CodeUnits',
        properties: {
          passed: verdict.passed,
          regions: verdict.regions,
          regionSource: verdict.regionSource,
          tables: verdict.tables,
          inputs: verdict.inputs,
          summary: verdict.summary,
        },
      },
    ],
  };
}

function descriptor(rule: RuleInfo): ReportingDescriptor {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.remediation}\n\nDocumentation: ${rule.docs}`,
      markdown: `**Remediation.** ${rule.remediation}\n\nDocumentation: \`${rule.docs}\``,
    },
    defaultConfiguration: { level: level(rule.severity) },
    // `docs` is relative to the package (docs/rules.md#id), so it cannot be a helpUri, which must be absolute.
    properties: { docs: rule.docs, tags: ['security', 'audit'] },
  };
}

function eventResult(e: EventResult, index: number | undefined, fallbackUri: string | undefined): SarifResult {
  const status = e.status === 'waived' && e.unwaivedStatus ? `waived (was ${e.unwaivedStatus})` : e.status;
  const first = e.reasons[0];
  const text = `${e.event} (${e.service}/${e.resourceType}) is ${status} in ${e.region}${first ? `: ${first}` : '.'}`;
  const [primary, ...related] = e.locations;
  const eventLogical = { name: e.event, fullyQualifiedName: `${e.region}/${e.id}` };
  const locations: SarifLocation[] = primary
    ? [location(primary)]
    : [{ ...(fallbackUri ? { physicalLocation: { artifactLocation: { uri: fallbackUri } } } : {}), logicalLocations: [eventLogical] }];
  return {
    ruleId: EVENT_COVERAGE_RULE,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: 'error',
    message: { text: cleanText(text) },
    locations,
    ...(related.length > 0 ? { relatedLocations: related.map(location) } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint([EVENT_COVERAGE_RULE, e.region, e.table, e.id]) },
    ...(e.waiver ? { suppressions: [suppression(e.waiver)] } : {}),
    properties: {
      table: e.table,
      region: e.region,
      service: e.service,
      resourceType: e.resourceType,
      event: e.event,
      operations: e.operations,
      status: e.status,
      ...(e.unwaivedStatus ? { unwaivedStatus: e.unwaivedStatus } : {}),
      recorded: e.recorded,
      notified: e.notified,
      reasons: e.reasons,
      nearMisses: e.nearMisses,
      evidence: e.evidence,
    },
  };
}

function findingResult(f: Finding, index: number | undefined, fallbackUri: string | undefined): SarifResult {
  const address = findingAddress(f);
  let locations: SarifLocation[] | undefined;
  if (f.location) {
    locations = [location(f.location)];
  } else if (address !== undefined || fallbackUri !== undefined) {
    locations = [
      {
        ...(fallbackUri ? { physicalLocation: { artifactLocation: { uri: fallbackUri } } } : {}),
        ...(address !== undefined ? { logicalLocations: [{ fullyQualifiedName: address, kind: 'resource' }] } : {}),
      },
    ];
  }
  // Without an address, the message is what tells two findings of one rule in one region apart.
  const identity = address ?? f.message;
  return {
    ruleId: f.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: level(f.severity),
    message: { text: cleanText(f.message) },
    ...(locations ? { locations } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint([f.ruleId, f.region ?? '', identity]) },
    ...(f.waiver ? { suppressions: [suppression(f.waiver)] } : {}),
    properties: {
      severity: f.severity,
      ...(f.region !== undefined ? { region: f.region } : {}),
      ...(address !== undefined ? { address } : {}),
    },
  };
}

function location(l: Location): SarifLocation {
  const { file, line, pointer, constructPath } = l.source;
  const properties: PropertyBag = { scope: l.scope };
  if (pointer !== undefined) properties.jsonPointer = pointer;
  if (constructPath !== undefined) properties.constructPath = constructPath;
  return {
    ...(file
      ? {
          physicalLocation: {
            artifactLocation: { uri: toUri(file) },
            ...(line !== undefined && Number.isInteger(line) && line >= 1 ? { region: { startLine: line } } : {}),
          },
        }
      : {}),
    logicalLocations: [{ fullyQualifiedName: l.address, kind: 'resource' }],
    properties,
  };
}

function suppression(w: AppliedWaiver) {
  return {
    kind: 'external' as const,
    status: 'accepted' as const,
    justification: w.reason,
    properties: { waiver: w.id, expires: w.expires },
  };
}

function level(severity: Severity): Level {
  return severity;
}

/** A stable hash of the parts that identify a result across runs. */
function fingerprint(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** `event-coverage` → `EventCoverage`, the conventional form of a SARIF rule name. */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/**
 * A file name as a SARIF artifact URI (a URI reference): backslashes become
 * slashes, a Windows drive path becomes a `file:` URI, a name that already
 * has a scheme (`live:cn-north-4/...`) keeps it, and characters not allowed
 * in a URI (spaces, `%`, `#`, `?`, ...) are percent-encoded. Relative names
 * stay relative, so code scanning resolves them against the repository.
 */
export function toUri(file: string): string {
  // encodeURIComponent throws on a lone surrogate; such a name is shown with U+FFFD instead.
  let path = file.replace(/\\/g, '/').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  let prefix = '';
  if (/^[A-Za-z]:\//.test(path)) {
    prefix = 'file:///';
  } else if (path.startsWith('//')) {
    prefix = 'file:';
  } else {
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(path);
    if (scheme) {
      prefix = scheme[0];
      path = path.slice(scheme[0].length);
    } else if (/^[^/]*:/.test(path)) {
      // A colon in the first segment of a relative reference would read as a scheme.
      prefix = './';
    }
  }
  const encoded = path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3A/gi, ':').replace(/%40/g, '@'))
    .join('/');
  return prefix + encoded;
}
