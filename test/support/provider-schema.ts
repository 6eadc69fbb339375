/**
 * Checks synthesized Terraform JSON against the committed provider schemas
 * (every folder of providers/), the way `terraform validate` would for these
 * rules: unknown resource and data source types, unknown or computed-only
 * arguments, wrong types, missing required arguments and blocks, and block
 * counts. It stands in for `terraform validate`, which needs the provider
 * binaries and so cannot run here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

type SchemaType = string | [string, SchemaType] | ['object', Record<string, SchemaType>];
interface Attribute {
  type: SchemaType;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
}
interface BlockType {
  nesting_mode: 'list' | 'set' | 'single';
  block: Block;
  min_items?: number;
  max_items?: number;
}
interface Block {
  attributes?: Record<string, Attribute>;
  block_types?: Record<string, BlockType>;
}
/** The committed schemas, merged: provider blocks by provider name, resources and data sources by type. */
export interface ProviderSchema {
  providers: Record<string, { block: Block }>;
  resource_schemas: Record<string, { block: Block }>;
  data_source_schemas: Record<string, { block: Block }>;
}

const PROVIDERS_DIR = join(__dirname, '../../providers');
const RESOURCE_META = new Set(['//', 'provider', 'depends_on', 'lifecycle', 'count', 'for_each', 'connection', 'provisioner']);
const PROVIDER_META = new Set(['alias']);

/** The schema of one provider, as committed (`terraform providers schema -json` format). */
export function loadOneProviderSchema(name: string): {
  provider: { block: Block };
  resource_schemas?: Record<string, { block: Block }>;
  data_source_schemas?: Record<string, { block: Block }>;
} {
  const { source } = JSON.parse(readFileSync(join(PROVIDERS_DIR, name, 'provider.json'), 'utf8')) as { source: string };
  return JSON.parse(readFileSync(join(PROVIDERS_DIR, name, 'schema.json'), 'utf8')).provider_schemas[`registry.terraform.io/${source}`];
}

