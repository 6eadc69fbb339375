/**
 * Deterministic mutators for the loader fuzz tests (fuzz.test.ts).
 *
 * Every mutant is derived from a real fixture by a seeded PRNG (mulberry32;
 * replacement values are drawn from fast-check arbitraries with a seed taken
 * from it), so a failure is reproduced by its seed and mutant index. Each
 * mutant carries a description of what was done to it.
 *
 * Payloads too big or too deep for JSON.stringify (10 000+ levels, 10 MB
 * strings) are placed in the tree as marker strings and expanded in the
 * serialized text.
 */
import fc from 'fast-check';

/** mulberry32: small, fast, good enough for choosing mutations. */
export class Rng {
  private state: number;

  public constructor(seed: number) {
    this.state = seed >>> 0;
  }

  public next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  public int(n: number): number {
    return Math.floor(this.next() * n);
  }

  public pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }

  public chance(p: number): boolean {
    return this.next() < p;
  }

  /** A value drawn from a fast-check arbitrary, seeded from this generator. */
  public draw<T>(arb: fc.Arbitrary<T>): T {
    return fc.sample(arb, { seed: this.int(0x7fffffff), numRuns: 1 })[0];
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

export const MB = 1024 * 1024;
export const HUGE = 10 * MB;
export const DEEP_DEPTHS = [10_000, 10_001, 20_000, 100_000] as const;

/** Keys that reach the prototype when an object is written with `obj[key] = ...`. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
/** Names that are also inherited members of every object. */
export const INHERITED_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
] as const;

/** A value that would pollute Object.prototype if merged carelessly. */
export function pollutingObject(): Record<string, Json> {
  const inner = withOwn({ polluted: 'yes' }, '__proto__', { polluted: 'yes' });
  return withOwn(
    withOwn({ polluted: 'yes', toString: 'polluted', isAdmin: true }, 'constructor', { prototype: { polluted: 'yes' } }),
    '__proto__',
    inner,
  );
}

/** Adds an own property (an own `__proto__` too, as JSON.parse creates). */
export function withOwn<T extends object>(obj: T, key: string, value: Json): T {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return obj;
}

// ---------------------------------------------------------------- payload markers

type MarkerKind =
  'deep-array' | 'deep-object' | 'deep-proto' | 'deep-mixed' | 'huge-plain' | 'huge-interp' | 'huge-escaped' | 'huge-template';

/** A string standing for a payload, expanded by {@link expandMarkers} after serialization. */
export function marker(kind: MarkerKind, size: number): string {
  return `\u0001FUZZ:${kind}:${size}\u0001`;
}

const MARKER_RE = /"\\u0001FUZZ:([a-z-]+):(\d+)\\u0001"/g;

/** The JSON text of a payload. */
export function payload(kind: MarkerKind, n: number): string {
  switch (kind) {
    case 'deep-array':
      return '['.repeat(n) + ']'.repeat(n);
    case 'deep-object':
      return '{"a":'.repeat(n) + 'true' + '}'.repeat(n);
    case 'deep-proto':
      return '{"__proto__":'.repeat(n) + '{"polluted":"yes"}' + '}'.repeat(n);
    case 'deep-mixed': {
      let open = '';
      let close = '';
      for (let i = 0; i < n; i++) {
        if (i % 3 === 0) {
          open += '[';
          close = ']' + close;
        } else {
          open += i % 3 === 1 ? '{"constructor":' : '{"x":';
          close = '}' + close;
        }
      }
      return open + '"deep"' + close;
    }
    case 'huge-plain':
      return '"' + 'A'.repeat(n) + '"';
    case 'huge-interp':
      // One interpolation over the whole string: the expression parser sees all of it.
      return '"${' + 'a.'.repeat(Math.floor((n - 4) / 2)) + 'b}"';
    case 'huge-escaped':
      return '"' + '\\u00e9\\n\\"'.repeat(Math.floor(n / 12)) + '"';
    case 'huge-template':
      return '"' + 'x${var.v}'.repeat(Math.floor(n / 9)) + '"';
  }
}

export function expandMarkers(text: string): string {
  if (!text.includes('\\u0001FUZZ:')) return text;
  return text.replace(MARKER_RE, (_m, kind: string, size: string) => payload(kind as MarkerKind, Number(size)));
}

