/**
 * `cts-audit table verify --live`: compares a table with the operations CTS
 * says it traces for the table's service (`GET /v3/{project_id}/operations`),
 * which settles, on a real account, the exact service type and trace names.
 */
import type { OperationsTable } from '../policy/table';
import { tableEvents } from '../policy/table';
import type { Answer } from '../snapshot/answer';

/** What CTS reports for a service: resource type → trace names. */
export interface CtsOperations {
  readonly service: string;
  readonly byResource: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface TableDrift {
  readonly table: string;
  readonly service: string;
  /** Table rows CTS does not know, as `resourceType/traceName`. */
  readonly unknownToCts: string[];
  /** Operations CTS traces under the table's resource types that the table lacks. */
  readonly missingFromTable: string[];
  /** Service types CTS knows that differ from the table's only by case. */
  readonly serviceSuggestions: string[];
  /** Set when CTS could not be asked. */
  readonly error?: string;
}

/** Reads an operations answer; undefined when it is not one. */
export function operationsOf(answer: Answer): Array<{ service: string; resource: string; names: string[] }> | undefined {
  const list = (answer.body as { operations?: unknown } | undefined)?.operations;
  if (!Array.isArray(list)) return undefined;
  return list.flatMap((o) => {
    const op = o as { service_type?: unknown; resource_type?: unknown; operation_list?: unknown };
    if (typeof op.service_type !== 'string' || typeof op.resource_type !== 'string' || !Array.isArray(op.operation_list)) return [];
    return [
      { service: op.service_type, resource: op.resource_type, names: op.operation_list.filter((n): n is string => typeof n === 'string') },
    ];
  });
}

/**
 * Compares a table with CTS's operations for its service (`forService`) and
 * with all the service types CTS knows (`all`, for suggestions).
 */
export function tableDrift(
  table: OperationsTable,
  forService: ReturnType<typeof operationsOf>,
  all: ReturnType<typeof operationsOf>,
): TableDrift {
  const base = { table: table.id, service: table.service };
  if (!forService) {
    return {
      ...base,
      unknownToCts: [],
      missingFromTable: [],
      serviceSuggestions: [],
      error: 'CTS did not answer with a list of operations',
    };
  }
  const known = new Map<string, Set<string>>();
  for (const op of forService.filter((o) => o.service === table.service)) {
    const names = known.get(op.resource) ?? new Set<string>();
    op.names.forEach((n) => names.add(n));
    known.set(op.resource, names);
  }
  const events = tableEvents(table);
  const unknownToCts = events.filter((e) => !known.get(e.resourceType)?.has(e.traceName)).map((e) => `${e.resourceType}/${e.traceName}`);
  const inTable = new Set(events.map((e) => `${e.resourceType}/${e.traceName}`));
  const resources = new Set(events.map((e) => e.resourceType));
  const missingFromTable = [...known]
    .filter(([resource]) => resources.has(resource))
    .flatMap(([resource, names]) => [...names].map((n) => `${resource}/${n}`))
    .filter((id) => !inTable.has(id))
    .sort();
  const serviceSuggestions =
    known.size > 0
      ? []
      : [...new Set((all ?? []).map((o) => o.service))]
          .filter((s) => s !== table.service && s.toLowerCase() === table.service.toLowerCase())
          .sort();
  return { ...base, unknownToCts, missingFromTable, serviceSuggestions };
}

/** The drift as lines for people. */
export function driftText(d: TableDrift, where: string): string {
  const lines = [`${d.table} (service ${d.service}) against CTS in ${where}:`];
  if (d.error) return [...lines, `  cannot compare: ${d.error}`].join('\n') + '\n';
  if (d.serviceSuggestions.length > 0) {
    lines.push(
      `  CTS knows no service "${d.service}"; did you mean ${d.serviceSuggestions.map((s) => `"${s}"`).join(' or ')}? (service types are case-sensitive)`,
    );
  }
  if (d.unknownToCts.length === 0 && d.missingFromTable.length === 0) lines.push('  the table matches CTS');
  for (const id of d.unknownToCts) lines.push(`  in the table, unknown to CTS: ${id}`);
  for (const id of d.missingFromTable) lines.push(`  traced by CTS, missing from the table: ${id}`);
  return lines.join('\n') + '\n';
}
