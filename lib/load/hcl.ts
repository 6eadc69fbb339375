/**
 * Plain Terraform: a folder of `.tf` (and `.tf.json`) files, the root
 * module, with the local modules it calls. HCL is parsed by `@cdktf/hcl2json`
 * (HashiCorp's own HCL parser compiled to WebAssembly, offline), turned into
 * the JSON form of configuration, and evaluated by the same code as cdktf
 * output (config.ts). Variable values come as Terraform takes them:
 * defaults, then terraform.tfvars(.json), then *.auto.tfvars(.json) in
 * name order, then --var-file, then --var.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { InputError } from '../errors';
import { NUMBER_LITERAL, doubleMisreads, misreadNumberProblem, parseJson, readTextFile, refuseMisreadNumbers } from '../json';
import { LoadedInput } from '../model';
import { ConfigDocument, display, hasOwn, isObject, typed } from './common';
import { LoadedModule, readConfig } from './config';
import { NESTED_BLOCKS } from './elements';
import { parseConfigJson } from './config-json';
import { HCL_PARSE_TIMEOUT_MS, HclParseError, parseHclText } from './hcl-parser';
import { LoadOptions, environmentVariables, variableArguments } from './options';

const MAX_MODULES = 500;

/** True when a folder holds Terraform files. */
export function isTerraformDir(dir: string): boolean {
  return terraformFiles(dir).length > 0;
}

/**
 * The Terraform files of a folder, as Terraform lists them: by name, skipping folders (a folder named `x.tf` is
 * not a file). A link is kept whatever it points to; reading it then says what is wrong.
 */
function terraformFiles(dir: string, also: (name: string) => boolean = () => false): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((f) => !f.isDirectory() && (isTerraformFile(f.name) || also(f.name)))
    .map((f) => f.name);
}

function isTerraformFile(name: string): boolean {
  return (name.endsWith('.tf') || name.endsWith('.tf.json')) && !name.startsWith('.');
}

/** Loads a root module folder (or one `.tf` file) with its local modules. */
export async function loadHcl(path: string, options: LoadOptions = {}): Promise<LoadedInput> {
  const single = statSync(path).isFile();
  const rootDir = single ? dirname(path) : path;
  // Terraform reads a whole folder, never one file: a file with others beside it (a second tracker, an override,
  // an unsubscription, a tfvars file) is not what Terraform would apply, and could pass where the folder does not.
  const others = single
    ? terraformFiles(rootDir, isTfvarsFile)
        .filter((f) => f !== basename(path))
        .sort()
    : [];
  if (others.length > 0) {
    const listed = others.length > 5 ? `${others.slice(0, 5).join(', ')} and ${others.length - 5} more` : others.join(', ');
    throw new InputError(
      display(path, options),
      '',
      `the folder also holds ${listed}, which Terraform reads with it (${others.some((f) => isOverride(f)) ? 'override files are merged into it' : 'a folder is one configuration'}); check the folder ${relative(options.cwd ?? process.cwd(), rootDir) === '' ? '.' : display(rootDir, options)} instead`,
    );
  }
  const modules = new Map<string, LoadedModule>();
  const root = await readModule(rootDir, options, single ? [basename(path)] : undefined);
  modules.set(resolve(rootDir), root);
  await loadChildren(root, modules, options);

  const vars = await variableValues(rootDir, root.doc, options);
  const shown = display(path, options);
  const result = readConfig(root.doc, {
    scope: shown,
    file: shown,
    input: 'hcl',
    vars,
    dir: resolve(rootDir),
    module: (source, fromDir) => (isLocal(source) ? modules.get(resolve(fromDir, source)) : undefined),
  });
  return { file: shown, kind: 'hcl', ...result };
}