// ---------------------------------------------------------------- tree helpers

function isObj(x: unknown): x is Record<string, Json> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function own(o: object, k: string | number): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function getChild(parent: Json, key: string | number): Json | undefined {
  if (Array.isArray(parent)) return parent[key as number];
  if (isObj(parent) && own(parent, key)) return parent[key as string];
  return undefined;
}

function setChild(parent: Json, key: string | number, value: Json): void {
  if (Array.isArray(parent)) parent[key as number] = value;
  else if (isObj(parent)) withOwn(parent, String(key), value);
}

/** Every node with its path, breadth first, up to `limit`. */
export function nodes(root: Json, limit = 50_000): Array<{ path: Path; value: Json }> {
  const out: Array<{ path: Path; value: Json }> = [{ path: [], value: root }];
  for (let i = 0; i < out.length && out.length < limit; i++) {
    const { path, value } = out[i];
    if (Array.isArray(value)) value.forEach((v, j) => out.push({ path: [...path, j], value: v }));
    else if (isObj(value)) for (const k of Object.keys(value)) out.push({ path: [...path, k], value: value[k] });
  }
  return out;
}

function at(root: Json, path: Path): Json | undefined {
  let v: Json | undefined = root;
  for (const k of path) {
    if (v === undefined) return undefined;
    v = getChild(v, k);
  }
  return v;
}

/** Replaces the node at `path`; returns the new root. */
export function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const parent = at(root, path.slice(0, -1));
  if (parent !== undefined) setChild(parent, path[path.length - 1], value);
  return root;
}

