import { z } from 'zod';
import { OperationsTableSchema } from './table';

/**
 * The JSON Schema of table files, generated from the zod schema so the two
 * cannot drift apart (a test compares it with the committed file). Editors
 * use it through the table's `$schema` key.
 */
export function operationsTableJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(OperationsTableSchema, { target: 'draft-2020-12' }),
    title: 'CTS traced-operations table',
    description:
      'Operations of one cloud service that Huawei Cloud Trace Service records, as documented by Huawei: the single source of truth for cts-audit constructs and checks.',
  };
}