/** Reads the local modules a module calls, recursively, each folder once. */
async function loadChildren(parent: LoadedModule, modules: Map<string, LoadedModule>, options: LoadOptions): Promise<void> {
  for (const [name, body] of Object.entries(parent.doc.module ?? {})) {
    const source = body?.source;
    if (typeof source !== 'string' || !isLocal(source)) continue;
    const dir = resolve(parent.dir, source);
    if (modules.has(dir)) continue;
    if (modules.size >= MAX_MODULES) {
      throw new InputError(display(parent.dir, options), `module.${name}`, `more than ${MAX_MODULES} local modules; is there a cycle?`);
    }
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      const file = (body['//'] as { source?: { file?: string; line?: number } } | undefined)?.source;
      throw new InputError(
        file?.file ?? display(parent.dir, options),
        file?.line ? String(file.line) : `module.${name}`,
        `module source ${source} is not a folder`,
      );
    }
    const child = await readModule(dir, options);
    modules.set(dir, child);
    await loadChildren(child, modules, options);
  }
}

/** Variable files Terraform loads by itself from a root module's folder. */
function isTfvarsFile(name: string): boolean {
  return /^terraform\.tfvars(\.json)?$/.test(name) || /\.auto\.tfvars(\.json)?$/.test(name);
}

function isLocal(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

/** Parses and merges the Terraform files of one module folder. */
async function readModule(dir: string, options: LoadOptions, only?: string[]): Promise<LoadedModule> {
  // As Terraform: override files (override.tf, *_override.tf, and .tf.json) last, merged into what they override.
  const all = (only ?? terraformFiles(dir)).sort();
  const names = [...all.filter((n) => !isOverride(n)), ...all.filter(isOverride)];
  const doc: MutableDoc = {};
  const origins = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const shown = display(file, options);
    const text = readTextFile(file, shown);
    const json = name.endsWith('.json');
    const hcl = json ? undefined : await parseHclScanned(text, shown);
    const part = hcl ? hcl.json : parseConfigJson(text, shown);
    if (!isObject(part)) throw new InputError(shown, '', 'not a Terraform JSON configuration: expected an object');
    const lines = hcl ? hclBlockLines(hcl.scan, shown) : jsonBlockLines(text, part);
    (isOverride(name) ? override : merge)(doc, normalize(part, shown, lines), shown, origins);
  }
  return { doc: doc as ConfigDocument, dir: resolve(dir) };
}

/**
 * The block lines of a .tf file, refusing a nested block of a modeled resource written as an argument, at any
 * depth: Terraform refuses `operations = [{...}]` for the block `operations` (and `expiration = [...]` in a
 * `lifecycle_rule`, `content = {...}` in a `dynamic` block), and hcl2json would give both the same JSON.
 */
function hclBlockLines(scan: HclScan, shown: string): Map<string, number> {
  for (const { block, nested, name, line, column } of scan.arguments) {
    const [kind, type, label] = block;
    const refused = kind === 'resource' ? blockAsArgument(type, nested, name) : undefined;
    if (refused === undefined) continue;
    const within = nested.length > 0 ? ` in ${nested.map(([t, l]) => (t === 'dynamic' ? `dynamic "${l ?? ''}"` : t)).join(' > ')}` : '';
    throw new InputError(
      shown,
      `${line}:${column}`,
      `resource ${type}.${label}: ${name}${within} is a block, which Terraform refuses as an argument ("${name} = ..."); write it as a block: ${refused}`,
    );
  }
  return scan.lines;
}

/**
 * How to write `name` as the block it is, when it is one in the block at `nested` of a resource of `type`: a
 * nested block of the provider's schema, `dynamic` anywhere, `content` directly in a `dynamic` block.
 */
function blockAsArgument(type: string, nested: ReadonlyArray<readonly string[]>, name: string): string | undefined {
  let level = NESTED_BLOCKS.get(type);
  let dynamic = false;
  for (const [blockType, label] of nested) {
    if (level === undefined) return undefined;
    if (dynamic) {
      // Inside `dynamic "x"`, only `content` is a block; its body is the body of an x block.
      if (blockType !== 'content') return undefined;
      dynamic = false;
    } else if (blockType === 'dynamic') {
      level = label === undefined ? undefined : level.get(label);
      dynamic = true;
    } else level = level.get(blockType);
  }
  if (level === undefined) return undefined;
  if (dynamic) return name === 'content' ? 'content { ... }' : undefined;
  if (name === 'dynamic') return 'dynamic "<block type>" { for_each = ..., content { ... } }';
  return level.has(name) ? `${name} { ... }, one per item, or a dynamic "${name}" block` : undefined;
}