function removeAt(root: Json, path: Path): Json {
  if (path.length === 0) return {};
  const parent = at(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else if (isObj(parent)) delete parent[key as string];
  return root;
}

function renameAt(root: Json, path: Path, name: string): Json {
  const parent = at(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (!isObj(parent) || typeof key !== 'string') return root;
  const entries = Object.keys(parent).map((k) => [k, parent[k]] as const);
  for (const k of Object.keys(parent)) delete parent[k];
  for (const [k, v] of entries) withOwn(parent, k === key ? name : k, v);
  return root;
}

function clone(x: Json): Json {
  return JSON.parse(JSON.stringify(x)) as Json;
}

export function describePath(path: Path): string {
  return '/' + path.map((p) => String(p).replace(/\n/g, '\\n')).join('/');
}

/** Attribute and structure names the loaders read: mutations favour them. */
const INTERESTING = new Set([
  // configuration
  'resource',
  'provider',
  'variable',
  'locals',
  'module',
  'output',
  'data',
  'source',
  'region',
  'alias',
  'default',
  'value',
  'count',
  'for_each',
  'dynamic',
  'content',
  'iterator',
  'providers',
  '//',
  'metadata',
  'path',
  'line',
  'file',
  'huaweicloud',
  'huaweicloud_cts_tracker',
  'huaweicloud_cts_notification',
  'huaweicloud_smn_topic',
  'huaweicloud_smn_subscription',
  'huaweicloud_obs_bucket',
  'huaweicloud_kms_key',
  // attributes
  'enabled',
  'operations',
  'trace_names',
  'service',
  'resource_type',
  'operation_type',
  'smn_topic',
  'topic_urn',
  'filter',
  'operation_users',
  'name',
  'bucket',
  'bucket_name',
  'acl',
  'versioning',
  'encryption',
  'kms_key_id',
  'kms_id',
  'lifecycle_rule',
  'expiration',
  'days',
  'exclude_service',
  'lts_enabled',
  'validate_file',
  'is_enabled',
  'rotation_enabled',
  'force_destroy',
  'protocol',
  'endpoint',
  'status',
  'id',
  // plan and state
  'format_version',
  'terraform_version',
  'planned_values',
  'values',
  'root_module',
  'resources',
  'child_modules',
  'address',
  'mode',
  'type',
  'resource_changes',
  'change',
  'after_unknown',
  'configuration',
  'provider_config',
  'provider_config_key',
  'expressions',
  'references',
  'constant_value',
  'module_calls',
  'variables',
  // cdktf manifest
  'stacks',
  'synthesizedStackPath',
  // snapshot
  'kind',
  'schemaVersion',
  'places',
  'answers',
  'body',
  'query',
  'attempts',
  'error',
  'projectId',
  'trackers',
  'notifications',
  'topics',
  'subscriptions',
  'tracker_type',
  'tracker_name',
  'notification_name',
  'topic_id',
  'obs_info',
  'lts',
  'management_event_selector',
  'service_type',
  'subscription_urn',
  'is_support_filter',
  'rule',
  'notify_user_list',
]);

function pickNode(
  root: Json,
  rng: Rng,
  accept: (n: { path: Path; value: Json }) => boolean = () => true,
): { path: Path; value: Json } | undefined {
  const all = nodes(root).filter(accept);
  if (all.length === 0) return undefined;
  if (rng.chance(0.65)) {
    const interesting = all.filter((n) => n.path.length > 0 && INTERESTING.has(String(n.path[n.path.length - 1])));
    if (interesting.length > 0) return rng.pick(interesting);
  }
  return rng.pick(all);
}

// ---------------------------------------------------------------- replacement values

const STRINGS = [
  '',
  ' ',
  'true',
  'false',
  '0',
  '-1',
  'null',
  'enabled',
  'system',
  'customized',
  'complete',
  'managed',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'cn-north-4',
  'ap-southeast-1',
  'huaweicloud',
  'huaweicloud.__proto__',
  '${var.__proto__}',
  '${var.constructor}',
  '${local.__proto__}',
  '${local.constructor.prototype}',
  '${var.x',
  '${',
  '}',
  '$${x}',
  '${}',
  '${ }',
  '${count.index}',
  '${each.key}',
  '${each.value.__proto__}',
  '${module.__proto__.x}',
  '${module.constructor.prototype}',
  '${data.terraform_remote_state.cross-stack-reference-input-__proto__.outputs.constructor}',
  '${data.terraform_remote_state.cross-stack-reference-input-shared.outputs.__proto__}',
  '${huaweicloud_smn_topic.__proto__.topic_urn}',
  '${huaweicloud_smn_topic.constructor}',
  '${a[b.c]}',
  '${local.x[count.index]}',
  '${local.a[local.a[local.a[local.a]]]}',
  '${path.module}',
  '${terraform.workspace}',
  '%{ if true }x%{ endif }',
  'a\nb',
  'line\r\nbreak',
  '\u2028',
  '\u0000',
  '\uFFFD',
  '\uD800',
  '😀😀😀',
  'ModelArts',
  'Notebook',
  'createNotebook',
  'urn:smn:cn-north-4:0:topic',
  '../../x',
  '/',
  '.',
  '..',
  'manifest.json',
  'stacks',
  'var.__proto__',
  'x'.repeat(1000),
];
const NUMBERS = [0, -1, 1, 1.5, 2, 3, 1e308, -1e308, 2 ** 53 + 2, 1e21, 5e-324, 4294967296, 100000, 0.1];

type Kind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';

function kindOf(v: Json | undefined): Kind | 'undefined' {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as Kind;
}

/** A value of another type than `current`. */
export function otherType(current: Json | undefined, rng: Rng): Json {
  const kinds = (['string', 'number', 'boolean', 'null', 'array', 'object'] as const).filter((k) => k !== kindOf(current));
  switch (rng.pick(kinds)) {
    case 'string':
      return rng.chance(0.7)
        ? rng.pick(STRINGS)
        : rng.draw(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })));
    case 'number':
      return rng.chance(0.8) ? rng.pick(NUMBERS) : rng.draw(fc.double({ noNaN: true, noDefaultInfinity: true }));
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      const options: Json[] = [[], [null], ['x', 1, true], [{}], [[]], current === undefined ? [] : [clone(current)]];
      return rng.chance(0.8) ? rng.pick(options) : (rng.draw(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 })) as Json);
    }
    case 'object': {
      const options: Json[] = [{}, { a: null }, pollutingObject(), { value: current ?? null }];
      return rng.chance(0.8)
        ? rng.pick(options)
        : (rng.draw(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 })) as Json);
    }
  }
}

// ---------------------------------------------------------------- JSON mutations

/** Mutations of a parsed document; each returns the new root and a description. */
type TreeOp = (root: Json, rng: Rng) => { root: Json; what: string };

