/**
 * Terraform's JSON configuration syntax, read as Terraform reads it: a key
 * may repeat where it names a block type (`"resource"` twice is two sets of
 * resource blocks, `"operations"` twice in a notification is more blocks),
 * and nowhere else: an argument set twice is an error ("Duplicate
 * argument"), as is a resource, module, variable, output or local defined
 * twice. `JSON.parse` would keep only the last of each, which could hide a
 * `"enabled": false` behind a `"enabled": true`.
 */
import { InputError } from '../errors';
import {
  JsonEntries,
  JsonValue,
  MAX_ENTRIES_DEPTH,
  describeValue,
  lineColumn,
  parseJson,
  parseJsonEntries,
  readTextFile,
  refuseMisreadNumbers,
} from '../json';

/** Top-level block types, each a map of labelled blocks (or, for provider, of lists). */
const LABELLED_TWICE = new Set(['resource', 'data']);
const LABELLED_ONCE = new Set(['module', 'variable', 'output', 'check']);
/** Top-level blocks the checker does not read, which may repeat. */
const UNREAD_BLOCKS = new Set(['terraform', 'moved', 'import']);

/**
 * Nested block types of the resources the checker reads, and Terraform's
 * meta-blocks: a repeated key of these is more blocks. Any other repeated
 * key in a block body is an argument set twice.
 */
const NESTED_BLOCKS = new Set([
  'operations',
  'operation_users',
  'filter',
  'lifecycle_rule',
  'expiration',
  'transition',
  'noncurrent_version_expiration',
  'noncurrent_version_transition',
  'abort_incomplete_multipart_upload',
  'website',
  'cors_rule',
  'logging',
  'extension',
  'lifecycle',
  'precondition',
  'postcondition',
  'content',
  'timeouts',
  'provisioner',
  'connection',
  'assume_role',
  'endpoints',
]);

/** Reads a Terraform JSON configuration file. */
export function readConfigJson(file: string, shown: string): Record<string, unknown> {
  return parseConfigJson(readTextFile(file, shown), shown);
}

/** Parses the text of a Terraform JSON configuration, with Terraform's rules for repeated keys. */
export function parseConfigJson(text: string, file: string): Record<string, unknown> {
  parseJson(text, file, 'allow'); // syntax errors, with their line and column
  refuseMisreadNumbers(text, file);
  const parsed = parseJsonEntries(text);
  if (parsed === undefined) {
    throw new InputError(file, '', `is nested more than ${MAX_ENTRIES_DEPTH} levels deep, deeper than any Terraform configuration`);
  }
  if (!isEntries(parsed)) throw new InputError(file, '', 'not a Terraform JSON configuration: expected an object');
  return new Reader(text, file).document(parsed);
}