/** Larger .tf files are refused: no hand-written file comes close, and the parser takes up to 5 s per MB. */
export const MAX_HCL_BYTES = 1024 * 1024;
/** Deeper nesting is refused before parsing: it exhausts the parser's WebAssembly runtime for the rest of the process. */
export const MAX_HCL_DEPTH = 200;

export async function parseHcl(text: string, shown: string, timeoutMs = HCL_PARSE_TIMEOUT_MS): Promise<Record<string, unknown>> {
  return (await parseHclScanned(text, shown, timeoutMs)).json;
}

/** Parses HCL text, with its lexical scan (done once: the loader needs its block lines and arguments too). */
async function parseHclScanned(
  text: string,
  shown: string,
  timeoutMs = HCL_PARSE_TIMEOUT_MS,
): Promise<{ json: Record<string, unknown>; scan: HclScan }> {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_HCL_BYTES) {
    throw new InputError(
      shown,
      '',
      `is ${(bytes / 1024 / 1024).toFixed(1)} MB, larger than any hand-written Terraform file (limit ${MAX_HCL_BYTES / 1024 / 1024} MB); split it, or check a plan (terraform show -json) instead`,
    );
  }
  const deep = nestingDepth(text);
  if (deep.depth > MAX_HCL_DEPTH) throw new InputError(shown, String(deep.line), `nested more than ${MAX_HCL_DEPTH} levels deep`);
  let parsed: Record<string, unknown>;
  try {
    parsed = await parseHclText(shown, text, timeoutMs);
  } catch (e) {
    if (!(e instanceof HclParseError)) throw e;
    // "parse config: [main.tf:2,7-3,1: Invalid expression; Expected ...]"
    const m = e.kind === 'syntax' ? /:(\d+),(\d+)(?:-[\d,]+)?: ([^\]]*)\]?$/s.exec(e.message) : null;
    throw new InputError(shown, m ? `${m[1]}:${m[2]}` : '', (m ? m[3] : `cannot parse HCL: ${e.message}`).replace(/\s+/g, ' ').trim());
  }
  // hcl2json gives number literals as 64-bit floats (1e400 as null): refuse those it misreads.
  const scan = scanHcl(text);
  const { misread } = scan;
  if (misread) throw new InputError(shown, `${misread.line}:${misread.column}`, misreadNumberProblem(misread.literal));
  return { json: parsed, scan };
}

/** The deepest bracket nesting of an HCL text (strings and comments skipped), and where it is first reached. */
export function nestingDepth(text: string): { depth: number; line: number } {
  let depth = 0;
  let max = 0;
  let at = 1;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      if (text[i] === '\n') line++;
    } else if (c === '{' || c === '[' || c === '(') {
      depth++;
      if (depth > max) [max, at] = [depth, line];
    } else if (c === '}' || c === ']' || c === ')') {
      depth = Math.max(0, depth - 1);
    }
  }
  return { depth: max, line: at };
}

type MutableDoc = { -readonly [K in Exclude<keyof ConfigDocument, 'removed' | 'terraform'>]?: Record<string, unknown> } & {
  removed?: unknown[];
  terraform?: unknown[];
};

const LABELLED_TWICE = ['resource', 'data'] as const;
const LABELLED_ONCE = ['variable', 'module', 'output'] as const;

/**
 * hcl2json writes every block as a list (`resource.T.N = [body]`); the JSON
 * syntax writes one body. Both become one body, carrying its source file
 * and line under "//".
 */