const treeOps = {
  remove: (root, rng) => {
    const n = pickNode(root, rng, (x) => x.path.length > 0);
    if (!n) return { root, what: 'remove: nothing' };
    return { root: removeAt(root, n.path), what: `remove ${describePath(n.path)}` };
  },
  retype: (root, rng) => {
    const n = pickNode(root, rng);
    if (!n) return { root, what: 'retype: nothing' };
    const v = otherType(n.value, rng);
    return { root: setAt(root, n.path, v), what: `retype ${describePath(n.path)} ${kindOf(n.value)}→${kindOf(v)}` };
  },
  duplicate: (root, rng) => {
    const n = pickNode(root, rng, (x) => x.path.length > 0);
    if (!n) return { root, what: 'duplicate: nothing' };
    const parent = at(root, n.path.slice(0, -1));
    const copies = rng.pick([2, 10, 500, 2000]);
    if (Array.isArray(parent)) {
      const items = Array.from({ length: copies }, () => clone(n.value));
      parent.splice(n.path[n.path.length - 1] as number, 0, ...items);
    } else if (isObj(parent)) {
      for (let i = 0; i < Math.min(copies, 200); i++) withOwn(parent, `${String(n.path[n.path.length - 1])}_${i}`, clone(n.value));
    }
    // Elsewhere too: the same subtree under another object.
    const other = pickNode(root, rng, (x) => isObj(x.value));
    if (other) withOwn(other.value as object, String(n.path[n.path.length - 1]), clone(n.value));
    return { root, what: `duplicate ${describePath(n.path)} x${copies}` };
  },
  deep: (root, rng) => {
    const n = pickNode(root, rng);
    const kind = rng.pick(['deep-array', 'deep-object', 'deep-proto', 'deep-mixed'] as const);
    const depth = rng.pick(DEEP_DEPTHS);
    if (!n) return { root, what: 'deep: nothing' };
    return { root: setAt(root, n.path, marker(kind, depth)), what: `${kind}(${depth}) at ${describePath(n.path)}` };
  },
  huge: (root, rng) => {
    const n = pickNode(root, rng, (x) => x.path.length > 0);
    const kind = rng.pick(['huge-plain', 'huge-interp', 'huge-escaped', 'huge-template'] as const);
    if (!n) return { root, what: 'huge: nothing' };
    return { root: setAt(root, n.path, marker(kind, HUGE)), what: `${kind}(10 MB) at ${describePath(n.path)}` };
  },
  proto: (root, rng) => {
    // Own __proto__ / constructor / prototype keys with object values, at many levels.
    const objects = nodes(root).filter((x) => isObj(x.value));
    if (objects.length === 0) return { root, what: 'proto: no object' };
    const count = Math.min(objects.length, rng.pick([3, 10, 30, 1000]));
    const chosen = new Set<number>();
    for (let i = 0; i < count; i++) chosen.add(rng.int(objects.length));
    for (const i of chosen) {
      const o = objects[i].value as Record<string, Json>;
      for (const key of PROTO_KEYS) {
        if (rng.chance(0.7)) withOwn(o, key, key === 'constructor' ? { prototype: pollutingObject() } : pollutingObject());
      }
    }
    return { root, what: `proto keys in ${chosen.size} objects` };
  },
  rename: (root, rng) => {
    // A key renamed to an inherited name keeps its (often object) value: resource "__proto__", stacks.constructor...
    const n = pickNode(root, rng, (x) => typeof x.path[x.path.length - 1] === 'string');
    if (!n) return { root, what: 'rename: nothing' };
    const name = rng.chance(0.85) ? rng.pick(INHERITED_NAMES) : rng.pick(['a\nb', '', ' ', '\u0000', 'x.y', '$ref', '//']);
    return { root: renameAt(root, n.path, name), what: `rename ${describePath(n.path)} → ${JSON.stringify(name)}` };
  },
  protoValues: (root, rng) => {
    // String values turned into inherited names: regions, addresses, topic URNs, provider keys...
    const strings = nodes(root).filter((x) => typeof x.value === 'string');
    const count = Math.min(strings.length, rng.pick([1, 5, 50]));
    const done: string[] = [];
    for (let i = 0; i < count; i++) {
      const n = rng.pick(strings);
      const v = rng.pick(INHERITED_NAMES);
      setAt(root, n.path, v);
      done.push(describePath(n.path));
    }
    return { root, what: `${count} strings → inherited names (${done.slice(0, 3).join(', ')}${done.length > 3 ? ', ...' : ''})` };
  },
  root: (root, rng) => {
    const v = rng.pick<Json>([[], null, 0, 'x', true, {}, [root], { wrapped: root }]);
    return { root: v, what: `root → ${kindOf(v)}` };
  },
} satisfies Record<string, TreeOp>;