class Reader {
  public constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  public document(doc: JsonEntries): Record<string, unknown> {
    const out = dict();
    const seen = new Map<string, number>();
    for (const { key, value, offset } of doc.entries) {
      if (LABELLED_TWICE.has(key)) {
        const byType = (out[key] ??= dict()) as Record<string, Record<string, unknown>>;
        for (const t of this.entriesOf(value, key, offset)) {
          const byName = (byType[t.key] ??= dict()) as Record<string, unknown>;
          for (const n of this.entriesOf(t.value, `${key}.${t.key}`, t.offset)) {
            this.once(seen, `${key}.${t.key}.${n.key}`, n.offset, `${key}.${t.key}.${n.key} is defined twice`);
            byName[n.key] = this.body(n.value);
          }
        }
      } else if (LABELLED_ONCE.has(key)) {
        const byName = (out[key] ??= dict()) as Record<string, unknown>;
        for (const n of this.entriesOf(value, key, offset)) {
          this.once(seen, `${key}.${n.key}`, n.offset, `${key}.${n.key} is defined twice`);
          byName[n.key] = this.body(n.value);
        }
      } else if (key === 'provider') {
        const byName = (out.provider ??= dict()) as Record<string, unknown[]>;
        for (const p of this.entriesOf(value, key, offset)) {
          const blocks = Array.isArray(p.value) ? p.value : [p.value];
          byName[p.key] = [...(byName[p.key] ?? []), ...blocks.map((b) => this.body(b))];
        }
      } else if (key === 'locals') {
        const locals = (out.locals ??= dict()) as Record<string, unknown>;
        for (const block of Array.isArray(value) ? value : [value]) {
          for (const l of this.entriesOf(block, key, offset)) {
            this.once(seen, `local.${l.key}`, l.offset, `local.${l.key} is defined twice`);
            locals[l.key] = this.plain(l.value);
          }
        }
      } else if (key === 'removed') {
        // Read (a destroyed tracker disables the system tracker), and more blocks each time it repeats.
        const blocks = this.plain(value);
        out.removed = [...((out.removed as unknown[] | undefined) ?? []), ...(Array.isArray(blocks) ? blocks : [blocks])];
      } else if (UNREAD_BLOCKS.has(key) || key === '//') {
        out[key] = this.plain(value);
      } else {
        this.once(seen, key, offset, `"${key}" is set twice at the top level`);
        out[key] = this.plain(value);
      }
    }
    return out;
  }

  /** A block body: arguments once each, nested blocks as many as written. */
  private body(value: JsonValue): unknown {
    if (Array.isArray(value)) return value.map((v) => this.body(v));
    if (!isEntries(value)) return this.plain(value);
    const out = dict();
    const seen = new Map<string, number>();
    for (const { key, value: v, offset } of value.entries) {
      if (key === 'dynamic') {
        // dynamic "<block type>" { ... }: each label a list of dynamic blocks, however many times written.
        const byLabel = (out.dynamic ??= dict()) as Record<string, unknown[]>;
        for (const d of this.entriesOf(v, 'dynamic', offset)) {
          byLabel[d.key] = [...(byLabel[d.key] ?? []), ...(Array.isArray(d.value) ? d.value : [d.value]).map((b) => this.body(b))];
        }
        continue;
      }
      if (NESTED_BLOCKS.has(key)) {
        const blocks = (Array.isArray(v) ? v : [v]).map((b) => this.body(b));
        out[key] = key in out ? [...(Array.isArray(out[key]) ? out[key] : [out[key]]), ...blocks] : Array.isArray(v) ? blocks : blocks[0];
        continue;
      }
      this.once(seen, key, offset, `the argument "${key}" is set twice (Terraform: Duplicate argument)`);
      out[key] = this.plain(v);
    }
    return out;
  }

  /** A value: an object with a key set twice is an error (an argument of an object value, say tags). */
  private plain(value: JsonValue): unknown {
    if (Array.isArray(value)) return value.map((v) => this.plain(v));
    if (!isEntries(value)) return value;
    const out = dict();
    const seen = new Map<string, number>();
    for (const { key, value: v, offset } of value.entries) {
      this.once(seen, key, offset, `the key "${key}" is set twice in one object`);
      out[key] = this.plain(v);
    }
    return out;
  }

  private entriesOf(value: JsonValue, where: string, offset?: number): JsonEntries['entries'] {
    if (isEntries(value)) return value.entries;
    throw new InputError(
      this.file,
      offset !== undefined ? lineColumn(this.text, offset) : '',
      `${where} is ${describeValue(value)}, not an object of blocks`,
    );
  }

  /** Records a key, or refuses it when seen before, naming both places. */
  private once(seen: Map<string, number>, key: string, offset: number, problem: string): void {
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InputError(this.file, lineColumn(this.text, offset), `${problem} (first at ${lineColumn(this.text, first)}); remove one`);
    }
    seen.set(key, offset);
  }
}

function isEntries(v: JsonValue): v is JsonEntries {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A dictionary without prototype: keys such as "__proto__" are just keys. */
function dict(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}