function normalize(part: Record<string, unknown>, file: string, lines: Map<string, number> | undefined): MutableDoc {
  const out: MutableDoc = {};
  const located = (body: unknown, key: string) => {
    const b = first(body);
    if (!isObject(b)) return b;
    return { ...b, '//': { source: { file, ...(lines?.get(key) !== undefined ? { line: lines.get(key) } : {}) } } };
  };
  for (const kind of LABELLED_TWICE) {
    const byType = part[kind];
    if (!isObject(byType)) continue;
    const target = dict<Record<string, unknown>>();
    for (const [type, byName] of Object.entries(byType)) {
      if (!isObject(byName)) continue;
      target[type] = Object.fromEntries(Object.entries(byName).map(([name, body]) => [name, located(body, `${kind}.${type}.${name}`)]));
    }
    out[kind] = target;
  }
  for (const kind of LABELLED_ONCE) {
    const byName = part[kind];
    if (!isObject(byName)) continue;
    out[kind] = Object.fromEntries(Object.entries(byName).map(([name, body]) => [name, located(body, `${kind}.${name}`)]));
  }
  const locals = Array.isArray(part.locals) ? part.locals : part.locals === undefined ? [] : [part.locals];
  if (locals.length > 0) out.locals = Object.assign({}, ...locals.filter(isObject));
  if (isObject(part.provider)) {
    out.provider = Object.fromEntries(
      Object.entries(part.provider).map(([name, blocks]) => [name, Array.isArray(blocks) ? blocks : [blocks]]),
    );
  }
  if (part.terraform !== undefined) out.terraform = Array.isArray(part.terraform) ? part.terraform : [part.terraform];
  if (part.removed !== undefined) {
    const blocks = Array.isArray(part.removed) ? part.removed : [part.removed];
    out.removed = blocks.map((b) => (isObject(b) ? { ...b, '//': { source: { file } } } : b));
  }
  return out;
}

/** A dictionary without prototype: block names such as "constructor" or "__proto__" are just names. */
function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `map[key]`, created as a dictionary when it is not an own entry. */
function entry(map: Record<string, unknown>, key: string): Record<string, unknown> {
  if (!hasOwn(map, key)) map[key] = dict();
  return map[key] as Record<string, unknown>;
}

type BlockVisitor = (kind: string, key: string, body: unknown, target: Record<string, unknown>, name: string) => void;

/** Calls `visit` for each labelled block of a file (resources, data, variables, modules, outputs), with where it goes. */
function eachBlock(into: MutableDoc, part: MutableDoc, visit: BlockVisitor): void {
  for (const kind of LABELLED_TWICE) {
    for (const [type, byName] of Object.entries(part[kind] ?? {})) {
      const target = entry((into[kind] ??= dict()) as Record<string, unknown>, type);
      for (const [name, body] of Object.entries(byName as Record<string, unknown>)) visit(kind, `${type}.${name}`, body, target, name);
    }
  }
  for (const kind of LABELLED_ONCE) {
    for (const [name, body] of Object.entries(part[kind] ?? {})) {
      visit(kind, name, body, (into[kind] ??= dict()) as Record<string, unknown>, name);
    }
  }
}

/** Merges one file's blocks into the module; a block defined twice is an error, as in Terraform. */
function merge(into: MutableDoc, part: MutableDoc, file: string, origins: Map<string, string>): void {
  const define: BlockVisitor = (kind, key, body, target, name) => {
    const id = `${kind}.${key}`;
    const where = (body as { '//'?: { source?: { line?: number } } })?.['//']?.source?.line;
    if (origins.has(id)) throw new InputError(file, where ? String(where) : id, `${id} is defined again (first in ${origins.get(id)})`);
    origins.set(id, `${file}${where ? `:${where}` : ''}`);
    target[name] = body;
  };
  eachBlock(into, part, define);
  if (part.locals) {
    for (const [name, value] of Object.entries(part.locals)) {
      define('local', name, value, (into.locals ??= dict()) as Record<string, unknown>, name);
    }
  }
  for (const [name, blocks] of Object.entries(part.provider ?? {})) {
    const target = (into.provider ??= dict()) as Record<string, unknown[]>;
    const before = hasOwn(target, name) ? target[name] : [];
    target[name] = [...before, ...(Array.isArray(blocks) ? blocks : [blocks])];
  }
  if (part.removed) into.removed = [...(into.removed ?? []), ...part.removed];
  if (part.terraform) into.terraform = [...(into.terraform ?? []), ...part.terraform];
}