export type TreeOpName = keyof typeof treeOps;
const CHEAP_TREE_OPS: TreeOpName[] = ['remove', 'retype', 'rename', 'protoValues', 'proto', 'remove', 'retype'];

// ---------------------------------------------------------------- text / byte mutations

const BAD_UTF8: ReadonlyArray<readonly number[]> = [
  [0xff],
  [0xfe],
  [0xc3],
  [0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
];

export function truncate(bytes: Buffer, rng: Rng): { bytes: Buffer; what: string } {
  const at = rng.pick([0, 1, bytes.length - 1, Math.floor(bytes.length / 2), rng.int(bytes.length)]);
  return { bytes: bytes.subarray(0, Math.max(0, at)), what: `truncate at ${at}/${bytes.length}` };
}

export function invalidUtf8(bytes: Buffer, rng: Rng): { bytes: Buffer; what: string } {
  const parts: Buffer[] = [];
  const offsets = Array.from({ length: 1 + rng.int(8) }, () => rng.int(bytes.length + 1)).sort((a, b) => a - b);
  let last = 0;
  for (const o of offsets) {
    parts.push(bytes.subarray(last, o), Buffer.from(rng.pick(BAD_UTF8)));
    last = o;
  }
  parts.push(bytes.subarray(last));
  const prefix = rng.chance(0.2) ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0);
  return {
    bytes: Buffer.concat([prefix, ...parts]),
    what: `${offsets.length} invalid UTF-8 sequences${prefix.length ? ' and a BOM' : ''}`,
  };
}

export function byteDamage(bytes: Buffer, rng: Rng): { bytes: Buffer; what: string } {
  const out = Buffer.from(bytes);
  const n = 1 + rng.int(10);
  for (let i = 0; i < n && out.length > 0; i++) {
    out[rng.int(out.length)] = rng.pick([0x00, 0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x0a, rng.int(256)]);
  }
  return { bytes: out, what: `${n} bytes overwritten` };
}

export function emptyish(rng: Rng): { bytes: Buffer; what: string } {
  const text = rng.pick(['', ' ', '\n', '\t\r\n  ', '\u0000', '\uFEFF', '\uFEFF{}']);
  return { bytes: Buffer.from(text, 'utf8'), what: `empty file ${JSON.stringify(text)}` };
}

// ---------------------------------------------------------------- JSON mutants

export interface Mutant {
  readonly bytes: Buffer;
  /** What was done, for failure messages. */
  readonly what: string;
}

export const JSON_CATEGORIES = [
  'remove',
  'retype',
  'truncate',
  'deep',
  'proto',
  'rename',
  'duplicate',
  'utf8',
  'protoValues',
  'retype',
  'huge',
  'structural',
] as const;
export type JsonCategory = (typeof JSON_CATEGORIES)[number];

/** Mutates JSON text: a primary mutation of the given category, plus up to two cheap tree mutations. */
export function mutateJson(text: string, category: JsonCategory, rng: Rng): Mutant {
  const steps: string[] = [];
  if (category === 'structural' && rng.chance(0.5)) {
    const e = emptyish(rng);
    return e;
  }
  let root = JSON.parse(text) as Json;
  const apply = (name: TreeOpName) => {
    const r = treeOps[name](root, rng);
    root = r.root;
    steps.push(r.what);
  };
  if (category in treeOps) apply(category as TreeOpName);
  else if (category === 'structural') apply('root');
  const extra = rng.int(3);
  for (let i = 0; i < extra; i++) apply(rng.pick(CHEAP_TREE_OPS));
  let bytes: Buffer = Buffer.from(expandMarkers(JSON.stringify(root, null, rng.chance(0.5) ? 2 : undefined)), 'utf8');
  const text2 =
    category === 'truncate'
      ? truncate(bytes, rng)
      : category === 'utf8'
        ? invalidUtf8(bytes, rng)
        : category === 'structural'
          ? byteDamage(bytes, rng)
          : undefined;
  if (text2) {
    bytes = text2.bytes;
    steps.push(text2.what);
  }
  return { bytes, what: steps.join('; ') };
}

