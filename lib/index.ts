/**
 * cts-audit: the table and (later) the checker. This entry point never loads
 * cdktf or constructs; the constructs are in `cts-audit/constructs`.
 */
export * from './errors';
export * from './policy/table';
export * from './policy/bundled';
export { operationsTableJsonSchema } from './policy/json-schema';
