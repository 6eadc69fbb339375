/**
 * Reads Terraform configuration in its JSON form (a cdktf `cdk.tf.json`, a
 * `.tf.json` file, or HCL converted to JSON) into model elements. Values are
 * evaluated statically: literals, variables with a default or a given value,
 * locals, count and for_each over literals, `dynamic` blocks, local modules
 * with their inputs, outputs and providers, and references to other
 * resources, which are kept as references for evaluation to follow.
 * Anything else is unknown, with the reason and what to do.
 */
import { describeValue, jsonPointer, nameOf } from '../json';
import { InputError } from '../errors';
import { Element, ElementBase, InputDiagnostic, InputKind, ScopedValue, SourceRef, UNRESOLVED, Value, known, ref, unknown } from '../model';
import { ConfigDocument, clipped, hasOwn, isObject } from './common';
import { MODELED_TYPES, UNKNOWN_BLOCKS, buildElement, unmodeledDiagnostic, unmodeledRisk } from './elements';
import { evaluateOperators, parseOperators, toNumber } from './operators';

/** A local module, as the loader found it. */
export interface LoadedModule {
  readonly doc: ConfigDocument;
  /** Where it is, for resolving its own module sources. */
  readonly dir: string;
}

/** How to read one configuration document. */
export interface ConfigContext {
  readonly scope: string;
  readonly file: string;
  readonly input: InputKind;
  /** Values of the root module's variables (`--var`, tfvars), which win over defaults. */
  readonly vars?: Readonly<Record<string, unknown>>;
  /**
   * Resolves `data.terraform_remote_state.<name>.outputs.<output>` to a
   * value exported by another scope (cdktf cross-stack references).
   */
  readonly remoteState?: (dataName: string, output: string) => Ref | undefined;
  /** Finds a local module by its source, relative to the calling module's folder. */
  readonly module?: (source: string, fromDir: string) => LoadedModule | undefined;
  /** Folder of the root module. */
  readonly dir?: string;
}
type Ref = Extract<Value<unknown>, { kind: 'ref' }>;

/** The elements, diagnostics and exports of one configuration. */
export interface ConfigResult {
  readonly elements: Element[];
  readonly diagnostics: InputDiagnostic[];
  readonly exports: Record<string, ScopedValue>;
  /** The variables the root module declares. */
  readonly variables: string[];
}

/** A literal: a number, true/false/null, a quoted string, or a list of literals (JSON-compatible). */
function literalValue(expr: string): { value: unknown } | undefined {
  if (!/^(-?\d+(\.\d+)?|true|false|null|"[^"\\$%]*"|\[[^\]$%{}]*\])$/s.test(expr)) return undefined;
  try {
    return { value: JSON.parse(expr.startsWith('[') ? expr.replace(/,\s*\]$/, ']') : expr) };
  } catch {
    return undefined;
  }
}

/** `test ? then : otherwise` at the top level (not inside quotes or brackets), or undefined. */
function splitConditional(expr: string): { test: string; then: string; otherwise: string } | undefined {
  let depth = 0;
  let quoted = false;
  let question = -1;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && c === '?' && question < 0) question = i;
    else if (depth === 0 && c === ':' && question >= 0) {
      return { test: expr.slice(0, question).trim(), then: expr.slice(question + 1, i).trim(), otherwise: expr.slice(i + 1).trim() };
    }
  }
  return undefined;
}

/** The expression inside `( ... )` when the parentheses enclose all of it, or undefined: `(a) == (b)` is not one. */
function parenthesized(expr: string): string | undefined {
  if (!expr.startsWith('(') || !expr.endsWith(')')) return undefined;
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < expr.length - 1; i++) {
    const c = expr[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return undefined;
  }
  return expr.slice(1, -1).trim();
}