/** Terraform's override files: override.tf(.json) and *_override.tf(.json). */
function isOverride(name: string): boolean {
  return /(^|_)override\.tf(\.json)?$/.test(name);
}

/**
 * Merges an override file as Terraform does: each block it names must exist, and its arguments replace the
 * original's (a nested block replaces the original's blocks of that type); locals and variables by name.
 */
function override(into: MutableDoc, part: MutableDoc, file: string, origins: Map<string, string>): void {
  const apply: BlockVisitor = (kind, key, body, target, name) => {
    const where = (body as { '//'?: { source?: { line?: number } } })?.['//']?.source?.line;
    if (!hasOwn(target, name) || !isObject(target[name]) || !isObject(body)) {
      throw new InputError(file, where ? String(where) : `${kind}.${key}`, `${kind}.${key} overrides nothing: no other file defines it`);
    }
    const { '//': _origin, ...changes } = body;
    target[name] = { ...(target[name] as Record<string, unknown>), ...changes };
    origins.set(`${kind}.${key}`, `${file}${where ? `:${where}` : ''}`);
  };
  eachBlock(into, part, apply);
  for (const [name, value] of Object.entries(part.locals ?? {})) ((into.locals ??= dict()) as Record<string, unknown>)[name] = value;
  for (const [name, blocks] of Object.entries(part.provider ?? {})) {
    const target = (into.provider ??= dict()) as Record<string, unknown[]>;
    const existing = hasOwn(target, name) ? target[name] : [];
    for (const block of Array.isArray(blocks) ? blocks : [blocks]) {
      if (!isObject(block)) continue;
      const alias = block.alias;
      const i = existing.findIndex((b) => isObject(b) && b.alias === alias);
      if (i < 0) {
        throw new InputError(file, `provider.${name}`, `provider ${name}${alias ? ` (alias ${String(alias)})` : ''} overrides nothing`);
      }
      existing[i] = { ...(existing[i] as Record<string, unknown>), ...block };
    }
    target[name] = existing;
  }
}

/**
 * Lines of the blocks of a .tf.json file (`resource.t.n` → line), for file:line in reports: the line of each
 * block's key, found in order below its parents' keys.
 */
export function jsonBlockLines(text: string, part: Record<string, unknown>): Map<string, number> {
  const lines = new Map<string, number>();
  const keyAt = (key: string, from: number): number => {
    const quoted = JSON.stringify(key);
    for (let i = text.indexOf(quoted, from); i >= 0; i = text.indexOf(quoted, i + 1)) {
      if (/^\s*:/.test(text.slice(i + quoted.length, i + quoted.length + 64))) return i;
    }
    return -1;
  };
  const lineOf = (offset: number) => {
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
    return n;
  };
  for (const kind of [...LABELLED_TWICE, ...LABELLED_ONCE]) {
    const byType = part[kind];
    const k = isObject(byType) ? keyAt(kind, 0) : -1;
    if (k < 0 || !isObject(byType)) continue;
    for (const [first, inner] of Object.entries(byType)) {
      const f = keyAt(first, k);
      if (f < 0) continue;
      if ((LABELLED_ONCE as readonly string[]).includes(kind)) {
        lines.set(`${kind}.${first}`, lineOf(f));
        continue;
      }
      for (const name of isObject(inner) ? Object.keys(inner) : []) {
        const n = keyAt(name, f);
        if (n >= 0) lines.set(`${kind}.${first}.${name}`, lineOf(n));
      }
    }
  }
  return lines;
}