// ---------------------------------------------------------------- HCL mutants

export const HCL_CATEGORIES = [
  'unbalanced',
  'heredoc',
  'truncate',
  'deep',
  'proto',
  'utf8',
  'interpolation',
  'chars',
  'unterminated',
  'empty',
  'huge',
  'labels',
] as const;
export type HclCategory = (typeof HCL_CATEGORIES)[number];

function insertAt(text: string, offset: number, what: string): string {
  return text.slice(0, offset) + what + text.slice(offset);
}

/** Offset of the start of a random line. */
function lineStart(text: string, rng: Rng): number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return rng.pick(starts);
}

/** An offset just before a random closing brace (inside a block), or a line start. */
function insideBlock(text: string, rng: Rng): number {
  const closers: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '}') closers.push(i);
  return closers.length > 0 ? rng.pick(closers) : lineStart(text, rng);
}

export type DeepHclKind = 'list' | 'object' | 'parens' | 'call' | 'conditional' | 'template' | 'unary' | 'not';

/**
 * Deep HCL expressions: lists, objects, parentheses, function calls,
 * conditionals, templates, and chains of unary operators (deep for the
 * parser, but without a single bracket).
 */
export function deepHcl(kind: DeepHclKind, n: number): string {
  switch (kind) {
    case 'list':
      return '['.repeat(n) + ']'.repeat(n);
    case 'object':
      return '{ a = '.repeat(n) + '1' + ' }'.repeat(n);
    case 'parens':
      return '('.repeat(n) + '1' + ')'.repeat(n);
    case 'call':
      return 'tolist('.repeat(n) + '[]' + ')'.repeat(n);
    case 'conditional':
      return 'true ? '.repeat(n) + '1' + ' : 0'.repeat(n);
    case 'template':
      return '"' + '${"'.repeat(n) + 'x' + '"}'.repeat(n) + '"';
    case 'unary':
      return '-'.repeat(n) + '1';
    case 'not':
      return '!'.repeat(n) + 'true';
  }
}

