/**
 * The traced-operations table: which operations of a cloud service CTS
 * records, as Huawei documents them. It is the single source of truth for
 * the constructs (which notifications to create) and the checker (which
 * events must be recorded and notified).
 *
 * This module must not import cdktf or constructs.
 */
import { z } from 'zod';
import { InputError } from '../errors';
import { readJsonFile } from '../json';
import { describeIssues } from './issues';

/**
 * A CTS trace name as CTS reports it in `trace_name`: 1 to 64 characters,
 * starting with a letter. Matching is case-sensitive everywhere.
 */
export const TRACE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** A CTS service type (`service_type`), e.g. `ModelArts`, `ECS`, `OBS`. */
export const SERVICE_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** A CTS resource type (`resource_type`), e.g. `Notebook`, `NotebookImage`. */
export const RESOURCE_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** Identifier of a table: lower-case words joined by hyphens, the file's base name. */
export const TABLE_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The value of `kind` that marks a JSON file as a traced-operations table. */
export const TABLE_KIND = 'cts-operations-table';

const nonEmpty = (what: string) => z.string().trim().min(1, `${what} must not be empty`);

/** One row of a documented table: an operation, its resource type and trace name. */
export const OperationRowSchema = z
  .object({
    operation: nonEmpty('operation').describe('The operation as the documentation words it.'),
    resourceType: z
      .string()
      .regex(RESOURCE_TYPE_PATTERN, 'must be a CTS resource type: a letter, then up to 63 letters, digits, "_", "-" or "."')
      .describe('The CTS resource type (resource_type), case-sensitive.'),
    traceName: z
      .string()
      .regex(TRACE_NAME_PATTERN, 'must be a CTS trace name: a letter, then up to 63 letters, digits, "_", "-" or "."')
      .describe('The CTS trace name (trace_name, the "Event" column), case-sensitive.'),
    readOnly: z
      .boolean()
      .optional()
      .describe(
        'True when the operation only reads (a query, "Obtaining ..."); false when it changes something. CTS reports read-only operations only where read-only audit logs are on for the service (its configuration). Absent: the row is treated as read-only, which needs the stronger proof.',
      ),
    service: z
      .string()
      .regex(SERVICE_TYPE_PATTERN, 'must be a CTS service type: a letter, then up to 63 letters, digits, "_" or "-"')
      .optional()
      .describe("The CTS service type of this row, when it is not the table's service (a table of several services)."),
  })
  .strict();

/** Where a table comes from, so an auditor can check it against the source. */
export const TableSourceSchema = z
  .object({
    document: nonEmpty('source.document').describe('Title of the documentation page.'),
    table: nonEmpty('source.table').describe('Caption of the table on that page.'),
    updated: z.iso.date('must be a date in the form YYYY-MM-DD').describe('The page\'s "Updated on" date.'),
    url: z.url('must be an absolute URL').optional().describe('Address of the documentation page.'),
  })
  .strict();

/** A traced-operations table file, as kept in `policies/`. */
export const OperationsTableSchema = z
  .object({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
    kind: z.literal(TABLE_KIND).describe('Marks the file as a traced-operations table.'),
    id: z
      .string()
      .regex(TABLE_ID_PATTERN, 'must be lower-case words joined by "-", e.g. "modelarts-notebook"')
      .describe('Stable identifier; for files in policies/ it equals the file name without ".json".'),
    title: nonEmpty('title').describe('What the table covers, for reports.'),
    service: z
      .string()
      .regex(SERVICE_TYPE_PATTERN, 'must be a CTS service type: a letter, then up to 63 letters, digits, "_" or "-"')
      .describe('The CTS service type (service_type) of every row, case-sensitive.'),
    source: TableSourceSchema,
    operations: z.array(OperationRowSchema).min(1, 'must list at least one operation'),
  })
  .strict()
  .superRefine((table, ctx) => {
    const seen = new Map<string, number>();
    table.operations.forEach((row, i) => {
      const key = `${row.service ?? table.service}\u0000${row.operation}\u0000${row.resourceType}\u0000${row.traceName}`;
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['operations', i],
          message: `duplicates operations[${first}] exactly; remove one of them`,
        });
      } else {
        seen.set(key, i);
      }
    });
  });