/**
 * Values of the root module's variables: tfvars files in Terraform's order,
 * then --var-file, then --var. Values given on the command line are strings;
 * for a variable whose type is not string they are read as JSON when they can be.
 */
async function variableValues(dir: string, doc: ConfigDocument, options: LoadOptions): Promise<Record<string, unknown>> {
  // Terraform's order, each later source winning: TF_VAR_ environment variables, terraform.tfvars(.json),
  // *.auto.tfvars(.json) in name order, then -var and -var-file in command-line order.
  const files = terraformFiles(dir, isTfvarsFile);
  const auto = [
    ...['terraform.tfvars', 'terraform.tfvars.json'].filter((f) => files.includes(f)),
    ...files.filter((f) => f.endsWith('.auto.tfvars') || f.endsWith('.auto.tfvars.json')).sort(),
  ].map((f) => join(dir, f));
  const values = dict<unknown>();
  for (const [name, raw] of Object.entries(environmentVariables(options))) {
    // Terraform ignores TF_VAR_ values of variables the root module does not declare.
    if (hasOwn(doc.variable, name)) values[name] = typed(doc, name, raw, `TF_VAR_${name}`);
  }
  for (const file of auto) Object.assign(values, await readTfvars(file, options));
  for (const arg of variableArguments(options)) {
    if ('file' in arg) Object.assign(values, await readTfvars(arg.file, options));
    else values[arg.var] = typed(doc, arg.var, arg.value);
  }
  return values;
}

async function readTfvars(file: string, options: LoadOptions): Promise<Record<string, unknown>> {
  const shown = display(file, options);
  const text = readTextFile(file, shown);
  const json = file.endsWith('.json');
  const values = json ? parseJson(text, shown) : await parseHcl(text, shown);
  if (json) refuseMisreadNumbers(text, shown);
  if (!isObject(values)) throw new InputError(shown, '', 'expected variable assignments');
  return values;
}

/**
 * Lines of the top-level blocks of an HCL file (`resource "t" "n" {` →
 * `resource.t.n`), for file:line in reports.
 */
export function blockLines(text: string): Map<string, number> {
  return scanHcl(text).lines;
}

/**
 * An argument (`name = ...`) of a block: a top-level block's own, or one of a block nested in it. `block` is the
 * top-level block's header (`resource`, type, name); `nested` the headers of the blocks it sits in below that one,
 * outermost first (`[["dynamic", "operations"], ["content"]]`).
 */