export function loadProviderSchema(): ProviderSchema {
  const merged: ProviderSchema = { providers: {}, resource_schemas: {}, data_source_schemas: {} };
  for (const entry of readdirSync(PROVIDERS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const schema = loadOneProviderSchema(entry.name);
    merged.providers[entry.name] = schema.provider;
    Object.assign(merged.resource_schemas, schema.resource_schemas);
    Object.assign(merged.data_source_schemas, schema.data_source_schemas);
  }
  return merged;
}

/** All violations in a synthesized stack, as `path: problem` lines. */
export function validateAgainstSchema(stack: Record<string, unknown>, schema: ProviderSchema = loadProviderSchema()): string[] {
  const errors: string[] = [];
  const kinds = [
    ['resource', '', schema.resource_schemas, 'resource type'],
    ['data', 'data.', schema.data_source_schemas, 'data source'],
  ] as const;
  for (const [key, prefix, schemas, what] of kinds) {
    for (const [type, instances] of Object.entries((stack[key] ?? {}) as Record<string, Record<string, unknown>>)) {
      const typeSchema = schemas[type];
      if (!typeSchema) {
        errors.push(`${key}.${type}: ${what} not in the provider schema`);
        continue;
      }
      for (const [name, body] of Object.entries(instances)) {
        checkBlock(typeSchema.block, body, `${prefix}${type}.${name}`, RESOURCE_META, errors);
        checkLifecycle(key, (body as { lifecycle?: unknown }).lifecycle, `${prefix}${type}.${name}.lifecycle`, errors);
      }
    }
  }
  for (const [name, configs] of Object.entries((stack.provider ?? {}) as Record<string, unknown[]>)) {
    const providerSchema = schema.providers[name];
    if (!providerSchema) {
      errors.push(`provider.${name}: provider not in the committed schemas`);
      continue;
    }
    configs.forEach((p, i) => checkBlock(providerSchema.block, p, `provider.${name}[${i}]`, PROVIDER_META, errors));
  }
  return errors;
}

const LIFECYCLE: Record<'resource' | 'data', ReadonlySet<string>> = {
  resource: new Set([
    'create_before_destroy',
    'prevent_destroy',
    'ignore_changes',
    'replace_triggered_by',
    'precondition',
    'postcondition',
  ]),
  data: new Set(['precondition', 'postcondition']),
};

/** A `lifecycle` block: its arguments, and each custom condition with exactly a condition and an error message. */
function checkLifecycle(kind: 'resource' | 'data', lifecycle: unknown, path: string, errors: string[]): void {
  if (lifecycle === undefined) return;
  if (!isObject(lifecycle)) {
    errors.push(`${path}: expected a block (object)`);
    return;
  }
  for (const [key, value] of Object.entries(lifecycle)) {
    if (!LIFECYCLE[kind].has(key)) {
      errors.push(`${path}.${key}: unsupported argument in a ${kind} lifecycle block`);
    } else if (key === 'precondition' || key === 'postcondition') {
      const conditions = Array.isArray(value) ? value : [value];
      conditions.forEach((c, i) => {
        const keys = isObject(c) ? Object.keys(c).sort().join(',') : '';
        if (keys !== 'condition,error_message') errors.push(`${path}.${key}[${i}]: needs exactly condition and error_message`);
      });
    }
  }
}

function checkBlock(block: Block, value: unknown, path: string, meta: ReadonlySet<string>, errors: string[]): void {
  if (!isObject(value)) {
    errors.push(`${path}: expected a block (object)`);
    return;
  }
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  for (const [key, v] of Object.entries(value)) {
    if (meta.has(key)) continue;
    const attribute = attributes[key];
    const blockType = blockTypes[key];
    if (attribute) {
      if (attribute.computed && !attribute.optional && !attribute.required) {
        errors.push(`${path}.${key}: is computed-only and cannot be set`);
      } else {
        checkType(attribute.type, v, `${path}.${key}`, errors);
      }
    } else if (blockType) {
      checkNested(blockType, v, `${path}.${key}`, errors);
    } else {
      errors.push(`${path}.${key}: unsupported argument (not in the schema)`);
    }
  }
  for (const [key, attribute] of Object.entries(attributes)) {
    if (attribute.required && !(key in value)) errors.push(`${path}.${key}: required argument is missing`);
  }
  for (const [key, blockType] of Object.entries(blockTypes)) {
    if ((blockType.min_items ?? 0) > 0 && !(key in value)) errors.push(`${path}.${key}: at least ${blockType.min_items} block(s) required`);
  }
}

function checkNested(blockType: BlockType, given: unknown, path: string, errors: string[]): void {
  let value = given;
  if (blockType.nesting_mode === 'single') {
    checkBlock(blockType.block, value, path, new Set(), errors);
    return;
  }
  if (isReference(value)) return;
  // Terraform's JSON syntax accepts one object for a block list or set.
  if (isObject(value)) value = [value];
  if (!Array.isArray(value)) {
    errors.push(`${path}: expected a list of blocks`);
    return;
  }
  if (blockType.max_items !== undefined && value.length > blockType.max_items) {
    errors.push(`${path}: at most ${blockType.max_items} block(s) allowed, got ${value.length}`);
  }
  if (blockType.min_items !== undefined && value.length < blockType.min_items) {
    errors.push(`${path}: at least ${blockType.min_items} block(s) required, got ${value.length}`);
  }
  value.forEach((item, i) => checkBlock(blockType.block, item, `${path}[${i}]`, new Set(), errors));
}

function checkType(type: SchemaType, value: unknown, path: string, errors: string[]): void {
  // An interpolation is typed by Terraform at plan time, not here.
  if (isReference(value)) return;
  if (typeof type === 'string') {
    const ok =
      (type === 'string' && typeof value === 'string') ||
      (type === 'number' && typeof value === 'number') ||
      (type === 'bool' && typeof value === 'boolean') ||
      type === 'dynamic';
    if (!ok) errors.push(`${path}: expected ${type}, got ${JSON.stringify(value)}`);
    return;
  }
  const [kind, inner] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(value)) errors.push(`${path}: expected ${kind} of ${JSON.stringify(inner)}, got ${JSON.stringify(value)}`);
    else value.forEach((v, i) => checkType(inner as SchemaType, v, `${path}[${i}]`, errors));
  } else if (kind === 'map') {
    if (!isObject(value)) errors.push(`${path}: expected map, got ${JSON.stringify(value)}`);
    else for (const [k, v] of Object.entries(value)) checkType(inner as SchemaType, v, `${path}.${k}`, errors);
  } else if (kind === 'object') {
    if (!isObject(value)) errors.push(`${path}: expected object, got ${JSON.stringify(value)}`);
    else {
      for (const [k, t] of Object.entries(inner as Record<string, SchemaType>)) {
        if (k in value) checkType(t, value[k], `${path}.${k}`, errors);
      }
    }
  }
}

function isReference(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('${') && value.endsWith('}');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