/** A template directive (`%{ if }`, `%{ for }`; `%%{` is a literal): not evaluated, so unknown. */
function beyondTemplates(escaped: string, raw: string): Value<unknown> | undefined {
  if (/%\{/.test(escaped.replace(/%%\{/g, ''))) {
    return unknown(
      `"${clipped(raw)}" uses a template directive (%{ ... }) the checker does not evaluate; check a plan (terraform show -json)`,
    );
  }
  return undefined;
}

function cannotEvaluate(raw: string): Value<unknown> {
  return unknown(`"${clipped(raw)}" holds an expression the checker cannot evaluate; check a plan (terraform show -json)`);
}

/** What an expression can refer to besides the module's own names. */
interface Instance {
  readonly countIndex?: number;
  /** Why `count.index` cannot be known: one element stands for more instances than are expanded one by one. */
  readonly indexUnknown?: string;
  readonly eachKey?: string;
  readonly eachValue?: unknown;
  /** Iterators of `dynamic` blocks, by name. */
  readonly iterators?: Readonly<Record<string, { key: unknown; value: unknown }>>;
}

/** Where a module instance sits and what it is given. */
interface Frame {
  /** Address prefix of the module instance: '' for the root, `module.audit.`, `module.audit[0].`. */
  readonly prefix: string;
  /** Values of the module's variables, from the calling module block (unset for the root). */
  readonly inputs?: Readonly<Record<string, Value<unknown>>>;
  /** Regions of the providers the module can use, by `huaweicloud` or `huaweicloud.<alias>`. */
  readonly providers: ReadonlyMap<string, Value<string>>;
  readonly dir?: string;
  readonly depth: number;
  /** The folders of the modules that lead here, outermost first: a module that calls one of them is a cycle. */
  readonly chain?: readonly string[];
  /** Set when this module instance may not exist (its call's count or for_each cannot be evaluated): why. */
  readonly mayNotExist?: string;
}

interface Sink {
  readonly elements: Element[];
  readonly diagnostics: InputDiagnostic[];
  /** Module instances read so far, against {@link MAX_MODULE_INSTANCES}. */
  moduleInstances: number;
}

/** Instances of one resource or module expanded one by one; more are stood for by one element. */
export const MAX_EXPANDED = 1000;
/** Module instances one configuration may have: no real one comes close, and each is read in full. */
export const MAX_MODULE_INSTANCES = 1000;

const TRAVERSAL = /^[A-Za-z_][\w-]*(\.[\w-]+|\[\d+\]|\["[^"]*"\])*$/;
const WHOLE = /^\$\{([^{}]*)\}$/s;
const INTERPOLATION = /\$\{([^{}]*)\}/g;
const ESCAPED = '\u0000escaped-interpolation\u0000';
const ESCAPED_ALL = new RegExp(ESCAPED, 'g');

const MODULE_META = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on', '//']);
const MAX_MODULE_DEPTH = 20;

/** Evaluates one configuration document (and the local modules it calls). */
export function readConfig(doc: ConfigDocument, ctx: ConfigContext): ConfigResult {
  const sink: Sink = { elements: [], diagnostics: [], moduleInstances: 0 };
  const root = new Evaluator(doc, ctx, { prefix: '', providers: new Map(), dir: ctx.dir, depth: 0 }, sink);
  root.run();
  const exports: Record<string, ScopedValue> = {};
  for (const [name, output] of Object.entries(doc.output ?? {})) {
    if (isObject(output)) exports[`${ctx.scope}#${name}`] = { scope: ctx.scope, value: root.eval(output.value, {}) };
  }
  return { ...sink, exports, variables: isObject(doc.variable) ? Object.keys(doc.variable) : [] };
}

class Evaluator {
  private readonly providerRegions: Map<string, Value<string>>;
  /** The block being read, for the file and line of an expression Terraform would refuse. */
  private at?: SourceRef;
  /** Module instances called from this module, by name: instance key ('' without count/for_each) → evaluator. */
  private readonly children = new Map<string, Map<string, Evaluator>>();

  public constructor(
    private readonly doc: ConfigDocument,
    private readonly ctx: ConfigContext,
    private readonly frame: Frame,
    private readonly sink: Sink,
  ) {
    this.providerRegions = new Map(frame.providers);
  }

  public run(): void {
    this.readProviders();
    this.readModules();
    for (const [type, byName] of Object.entries(this.doc.resource ?? {})) {
      if (!isObject(byName)) continue;
      if (!MODELED_TYPES.has(type)) {
        if (!unmodeledRisk(type)) continue;
        for (const [name, body] of Object.entries(byName)) {
          if (!isObject(body)) continue;
          const address = `${this.frame.prefix}${type}.${nameOf(name, '?')}`;
          this.sink.diagnostics.push(unmodeledDiagnostic(type, address, this.sourceOf(body, jsonPointer(['resource', type, name]))));
        }
        continue;
      }
      for (const [name, body] of Object.entries(byName)) {
        if (isObject(body)) this.readResource(type, name, body);
      }
    }
    for (const instances of this.children.values()) for (const child of instances.values()) child.run();
  }

  /** The value of one of this module's outputs. */
  public output(name: string): Value<unknown> {
    const output = hasOwn(this.doc.output, name) ? this.doc.output?.[name] : undefined;
    if (!isObject(output)) return unknown(`output ${name} is not defined in module ${this.frame.prefix.slice(0, -1)}`);
    return this.eval(output.value, {});
  }

  private readProviders(): void {
    const blocks = this.doc.provider?.huaweicloud;
    const list = Array.isArray(blocks) ? blocks : blocks === undefined ? [] : [blocks];
    for (const block of list) {
      if (!isObject(block)) continue;
      const alias = typeof block.alias === 'string' ? block.alias : undefined;
      const key = alias ? `huaweicloud.${alias}` : 'huaweicloud';
      const region = this.eval(block.region, {});
      this.providerRegions.set(
        key,
        region.kind === 'known' && region.value === undefined
          ? unknown(
              `provider ${key} sets no region (it would come from HW_REGION_NAME when Terraform runs); set region on the provider or on the resource`,
            )
          : (region as Value<string>),
      );
    }
  }

  private readModules(): void {
    for (const [name, body] of Object.entries(this.doc.module ?? {})) {
      if (!isObject(body)) continue;
      const address = `${this.frame.prefix}module.${name}`;
      const source = this.sourceOf(body, jsonPointer(['module', name]));
      this.at = source;
      const loaded = typeof body.source === 'string' && this.ctx.module ? this.ctx.module(body.source, this.frame.dir ?? '.') : undefined;
      const chain = [...(this.frame.chain ?? (this.frame.dir ? [this.frame.dir] : [])), ...(loaded ? [loaded.dir] : [])];
      if (loaded && (this.frame.chain ?? [this.frame.dir]).includes(loaded.dir)) {
        // Terraform refuses a module that calls itself, directly or through others.
        throw new InputError(
          source.file,
          source.line !== undefined ? String(source.line) : (source.pointer ?? address),
          `${address} (source ${describeValue(body.source)}) calls back into a module that contains it: a module cycle, which Terraform refuses`,
        );
      }
      if (!loaded || this.frame.depth >= MAX_MODULE_DEPTH) {
        this.sink.diagnostics.push({
          source,
          message: loaded
            ? `${address} is not read: it is nested more than ${MAX_MODULE_DEPTH} modules deep (does a module call itself?), so its resources are not checked; check a plan (terraform show -json) instead`
            : `${address} (source ${describeValue(body.source)}) is not read: only local modules (./ or ../) are, so its resources are not checked; check a plan (terraform show -json) instead`,
          hides: true,
          ...this.bucketsGiven(body),
        });
        continue;
      }
      const instances = new Map<string, Evaluator>();
      for (const { instance, suffix, mayNotExist } of this.instances(body, source, address)) {
        if (++this.sink.moduleInstances > MAX_MODULE_INSTANCES) {
          throw new InputError(
            source.file,
            source.line !== undefined ? String(source.line) : (source.pointer ?? address),
            `more than ${MAX_MODULE_INSTANCES} module instances (at ${address}${suffix}); check a plan (terraform show -json) instead`,
          );
        }
        // No prototype: an input named __proto__ must stay an input.
        const inputs: Record<string, Value<unknown>> = Object.create(null);
        for (const [arg, raw] of Object.entries(body)) if (!MODULE_META.has(arg)) inputs[arg] = this.eval(raw, instance);
        const frame: Frame = {
          prefix: `${address}${suffix}.`,
          inputs,
          providers: this.passedProviders(body.providers),
          dir: loaded.dir,
          depth: this.frame.depth + 1,
          chain,
          ...(mayNotExist || this.frame.mayNotExist ? { mayNotExist: mayNotExist ?? this.frame.mayNotExist } : {}),
        };
        instances.set(suffix, new Evaluator(loaded.doc, this.ctx, frame, this.sink));
      }
      this.children.set(name, instances);
    }
  }

  /**
   * The providers a module instance gets: the caller's default provider,
   * unless a `providers` map passes others (`{ huaweicloud = huaweicloud.hk }`).
   */
  private passedProviders(map: unknown): Map<string, Value<string>> {
    const passed = new Map<string, Value<string>>();
    const inherited = this.providerRegions.get('huaweicloud');
    if (inherited) passed.set('huaweicloud', inherited);
    const entries = Array.isArray(map) ? map : map === undefined ? [] : [map];
    for (const entry of entries) {
      if (!isObject(entry)) continue;
      for (const [childKey, parentRef] of Object.entries(entry)) {
        const parentKey = typeof parentRef === 'string' ? parentRef.replace(/^\$\{(.*)\}$/, '$1') : '';
        passed.set(
          childKey,
          this.providerRegions.get(parentKey) ?? unknown(`provider ${parentKey} passed to the module is not configured`),
        );
      }
    }
    return passed;
  }

  private sourceOf(body: Record<string, unknown>, pointer: string): SourceRef {
    const meta = body['//'] as { metadata?: { path?: unknown }; source?: { file?: unknown; line?: unknown } } | undefined;
    if (meta?.source && typeof meta.source.file === 'string') {
      return { file: meta.source.file, ...(typeof meta.source.line === 'number' ? { line: meta.source.line } : {}) };
    }
    return {
      file: this.ctx.file,
      pointer,
      ...(typeof meta?.metadata?.path === 'string' ? { constructPath: meta.metadata.path } : {}),
    };
  }

  private readResource(type: string, name: string, body: Record<string, unknown>): void {
    const source = this.sourceOf(body, jsonPointer(['resource', type, name]));
    this.at = source;
    const address = `${this.frame.prefix}${type}.${nameOf(name, '?')}`;
    for (const { instance, suffix, mayNotExist, instances } of this.instances(body, source, address)) {
      const read = (attribute: string, mode?: 'template'): Value<unknown> => {
        const raw = body[attribute];
        if (mode === 'template' && typeof raw === 'string' && !WHOLE.test(raw)) return this.template(raw, instance);
        return this.attribute(body, attribute, instance);
      };
      const base: ElementBase = {
        scope: this.ctx.scope,
        address: address + suffix,
        input: this.ctx.input,
        source,
        region: this.region(body, instance),
        ...(mayNotExist || this.frame.mayNotExist ? { mayNotExist: mayNotExist ?? this.frame.mayNotExist } : {}),
        ...(instances !== undefined ? { instances } : {}),
      };
      const element = buildElement(type, base, read);
      if (element) this.sink.elements.push(element);
    }
  }

  /** An attribute or nested block of a resource, with the blocks its `dynamic` blocks generate. */
  private attribute(body: Record<string, unknown>, name: string, instance: Instance): Value<unknown> {
    const fixed = this.eval(body[name], instance);
    const dynamics = isObject(body.dynamic) ? body.dynamic[name] : undefined;
    if (dynamics === undefined) return fixed;
    if (fixed.kind !== 'known') return fixed;
    const blocks: unknown[] = fixed.value === undefined ? [] : Array.isArray(fixed.value) ? [...fixed.value] : [fixed.value];
    for (const spec of Array.isArray(dynamics) ? dynamics : [dynamics]) {
      if (!isObject(spec)) return unknown(`a dynamic "${name}" block cannot be read`);
      const each = this.eval(spec.for_each, instance);
      if (each.kind !== 'known') {
        const why = each.kind === 'unknown' ? each.reason : `it refers to ${each.expression}`;
        // The other blocks are still known: keep them, and mark that more may exist.
        blocks.push({ [UNKNOWN_BLOCKS]: `dynamic "${name}" iterates over a value the checker cannot evaluate (${why})` });
        continue;
      }
      const iterator = typeof spec.iterator === 'string' ? spec.iterator.replace(/^\$\{(.*)\}$/, '$1') : name;
      const entries: Array<[unknown, unknown]> = Array.isArray(each.value)
        ? each.value.map((v, i) => [i, v])
        : isObject(each.value)
          ? Object.entries(each.value)
          : [];
      if (!Array.isArray(each.value) && !isObject(each.value)) return unknown(`dynamic "${name}" for_each is not a list or map`);
      const content = Array.isArray(spec.content) ? spec.content[0] : spec.content;
      for (const [key, value] of entries) {
        const block = this.eval(content, { ...instance, iterators: { ...instance.iterators, [iterator]: { key, value } } });
        if (block.kind !== 'known') return block;
        blocks.push(block.value);
      }
    }
    return known(blocks);
  }

  /** The buckets of this module a module call is given (it could attach a bucket policy to them). */
  private bucketsGiven(body: Record<string, unknown>): { reaches?: { scope: string; addresses: string[] } } {
    const text = JSON.stringify(body, (key, value) => (key === '//' ? undefined : value));
    const addresses = [
      ...new Set(
        [...text.matchAll(/\bhuaweicloud_obs_bucket\.([A-Za-z_][\w-]*)/g)].map((m) => `${this.frame.prefix}huaweicloud_obs_bucket.${m[1]}`),
      ),
    ];
    return addresses.length > 0 ? { reaches: { scope: this.ctx.scope, addresses } } : {};
  }

  /**
   * The instances of a resource or module. A `count` or `for_each` that
   * cannot be evaluated gives one instance that may not exist, so nothing
   * depending on it can pass. Past {@link MAX_EXPANDED} instances, one
   * element stands for them all (`instances`), with `count.index` or
   * `each` unknown: nothing is allocated per instance.
   */
  private instances(
    body: Record<string, unknown>,
    source: SourceRef,
    address: string,
  ): Array<{ instance: Instance; suffix: string; mayNotExist?: string; instances?: number }> {
    const where = source.line !== undefined ? String(source.line) : (source.pointer ?? address);
    if (body.count !== undefined && body.for_each !== undefined) {
      throw new InputError(source.file, where, `${address} sets both count and for_each, which Terraform refuses; keep one`);
    }
    if (body.count !== undefined) {
      const count = this.eval(body.count, {});
      // Terraform converts count to a number: "2" is 2.
      const n = count.kind === 'known' ? toNumber(count.value) : undefined;
      if (n !== undefined && Number.isInteger(n) && n >= 0) {
        if (n <= MAX_EXPANDED) return Array.from({ length: n }, (_, i) => ({ instance: { countIndex: i }, suffix: `[${i}]` }));
        const why = `count.index is one of ${n} instances, more than the ${MAX_EXPANDED} the checker expands one by one`;
        return [{ instance: { indexUnknown: why }, suffix: '[*]', instances: n }];
      }
      return [this.unknownMultiplicity(source, address, 'count', count)];
    }
    if (body.for_each !== undefined) {
      const each = this.eval(body.for_each, {});
      if (each.kind === 'known' && Array.isArray(each.value) && !SETS.has(each.value)) {
        throw new InputError(
          source.file,
          where,
          `the for_each of ${address} is a list; Terraform requires a map or a set of strings: use toset(...)`,
        );
      }
      if (each.kind === 'known' && Array.isArray(each.value) && each.value.every((v) => typeof v === 'string')) {
        return this.eachOf(
          (each.value as string[]).map((k) => [k, k]),
          address,
        );
      }
      if (each.kind === 'known' && isObject(each.value)) return this.eachOf(Object.entries(each.value), address);
      return [this.unknownMultiplicity(source, address, 'for_each', each)];
    }
    return [{ instance: {}, suffix: '' }];
  }

  private eachOf(entries: Array<[string, unknown]>, address: string): Array<{ instance: Instance; suffix: string; instances?: number }> {
    if (entries.length <= MAX_EXPANDED) {
      return entries.map(([k, v]) => ({ instance: { eachKey: k, eachValue: v }, suffix: `[${JSON.stringify(k)}]` }));
    }
    const why = `each is one of ${entries.length} instances of ${address}, more than the ${MAX_EXPANDED} the checker expands one by one`;
    return [{ instance: { indexUnknown: why }, suffix: '[*]', instances: entries.length }];
  }

  private unknownMultiplicity(source: SourceRef, address: string, meta: string, value: Value<unknown>) {
    const why =
      value.kind === 'unknown'
        ? value.reason
        : value.kind === 'ref'
          ? `it refers to ${value.expression}, known only after apply`
          : meta === 'count'
            ? `${describeValue(value.value)} is not a whole number of 0 or more`
            : 'it is neither a set of strings nor a map';
    const reason = `${address} has a ${meta} the checker cannot evaluate (${why}), so whether it exists, and how many times, is unknown; check a plan (terraform show -json) or make ${meta} a literal`;
    this.sink.diagnostics.push({ source, message: reason });
    return { instance: {}, suffix: '', mayNotExist: reason };
  }

  private region(body: Record<string, unknown>, instance: Instance): Value<string> {
    const own = this.eval(body.region, instance);
    if (own.kind === 'known' && own.value !== undefined && own.value !== null && own.value !== '') {
      return typeof own.value === 'string' ? (own as Value<string>) : unknown(`region: expected a string, got ${describeValue(own.value)}`);
    }
    if (own.kind !== 'known') return own as Value<string>;
    const providerKey = typeof body.provider === 'string' ? body.provider.replace(/^\$\{(.*)\}$/, '$1') : 'huaweicloud';
    const region = this.providerRegions.get(providerKey);
    if (region) return region;
    return unknown(
      providerKey === 'huaweicloud'
        ? 'no region: neither the resource nor a default huaweicloud provider block sets one (it would come from HW_REGION_NAME when Terraform runs); set region on the provider'
        : `no region: provider ${providerKey} is not configured${this.frame.prefix ? ' or passed to this module' : ' in this configuration'}`,
    );
  }

  /** Evaluates a JSON configuration value. */
  public eval(raw: unknown, instance: Instance, depth = 0): Value<unknown> {
    if (depth > 20) return unknown('the value refers to itself through locals');
    if (typeof raw === 'string') return this.evalString(raw, instance, depth);
    if (Array.isArray(raw)) {
      return this.combine(
        raw.map((item) => this.eval(item, instance, depth + 1)),
        (items) => items,
      );
    }
    if (isObject(raw)) {
      const keys = Object.keys(raw).filter((k) => k !== '//');
      return this.combine(
        keys.map((k) => this.eval(raw[k], instance, depth + 1)),
        (values) => Object.fromEntries(keys.map((k, i) => [k, values[i]])),
      );
    }
    return known(raw);
  }

  /** Known only when every part is known; a reference nested in a value cannot be followed. */
  private combine(parts: Value<unknown>[], build: (values: unknown[]) => unknown): Value<unknown> {
    const blocked = parts.find((p) => p.kind !== 'known');
    if (blocked?.kind === 'unknown') return blocked;
    if (blocked?.kind === 'ref') {
      return unknown(
        `it contains ${blocked.expression}, which is known only when Terraform applies; check a plan (terraform show -json) or state`,
      );
    }
    return known(build(parts.map((p) => (p as { value: unknown }).value)));
  }

  /**
   * A string template whose interpolations that cannot be evaluated are
   * left as a placeholder: for text read for its shape (a bucket policy's
   * statements), where a bucket name known only at apply does not matter.
   */
  private template(raw: string, instance: Instance): Value<unknown> {
    const escaped = raw.replace(/\$\$\{/g, ESCAPED);
    const beyond = beyondTemplates(escaped, raw);
    if (beyond) return beyond;
    const text = escaped.replace(INTERPOLATION, (_m, expr: string) => {
      const v = this.evalExpression(expr.trim(), instance, 0);
      return v.kind === 'known' && ['string', 'number', 'boolean'].includes(typeof v.value) ? String(v.value) : UNRESOLVED;
    });
    return text.includes('${') ? cannotEvaluate(raw) : known(text.replace(ESCAPED_ALL, '${'));
  }

  private evalString(raw: string, instance: Instance, depth: number): Value<unknown> {
    // "$${" is an escaped, literal "${": protect it before looking for interpolations.
    const escaped = raw.replace(/\$\$\{/g, ESCAPED);
    const beyond = beyondTemplates(escaped, raw);
    if (beyond) return beyond;
    if (!escaped.includes('${')) return known(escaped.replace(ESCAPED_ALL, '${'));
    const whole = WHOLE.exec(escaped);
    if (whole) return this.evalExpression(whole[1].trim(), instance, depth);
    // A template: known when every interpolation is a known primitive. The first that is not decides,
    // so the ones after it are not evaluated (a template may hold a million of them).
    let text = '';
    let from = 0;
    for (const m of escaped.matchAll(INTERPOLATION)) {
      const v = this.evalExpression(m[1].trim(), instance, depth);
      if (v.kind === 'ref') {
        return unknown(
          `"${clipped(raw)}" is built from ${v.expression} known only when Terraform runs; check a plan (terraform show -json)`,
        );
      }
      if (v.kind === 'unknown') return unknown(`"${clipped(raw)}" cannot be evaluated: ${v.reason}`);
      if (!['string', 'number', 'boolean'].includes(typeof v.value)) {
        return unknown(
          `"${clipped(raw)}" interpolates \${${clipped(m[1].trim())}}, which is ${describeValue(v.value)}, not a string, number or bool`,
        );
      }
      text += escaped.slice(from, m.index) + String(v.value);
      from = m.index + m[0].length;
    }
    text += escaped.slice(from);
    // An interpolation with braces inside (jsonencode({...}), a for expression) is not one the checker evaluates.
    if (text.includes('${')) return cannotEvaluate(raw);
    return known(text.replace(ESCAPED_ALL, '${'));
  }

  /**
   * The few expressions real configurations use around these resources: a literal, toset()/tolist() of a
   * literal list or a reference (`for_each = toset(["a", "b"])`), and a conditional over a boolean or a
   * comparison with a literal (`count = var.enabled ? 1 : 0`). Undefined for anything else.
   */
  private evalSimple(expr: string, instance: Instance, depth: number): Value<unknown> | undefined {
    if (depth > 20) return undefined;
    const inner = parenthesized(expr);
    if (inner !== undefined) return this.evalExpression(inner, instance, depth + 1);
    const literal = literalValue(expr);
    if (literal !== undefined) return known(literal.value);
    const call = /^(toset|tolist)\((.*)\)$/s.exec(expr);
    if (call) {
      const inner = this.evalExpression(call[2].trim(), instance, depth + 1);
      if (inner.kind !== 'known' || !Array.isArray(inner.value)) {
        return inner.kind === 'known' ? unknown(`${call[1]}() of a value that is not a list`) : inner;
      }
      // A set of strings iterates in lexical order, without duplicates.
      if (call[1] === 'toset' && inner.value.every((v) => typeof v === 'string')) return known(asSet(inner.value as string[]));
      return call[1] === 'tolist' ? known([...inner.value]) : inner;
    }
    const conditional = splitConditional(expr);
    if (conditional) {
      const test = this.evalCondition(conditional.test, instance, depth + 1);
      // Never the test itself as the value: which branch is taken is what is not known.
      if (test.kind === 'unknown') return unknown(`the condition of \${${expr}} cannot be evaluated: ${test.reason}`);
      if (test.kind === 'ref') return unknown(`the condition of \${${expr}} depends on ${test.expression}, known only when Terraform runs`);
      if (typeof test.value !== 'boolean') return unknown(`the condition of \${${expr}} is not a boolean`);
      return this.evalExpression(test.value ? conditional.then : conditional.otherwise, instance, depth + 1);
    }
    return undefined;
  }

  private evalCondition(expr: string, instance: Instance, depth: number): Value<unknown> {
    const inner = depth > 20 ? undefined : parenthesized(expr);
    if (inner !== undefined) return this.evalCondition(inner, instance, depth + 1);
    const comparison = /^(.+?)\s*(==|!=)\s*(.+)$/s.exec(expr);
    if (!comparison) return this.evalExpression(expr, instance, depth);
    const [left, right] = [
      this.evalExpression(comparison[1].trim(), instance, depth),
      this.evalExpression(comparison[3].trim(), instance, depth),
    ];
    for (const side of [left, right]) {
      if (side.kind === 'unknown') return side;
      if (side.kind === 'ref') return unknown(`${comparison[0].trim()} depends on ${side.expression}, known only when Terraform runs`);
    }
    if (left.kind !== 'known' || right.kind !== 'known') return unknown(`${comparison[0].trim()} cannot be evaluated`);
    const equal = JSON.stringify(left.value) === JSON.stringify(right.value);
    return known(comparison[2] === '==' ? equal : !equal);
  }

  private evalExpression(raw: string, instance: Instance, depth: number): Value<unknown> {
    // Index expressions such as local.groups[count.index] or var.m[each.key]: evaluate the index first.
    let blockedIndex: Value<unknown> | undefined;
    const expr = raw.replace(/\[([A-Za-z_][\w-]*(?:\.[\w-]+)+)\]/g, (_m, inner: string) => {
      const v = this.evalExpression(inner, instance, depth + 1);
      if (v.kind === 'known' && typeof v.value === 'number') return `[${v.value}]`;
      if (v.kind === 'known' && typeof v.value === 'string') return `[${JSON.stringify(v.value)}]`;
      blockedIndex ??= v;
      return '[0]';
    });
    if (blockedIndex) {
      const why = blockedIndex.kind === 'unknown' ? blockedIndex.reason : 'its index is not a known number or string';
      return unknown(`\${${raw}} has an index the checker cannot evaluate (${why})`);
    }
    const evaluated = this.evalSimple(expr, instance, depth);
    if (evaluated) return evaluated;
    if (!TRAVERSAL.test(expr)) {
      // Arithmetic, comparisons, logic and a few functions (count = length(var.x) - 1).
      const node = depth > 20 ? undefined : parseOperators(expr);
      if (node) return evaluateOperators(node, expr, (text) => this.evalExpression(text, instance, depth + 1));
      return unknown(`the expression \${${expr}} is computed by Terraform; check a plan (terraform show -json) to see its value`);
    }
    const parts = splitTraversal(expr);
    const [head, second, ...rest] = parts;
    const iterator = instance.iterators && hasOwn(instance.iterators, head) ? instance.iterators[head] : undefined;
    if (iterator) {
      return second === 'key'
        ? known(iterator.key)
        : second === 'value'
          ? index(known(iterator.value), rest, expr)
          : unknown(`\${${expr}}: use ${head}.key or ${head}.value`);
    }
    switch (head) {
      case 'var':
        return this.variable(second, rest, expr);
      case 'local': {
        if (!hasOwn(this.doc.locals, second)) return unknown(`local.${second} is not defined`);
        return index(this.eval(this.doc.locals?.[second], instance, depth + 1), rest, expr);
      }
      case 'count':
        if (instance.indexUnknown && second === 'index') return unknown(instance.indexUnknown);
        return instance.countIndex !== undefined && second === 'index'
          ? known(instance.countIndex)
          : unknown(`\${${expr}} is used outside a count`);
      case 'each':
        if (instance.indexUnknown) return unknown(instance.indexUnknown);
        if (instance.eachKey === undefined) return unknown(`\${${expr}} is used outside a for_each`);
        return second === 'key' ? known(instance.eachKey) : index(known(instance.eachValue), rest, expr);
      case 'data':
        if (second === 'terraform_remote_state' && rest[1] === 'outputs' && rest[2] !== undefined) {
          const crossStack = this.ctx.remoteState?.(rest[0], rest[2]);
          if (crossStack) return crossStack;
        }
        return unknown(`\${${expr}} is read from a data source when Terraform plans; check a plan (terraform show -json)`);
      case 'module':
        return this.moduleOutput(second, rest, expr);
      case 'path':
      case 'terraform':
        return unknown(`\${${expr}} depends on where Terraform runs`);
      default:
        if (second === undefined) return unknown(`\${${expr}} is not a value the checker understands`);
        return this.resourceRef(expr, head, second, rest);
    }
  }

  /**
   * A reference to a resource of this module: `type.name.attr`, or with an
   * instance key (`type.name[0].attr`, `type.name["a"].attr`) when the
   * resource has count or for_each. The key must match, as Terraform
   * requires: a counted resource referred to without one is an error.
   */
  private resourceRef(expr: string, type: string, name: string, rest: string[]): Value<unknown> {
    const key = /^[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(\[\d+\]|\["[^"]*"\])?/.exec(expr)?.[1] ?? '';
    const path = key ? rest.slice(1) : rest;
    const byName = hasOwn(this.doc.resource, type) ? this.doc.resource?.[type] : undefined;
    const declared = hasOwn(byName, name) ? byName?.[name] : undefined;
    if (isObject(declared)) {
      const meta = declared.count !== undefined ? 'count' : declared.for_each !== undefined ? 'for_each' : undefined;
      const problem =
        meta && !key
          ? `${type}.${name} has ${meta}, so a reference must name an instance, such as ${type}.${name}[${meta === 'count' ? '0' : '"key"'}]${path.length ? `.${path.join('.')}` : ''} (Terraform: Missing resource instance key)`
          : !meta && key
            ? `${type}.${name} has neither count nor for_each, so it takes no instance key (Terraform: Unexpected resource instance key)`
            : meta === 'count' && key.startsWith('["')
              ? `${type}.${name} has count, so its instance keys are numbers, not ${key.slice(1, -1)} (Terraform: Invalid index)`
              : meta === 'for_each' && /^\[\d/.test(key)
                ? `${type}.${name} has for_each, so its instance keys are strings, not ${key.slice(1, -1)} (Terraform: Invalid index)`
                : undefined;
      if (problem) {
        const at = this.at ?? { file: this.ctx.file };
        throw new InputError(at.file, at.line !== undefined ? String(at.line) : (at.pointer ?? ''), `\${${clipped(expr)}}: ${problem}`);
      }
    }
    return ref(`${this.frame.prefix}${type}.${name}${key}`, path.join('.'), `\${${expr}}`);
  }

  /** `module.<name>[.<key>].<output>...`: an output of a local module instance. */
  private moduleOutput(name: string, rest: string[], expr: string): Value<unknown> {
    const instances = this.children.get(name);
    if (!instances) {
      return unknown(`\${${expr}} is an output of module ${name}, which the checker does not read; check a plan (terraform show -json)`);
    }
    let key = '';
    let path = rest;
    if (!instances.has('') && rest.length > 0) {
      const [k, ...others] = rest;
      // `[0]` of a count, `["7"]` of a for_each: the traversal does not say which brackets were written.
      key = /^\d+$/.test(k) && instances.has(`[${k}]`) ? `[${k}]` : `[${JSON.stringify(k)}]`;
      path = others;
    }
    const child = instances.get(key);
    if (!child || path.length === 0) return unknown(`\${${expr}} does not name an output of a module instance`);
    return index(child.output(path[0]), path.slice(1), expr);
  }

  private variable(name: string, path: string[], expr: string): Value<unknown> {
    const declared = hasOwn(this.doc.variable, name) ? this.doc.variable?.[name] : undefined;
    const type = isObject(declared) ? declared.type : undefined;
    const typed = (v: Value<unknown>): Value<unknown> => (v.kind === 'known' ? known(asDeclared(v.value, type)) : v);
    if (this.frame.inputs) {
      // A module's variables come from the calling module block, else their defaults.
      if (hasOwn(this.frame.inputs, name)) return indexValue(typed(this.frame.inputs[name]), path, expr);
    } else if (hasOwn(this.ctx.vars, name)) {
      return index(typed(known(this.ctx.vars?.[name])), path, expr);
    }
    if (!isObject(declared)) {
      return unknown(`var.${name} is not declared${this.frame.prefix ? ` in module ${this.frame.prefix.slice(0, -1)}` : ''}`);
    }
    if (!('default' in declared)) {
      return this.frame.inputs
        ? unknown(`var.${name} of module ${this.frame.prefix.slice(0, -1)} has no default and the module block does not set it`)
        : unknown(
            `var.${name} has no default; give its value with --var ${name}=VALUE (or a tfvars file), or check a plan (terraform show -json)`,
          );
    }
    return index(typed(known(declared.default)), path, expr);
  }
}

/** Lists that are sets (toset(), a variable of a set type): for_each takes a set of strings, never a list. */
const SETS = new WeakSet<unknown[]>();

/** A set of strings, as Terraform iterates it: in lexical order, without duplicates. */
function asSet(values: string[]): string[] {
  const set = [...new Set(values)].sort();
  SETS.add(set);
  return set;
}

/** A value converted to its variable's declared type, as far as sets go: `set(string)` makes a list a set. */
function asDeclared(value: unknown, type: unknown): unknown {
  if (Array.isArray(value) && /^(\$\{)?set\(/.test(String(type ?? '')) && value.every((v) => typeof v === 'string')) {
    return asSet(value as string[]);
  }
  return value;
}

/** `a.b["c"][0]` → ['a', 'b', 'c', '0'] */
function splitTraversal(expr: string): string[] {
  const parts: string[] = [];
  const re = /([\w-]+)|\[(\d+)\]|\["([^"]*)"\]/g;
  for (let m = re.exec(expr); m; m = re.exec(expr)) parts.push(m[1] ?? m[2] ?? m[3]);
  return parts;
}

/** Indexes into a value; a reference can only be followed whole. */
function indexValue(value: Value<unknown>, path: string[], expr: string): Value<unknown> {
  if (value.kind === 'ref' && path.length > 0) {
    return unknown(`\${${expr}} indexes into ${value.expression}, which is known only when Terraform applies`);
  }
  return index(value, path, expr);
}

function index(value: Value<unknown>, path: string[], expr: string): Value<unknown> {
  let v = value;
  for (const key of path) {
    if (v.kind !== 'known') return v;
    const container = v.value;
    if (!hasOwn(container, key)) {
      return unknown(`\${${expr}}: "${key}" is not in the value`);
    }
    v = known((container as Record<string, unknown>)[key]);
  }
  return v;
}
