/**
 * cts-audit: the traced-operations tables and the checker, as a library.
 * This entry point never loads cdktf or constructs; the constructs are in
 * `cts-audit/constructs`.
 *
 * The data flows one way: inputs → {@link loadModel} → {@link Model} →
 * {@link evaluate} → {@link Verdict} → {@link render}.
 */
export * from './errors';
export * from './model';
export * from './policy/table';
export * from './policy/bundled';
export { loadControls, type Rule } from './policy/controls';
export { loadWaivers, type Waiver } from './policy/waivers';
export { jsonSchema, operationsTableJsonSchema } from './policy/json-schema';
export { importTable, formatTable, type ImportOptions, type ImportResult } from './policy/import';
export { loadModel, loadPath, type LoadOptions } from './load';
export { evaluate, DEFAULT_RETENTION_DAYS, type EvaluateOptions } from './evaluate';
export * from './evaluate/verdict';
export { render, FORMATS, type Format } from './report';
export { run, type CliIo } from './cli';