export interface BlockArgument {
  readonly block: readonly string[];
  readonly nested: ReadonlyArray<readonly string[]>;
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

/** A number literal of HCL, read where the scan stands. */
const NUMBER = new RegExp(NUMBER_LITERAL.source, 'y');
/** A template that is one interpolation of a number literal, which HCL unwraps to the number. */
const ONLY_NUMBER = new RegExp(`^\\$\\{\\s*-?(${NUMBER_LITERAL.source})\\s*\\}$`);

/** The first number literal of an HCL file that a 64-bit float misreads ({@link doubleMisreads}), and where. */
export interface MisreadNumber {
  readonly literal: string;
  readonly line: number;
  readonly column: number;
}

/** What {@link scanHcl} finds. */
export interface HclScan {
  readonly lines: Map<string, number>;
  readonly arguments: BlockArgument[];
  readonly misread?: MisreadNumber;
}

/**
 * A brace the scan is inside: a block's body, whose statements are arguments and nested blocks, or an object
 * value, whose keys are neither. `pending` is the header of a nested block being read (its type, then its labels),
 * until its `{`; anything else on the line ends it.
 */
interface Frame {
  readonly block: boolean;
  readonly path: ReadonlyArray<readonly string[]>;
  pending?: string[];
}

/**
 * A lexical scan of an HCL file (hcl2json does the parsing but gives no positions, and gives a block and an
 * argument of the same name the same JSON): the lines of the top-level blocks, the arguments of every block, and
 * the first number literal a 64-bit float misreads. It skips comments, strings and heredocs, and keeps the braces
 * it is in, telling a block's body (`name {`, `name "label" {`) from an object value (`name = {`), so an object's
 * `a = 1` is no argument.
 */
export function scanHcl(text: string): HclScan {
  const lines = new Map<string, number>();
  const args: BlockArgument[] = [];
  let misread: MisreadNumber | undefined;
  let block: string[] = [];
  const frames: Frame[] = [];
  let line = 1;
  let i = 0;
  let header: string[] = [];
  let headerLine = 0;
  const n = text.length;
  /** Ends the header of a nested block being read: what follows is no label (`{` is on the header's line). */
  const endHeader = () => {
    const frame = frames[frames.length - 1];
    if (frame) frame.pending = undefined;
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      endHeader();
      line++;
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < n && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') line++;
        i++;
      }
      i += 2;
      continue;
    }
    if (c === '"') {
      const string = scanString(text, i);
      const frame = frames[frames.length - 1];
      if (frame === undefined) header.push(string.label);
      else if (frame.pending) frame.pending.push(string.label);
      // `"${1e400}"` alone is the number itself (HCL unwraps a template of one interpolation).
      const only = ONLY_NUMBER.exec(string.label);
      if (only && !misread && doubleMisreads(only[1])) misread = { literal: only[1], line, column: columnOf(text, i) };
      line += string.newlines;
      i = string.end + 1;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      endHeader();
      const m = /^<<-?([A-Za-z_][\w-]*)\r?\n/.exec(text.slice(i, i + 200));
      if (m) {
        const marker = m[1];
        i += m[0].length;
        line++;
        while (i < n) {
          const end = text.indexOf('\n', i);
          const current = text.slice(i, end === -1 ? n : end).trim();
          i = end === -1 ? n : end + 1;
          line++;
          if (current === marker) break;
        }
        continue;
      }
    }
    if (c === '{') {
      const frame = frames[frames.length - 1];
      if (frame === undefined) {
        if (header.length >= 2) lines.set(header.join('.'), headerLine);
        block = header;
        frames.push({ block: true, path: [] });
      } else {
        frames.push(frame.pending ? { block: true, path: [...frame.path, frame.pending] } : { block: false, path: frame.path });
        frame.pending = undefined;
      }
      header = [];
      i++;
      continue;
    }
    if (c === '}') {
      frames.pop();
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      // A number literal (HCL has no sign in literals and no hex): hcl2json hands it over as a 64-bit float.
      endHeader();
      NUMBER.lastIndex = i;
      const literal = NUMBER.exec(text)![0];
      if (!misread && doubleMisreads(literal)) misread = { literal, line, column: columnOf(text, i) };
      i += literal.length;
      continue;
    }
    if (/[A-Za-z_]/.test(c) || (c > '\x7f' && IDENTIFIER_START.test(codePointAt(text, i)))) {
      // An identifier, whole (its digits are not a number): a block type or label at the top level; in a block, an
      // argument's name or a nested block's type where a statement starts, or a nested block's label.
      let j = i;
      for (;;) {
        const k = j < n ? codePointAt(text, j) : '';
        if (!(/^[\w-]$/.test(k) || (k > '\x7f' && IDENTIFIER_PART.test(k)))) break;
        j += k.length;
      }
      const name = text.slice(i, j);
      const frame = frames[frames.length - 1];
      if (frame === undefined) {
        // A block's type starts a header; an identifier after it is a label (`resource t n {` is HCL too).
        if (header.length === 0) headerLine = line;
        header = [...header, name];
      } else if (frame.block && startsArgument(text, i)) {
        // A statement: an argument (`name =`), else a nested block's header.
        if (/^(?:[ \t]|\/\*[^]*?\*\/)*=(?!=)/.test(text.slice(j, j + 1024))) {
          args.push({ block, nested: frame.path, name, line, column: columnOf(text, i) });
          frame.pending = undefined;
        } else frame.pending = [name];
      } else if (frame.pending) frame.pending.push(name);
      i = j;
      continue;
    }
    // Anything else but blank space (an operator, a bracket) ends a nested block's header.
    if (c !== ' ' && c !== '\t' && c !== '\r') endHeader();
    i++;
  }
  return { lines, arguments: args, ...(misread ? { misread } : {}) };
}

