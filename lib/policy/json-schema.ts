import { z } from 'zod';
import { ControlsFileSchema } from './controls';
import { OperationsTableSchema } from './table';
import { WaiversFileSchema } from './waivers';

/**
 * JSON Schemas for the project's data files, generated from the zod schemas
 * so the two cannot drift apart (a test compares them with the committed
 * files in schemas/). Editors use them through each file's `$schema` key.
 */
export const JSON_SCHEMAS: Readonly<Record<string, { title: string; description: string; schema: z.ZodType }>> = {
  'operations-table.schema.json': {
    title: 'CTS traced-operations table',
    description:
      'Operations of one cloud service that Huawei Cloud Trace Service records, as documented by Huawei: the single source of truth for cts-audit constructs and checks.',
    schema: OperationsTableSchema,
  },
  'controls.schema.json': {
    title: 'cts-audit controls',
    description: 'Metadata of the checks cts-audit applies: id, title, severity, description and remediation.',
    schema: ControlsFileSchema,
  },
  'waivers.schema.json': {
    title: 'cts-audit waivers',
    description: 'Accepted exceptions to cts-audit results, each with a reason and an expiry date.',
    schema: WaiversFileSchema,
  },
};

/** The JSON Schema for a file in schemas/. */
export function jsonSchema(name: string): Record<string, unknown> {
  const entry = JSON_SCHEMAS[name];
  return { ...z.toJSONSchema(entry.schema, { target: 'draft-2020-12' }), title: entry.title, description: entry.description };
}

/** The JSON Schema of table files. */
export function operationsTableJsonSchema(): Record<string, unknown> {
  return jsonSchema('operations-table.schema.json');
}