/** A validated traced-operations table. */
export type OperationsTable = z.infer<typeof OperationsTableSchema>;
/** One documented operation. */
export type OperationRow = z.infer<typeof OperationRowSchema>;

/**
 * One event that must be audited: a distinct (service, resource type, trace
 * name). Several documented operations can share one trace name (the
 * ModelArts notebook table has two `createNotebookImage` rows); they are one
 * event for CTS, so they are merged here with all their operation texts.
 */
export interface TracedEvent {
  readonly service: string;
  readonly resourceType: string;
  readonly traceName: string;
  /** The documentation's operation texts for this event, in table order. */
  readonly operations: readonly string[];
  /**
   * True when CTS reports the event only where read-only audit logs are on
   * for its service: any of its rows is read-only, or does not say.
   */
  readonly readOnly: boolean;
}

/** Whether a row counts as read-only: `readOnly: false` is the only way to say it writes. */
export function isReadOnlyRow(row: OperationRow): boolean {
  return row.readOnly !== false;
}

/** The distinct events of a table, in the order they first appear. */
export function tableEvents(table: OperationsTable): TracedEvent[] {
  const byKey = new Map<string, { service: string; resourceType: string; traceName: string; operations: string[]; readOnly: boolean }>();
  for (const row of table.operations) {
    const service = row.service ?? table.service;
    const key = `${service}\u0000${row.resourceType}\u0000${row.traceName}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.operations.push(row.operation);
      // One trace name for a read and a write: the stronger proof is needed.
      existing.readOnly ||= isReadOnlyRow(row);
    } else {
      byKey.set(key, {
        service,
        resourceType: row.resourceType,
        traceName: row.traceName,
        operations: [row.operation],
        readOnly: isReadOnlyRow(row),
      });
    }
  }
  return [...byKey.values()];
}

/** The services of a table: its own, and any a row names. */
export function tableServices(table: OperationsTable): string[] {
  return [...new Set([table.service, ...table.operations.map((r) => r.service ?? table.service)])];
}

/**
 * The trace names of a table grouped by service and resource type, each
 * listed once, in table order: the shape of a CTS notification's
 * `operations` list.
 */
export function traceNamesByResourceType(table: OperationsTable): Array<{ service: string; resourceType: string; traceNames: string[] }> {
  const groups = new Map<string, { service: string; resourceType: string; traceNames: string[] }>();
  for (const event of tableEvents(table)) {
    const key = `${event.service}\u0000${event.resourceType}`;
    const group = groups.get(key) ?? { service: event.service, resourceType: event.resourceType, traceNames: [] };
    group.traceNames.push(event.traceName);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * Validates parsed JSON as a table. Throws an {@link InputError} naming the
 * file and the offending row on the first problem.
 *
 * @param data the parsed JSON
 * @param file the file name to put in messages
 */
export function parseTable(data: unknown, file: string): OperationsTable {
  const result = OperationsTableSchema.safeParse(data);
  if (!result.success) {
    const { where, problem } = describeIssues(result.error.issues, data, rowLabel);
    throw new InputError(file, where, problem);
  }
  return result.data;
}

/** Reads, parses and validates one table file. */
export function loadTableFile(file: string): OperationsTable {
  return parseTable(readJsonFile(file), file);
}

/** Names a table row in messages by its operation text, which is what a person searches for. */
function rowLabel(data: unknown, path: ReadonlyArray<PropertyKey>): string | undefined {
  if (path[0] !== 'operations' || typeof path[1] !== 'number') return undefined;
  const rows = (data as { operations?: unknown }).operations;
  const row = Array.isArray(rows) ? (rows[path[1]] as { operation?: unknown } | undefined) : undefined;
  return typeof row?.operation === 'string' ? `row "${row.operation}"` : undefined;
}