/** HCL's identifiers are Unicode's (UAX #31), with `-`: `名称1` is one, not a name and then a number. */
const IDENTIFIER_START = /^[\p{ID_Start}_]$/u;
const IDENTIFIER_PART = /^[\p{ID_Continue}-]$/u;

/** The character (a whole code point, one or two UTF-16 units) at `text[i]`. */
function codePointAt(text: string, i: number): string {
  return String.fromCodePoint(text.codePointAt(i)!);
}

/** The column of `text[i]` on its line, from 1. */
function columnOf(text: string, i: number): number {
  return i - text.lastIndexOf('\n', i - 1);
}

/** True when nothing but blanks stands between `text[i]` and the start of its line or the block's opening brace. */
function startsArgument(text: string, i: number): boolean {
  let k = i - 1;
  for (;;) {
    while (k >= 0 && (text[k] === ' ' || text[k] === '\t' || text[k] === '\r')) k--;
    // An inline comment is blank space (`/* why */ operations = ...`).
    if (k > 0 && text[k] === '/' && text[k - 1] === '*' && text.lastIndexOf('/*', k - 2) >= 0) k = text.lastIndexOf('/*', k - 2) - 1;
    else break;
  }
  return k < 0 || text[k] === '\n' || text[k] === '{';
}

/** An escape sequence of an HCL string: `\\uNNNN`, `\\UNNNNNNNN`, or one character. */
const ESCAPE = /^\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/s;
const ESCAPED: Record<string, string> = { n: '\n', r: '\r', t: '\t' };

/**
 * The quoted string that opens at `text[start]`: the index of its closing quote, its text with escapes
 * resolved, and the newlines in it. An interpolation or directive (`${...}`, `%{...}`) runs to its matching
 * brace, and the strings in it are strings of their own: `"${join("}", ["{"])}"` is one string.
 */
function scanString(text: string, start: number): { end: number; label: string; newlines: number } {
  let label = '';
  let newlines = 0;
  let j = start + 1;
  while (j < text.length && text[j] !== '"') {
    if (text[j] === '\\') {
      // HCL's escapes, decoded as hcl2json decodes them (`"huaweicloud_cts_\u006eotification"` is the type it names).
      const escape = ESCAPE.exec(text.slice(j, j + 10));
      const hex = escape?.[1] ?? escape?.[2];
      const code = hex === undefined ? undefined : parseInt(hex, 16);
      if (code !== undefined && code <= 0x10ffff) label += String.fromCodePoint(code);
      else label += escape?.[3] !== undefined ? (ESCAPED[escape[3]] ?? escape[3]) : (text[j + 1] ?? '');
      j += escape?.[0].length ?? 2;
      continue;
    }
    if ((text[j] === '$' || text[j] === '%') && text[j + 1] === text[j] && text[j + 2] === '{') {
      // `$${` and `%%{` are the escapes of `${` and `%{`: text, not a template.
      label += text.slice(j + 1, j + 3);
      j += 3;
      continue;
    }
    if ((text[j] === '$' || text[j] === '%') && text[j + 1] === '{') {
      const from = j;
      let braces = 0;
      for (; j < text.length; j++) {
        if (text[j] === '"') {
          const inner = scanString(text, j);
          newlines += inner.newlines;
          j = inner.end;
        } else if (text[j] === '{') braces++;
        else if (text[j] === '}' && --braces === 0) break;
        else if (text[j] === '\n') newlines++;
      }
      label += text.slice(from, j + 1);
      j++;
      continue;
    }
    if (text[j] === '\n') newlines++;
    label += text[j];
    j++;
  }
  return { end: j, label, newlines };
}

function first(x: unknown): unknown {
  return Array.isArray(x) ? x[0] : x;
}
