/**
 * Checks synthesized Terraform JSON against the committed provider schema,
 * the way `terraform validate` would for these rules: unknown resource
 * types, unknown or computed-only arguments, wrong types, missing required
 * arguments and blocks, and block counts. It stands in for `terraform
 * validate`, which needs the provider binary and so cannot run here.
 */
import { readFileSync } from 'node:fs';
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
interface ProviderSchema {
  provider: { block: Block };
  resource_schemas: Record<string, { block: Block }>;
}

const FQPN = 'registry.terraform.io/huaweicloud/huaweicloud';
const RESOURCE_META = new Set(['//', 'provider', 'depends_on', 'lifecycle', 'count', 'for_each', 'connection', 'provisioner']);
const PROVIDER_META = new Set(['alias']);

export function loadProviderSchema(): ProviderSchema {
  const file = join(__dirname, '../../providers/huaweicloud/schema.json');
  return JSON.parse(readFileSync(file, 'utf8')).provider_schemas[FQPN] as ProviderSchema;
}

/** All violations in a synthesized stack, as `path: problem` lines. */
export function validateAgainstSchema(stack: Record<string, unknown>, schema: ProviderSchema = loadProviderSchema()): string[] {
  const errors: string[] = [];
  const resources = (stack.resource ?? {}) as Record<string, Record<string, unknown>>;
  for (const [type, instances] of Object.entries(resources)) {
    const resourceSchema = schema.resource_schemas[type];
    if (!resourceSchema) {
      errors.push(`resource.${type}: resource type not in the provider schema`);
      continue;
    }
    for (const [name, body] of Object.entries(instances)) {
      checkBlock(resourceSchema.block, body, `${type}.${name}`, RESOURCE_META, errors);
    }
  }
  const providers = ((stack.provider ?? {}) as Record<string, unknown[]>).huaweicloud ?? [];
  providers.forEach((p, i) => checkBlock(schema.provider.block, p, `provider.huaweicloud[${i}]`, PROVIDER_META, errors));
  return errors;
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