export function mutateHcl(text: string, category: HclCategory, rng: Rng): Mutant {
  let t = text;
  let what: string;
  switch (category) {
    case 'unbalanced': {
      const n = 1 + rng.int(3);
      const done: string[] = [];
      for (let i = 0; i < n; i++) {
        const op = rng.int(4);
        if (op === 0) {
          const closers = [...t.matchAll(/[}\])]/g)].map((m) => m.index ?? 0);
          if (closers.length) {
            const at = rng.pick(closers);
            done.push(`delete ${JSON.stringify(t[at])}@${at}`);
            t = t.slice(0, at) + t.slice(at + 1);
          }
        } else {
          const ch = rng.pick(['{', '}', '[', ']', '(', ')', '{{', '}}}']);
          const at = rng.int(t.length + 1);
          done.push(`insert ${JSON.stringify(ch)}@${at}`);
          t = insertAt(t, at, ch);
        }
      }
      what = `unbalanced: ${done.join(', ')}`;
      break;
    }
    case 'heredoc': {
      const doc = rng.pick([
        `  x = <<EOT\nno end here\n`,
        `  x = <<-EOF\n    indented\n  EO`,
        `  x = <<EOT`,
        `x = <<EOT\n`,
        `  x = <<\n`,
        `  x = <<EOT\n\${unclosed\n`,
      ]);
      const atEnd = rng.chance(0.5);
      t = atEnd ? t + '\nlocals {\n' + doc : insertAt(t, insideBlock(t, rng), doc + '\n');
      what = `heredoc without end ${JSON.stringify(doc)} ${atEnd ? 'at the end' : 'in a block'}`;
      break;
    }
    case 'truncate': {
      const r = truncate(Buffer.from(t, 'utf8'), rng);
      return { bytes: r.bytes, what: r.what };
    }
    case 'deep': {
      const kind = rng.pick(['list', 'object', 'parens', 'call', 'conditional', 'template', 'unary', 'unary', 'not'] as const);
      const n = kind === 'unary' ? rng.pick([20_000, 50_000]) : rng.pick([10_000, 12_000]);
      const attr = rng.pick(['deep', 'enabled', 'trace_names', 'source', 'for_each', 'count', 'region']);
      if (rng.chance(0.5)) {
        t = `${t}\nlocals {\n  ${attr === 'deep' ? 'deep' : `deep_${attr}`} = ${deepHcl(kind, n)}\n}\n`;
        what = `deep ${kind}(${n}) in a locals block`;
      } else {
        t = insertAt(t, insideBlock(t, rng), `  ${attr} = ${deepHcl(kind, n)}\n`);
        what = `deep ${kind}(${n}) as ${attr} in a block`;
      }
      break;
    }
    case 'proto': {
      const blocks = [
        'locals {\n  __proto__ = { polluted = "yes" }\n  constructor = { prototype = { polluted = "yes" } }\n  prototype = { polluted = "yes" }\n}\n',
        'provider "__proto__" {\n  region = "cn-north-4"\n}\n',
        'provider "constructor" {\n  alias = "__proto__"\n  region = "cn-north-4"\n}\n',
        'variable "__proto__" {\n  default = { polluted = "yes" }\n}\nvariable "constructor" {\n  default = { prototype = { polluted = "yes" } }\n}\n',
        'resource "__proto__" "polluted" {\n  polluted = "yes"\n}\nresource "constructor" "prototype" {\n  polluted = "yes"\n}\n',
        'resource "huaweicloud_cts_tracker" "__proto__" {\n  enabled = true\n  bucket_name = "b"\n}\n',
        'resource "huaweicloud_smn_topic" "constructor" {\n  name = "__proto__"\n  region = "__proto__"\n}\n',
        'module "__proto__" {\n  source = "./__proto__"\n}\n',
        'module "constructor" {\n  source = "./modules/__proto__"\n}\n',
        'output "__proto__" {\n  value = { polluted = "yes" }\n}\n',
        'data "__proto__" "constructor" {\n  polluted = "yes"\n}\n',
        'resource "huaweicloud_cts_notification" "p" {\n  name = "p"\n  operation_type = "customized"\n  smn_topic = huaweicloud_smn_topic.__proto__.topic_urn\n  region = var.__proto__\n  operations {\n    service = local.constructor\n    resource = "__proto__"\n    trace_names = [for k, v in { __proto__ = 1, constructor = 2 } : k]\n  }\n  dynamic "__proto__" {\n    for_each = { __proto__ = { polluted = "yes" } }\n    content {\n      polluted = "yes"\n    }\n  }\n}\n',
        'resource "huaweicloud_cts_tracker" "each" {\n  for_each = { __proto__ = "a", constructor = "b", prototype = "c" }\n  bucket_name = each.value\n}\n',
      ];
      const chosen = blocks.filter(() => rng.chance(0.5));
      if (chosen.length === 0) chosen.push(rng.pick(blocks));
      t = `${t}\n${chosen.join('\n')}`;
      what = `proto blocks: ${chosen.map((b) => b.split('\n')[0]).join(' | ')}`;
      break;
    }
    case 'utf8': {
      const r = invalidUtf8(Buffer.from(t, 'utf8'), rng);
      return { bytes: r.bytes, what: r.what };
    }
    case 'interpolation': {
      const bits = [
        '"${',
        '"${var.x"',
        '"${local.__proto__}"',
        '"%{ if true }"',
        '"%{ for x in [] }${x}"',
        '"${${}}"',
        'var.',
        'local.',
        '"$${"',
        '"${"}"}"',
        '[for',
        '{ for k, v in',
        '?',
        ': :',
        '...',
        '=>',
      ];
      const bit = rng.pick(bits);
      const at = rng.chance(0.5) ? insideBlock(t, rng) : rng.int(t.length + 1);
      t = insertAt(t, at, rng.chance(0.5) ? `  x = ${bit}\n` : bit);
      what = `interpolation damage ${JSON.stringify(bit)}@${at}`;
      break;
    }
    case 'chars': {
      const n = 1 + rng.int(12);
      for (let i = 0; i < n; i++) {
        t = insertAt(
          t,
          rng.int(t.length + 1),
          rng.pick([
            '{',
            '}',
            '"',
            '=',
            '#',
            '/*',
            '*/',
            '<<',
            '$',
            '\\',
            '\n',
            ',',
            '.',
            '[',
            ']',
            '(',
            ')',
            '\u0000',
            '\t',
            '%{',
            '${',
            '\r',
          ]),
        );
      }
      what = `${n} random characters inserted`;
      break;
    }
    case 'unterminated': {
      const bit = rng.pick(['"no end', '/* no end', '"${ no end', '<<EOT', '{', '"\\']);
      t = rng.chance(0.5) ? t + '\n' + bit : insertAt(t, rng.int(t.length + 1), bit);
      what = `unterminated ${JSON.stringify(bit)}`;
      break;
    }
    case 'empty':
      return emptyish(rng);
    case 'huge': {
      // hcl2json (HashiCorp's parser in WebAssembly) takes ~0.7 s per MB of string and several seconds for 1 MB of
      // expressions, which is over the time limit (a "BUG:" test in fuzz.test.ts, with 10 MB): here 1 MB strings
      // and comments, and 64 KB of expressions, so that the fuzz run stays within its budget.
      const kind = rng.pick(['string', 'interp', 'comment', 'list'] as const);
      const size = kind === 'string' || kind === 'comment' ? MB : 64 * 1024;
      const value =
        kind === 'string'
          ? `"${'A'.repeat(size)}"`
          : kind === 'interp'
            ? `"\${${'a.'.repeat(size / 2)}b}"`
            : kind === 'list'
              ? `[${'"a",'.repeat(size / 4)}]`
              : `1 # ${'c'.repeat(size)}`;
      t = insertAt(t, insideBlock(t, rng), `  huge = ${value}\n`);
      what = `huge ${kind} (${size / 1024} KB)`;
      break;
    }
    case 'labels': {
      // Block labels and attribute names renamed to inherited names.
      const name = rng.pick(INHERITED_NAMES);
      const re = rng.pick([
        /(resource\s+"[^"]+"\s+)"[^"]+"/g,
        /(resource\s+)"[^"]+"/g,
        /(provider\s+)"[^"]+"/g,
        /(variable\s+)"[^"]+"/g,
        /(module\s+)"[^"]+"/g,
        /(output\s+)"[^"]+"/g,
        /(\n\s*)[a-z_]+(\s*=)/g,
      ]);
      let count = 0;
      t = t.replace(re, (m, head: string, tail?: string) => {
        if (!rng.chance(0.5)) return m;
        count++;
        // The attribute pattern has a second group (the "="); for the label patterns that argument is the offset.
        return typeof tail === 'string' ? `${head}${name}${tail}` : `${head}"${name}"`;
      });
      what = `${count} labels/names matching ${re.source} → ${name}`;
      break;
    }
  }
  return { bytes: Buffer.from(t, 'utf8'), what };
}

// ---------------------------------------------------------------- helpers for hand-made mutants

/** Adds own `__proto__`, `constructor` and `prototype` keys with polluting object values to every object. */
export function protoEverywhere(root: Json): number {
  const objects = nodes(root).filter((x) => isObj(x.value));
  for (const { value } of objects) {
    for (const key of PROTO_KEYS) {
      withOwn(value as object, key, key === 'constructor' ? { prototype: pollutingObject() } : pollutingObject());
    }
  }
  return objects.length;
}

/** The first object (breadth first) that `pred` accepts, with its path. */
export function findObject(root: Json, pred: (o: Record<string, Json>) => boolean): { path: Path; value: Record<string, Json> } {
  const found = nodes(root).find((x) => isObj(x.value) && pred(x.value));
  if (!found) throw new Error('no such object in the seed');
  return found as { path: Path; value: Record<string, Json> };
}

/** Serializes a tree, expanding payload markers. */
export function serialize(root: Json): Buffer {
  return Buffer.from(expandMarkers(JSON.stringify(root, null, 2)), 'utf8');
}
