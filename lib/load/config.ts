/**
 * Reads Terraform configuration in its JSON form (a cdktf `cdk.tf.json`, a
 * `.tf.json` file, or HCL converted to JSON) into model elements: the
 * blocks of each module (providers, resources, module calls), local modules
 * with their inputs, outputs and providers, the instances of `count` and
 * `for_each`, `dynamic` blocks, and the region of each resource. Values are
 * evaluated statically by lib/load/expressions.ts; references to other
 * resources are kept as references for evaluation to follow. Anything else
 * is unknown, with the reason and what to do.
 */
import { describeValue, jsonPointer, nameOf } from '../json';
import { InputError } from '../errors';
import { Element, ElementBase, InputDiagnostic, InputKind, Ref, ScopedValue, SourceRef, Value, known, unknown } from '../model';
import { ConfigDocument, foreignProvider, hasOwn, isObject, providerElsewhere } from './common';
import { MODELED_TYPES, UNKNOWN_BLOCKS, buildElement, unmodeledDiagnostic, unmodeledRisk } from './elements';
import { Expressions, Instance, WHOLE, isSet } from './expressions';
import { toNumber } from './operators';

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

/** The elements, diagnostics and exports of one configuration. */
export interface ConfigResult {
  readonly elements: Element[];
  readonly diagnostics: InputDiagnostic[];
  readonly exports: Record<string, ScopedValue>;
  /** The variables the root module declares. */
  readonly variables: string[];
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
  /** Set when the `huaweicloud` provider of the module calling this one is not Huawei Cloud's: why. */
  readonly foreign?: string;
}

interface Sink {
  readonly elements: Element[];
  readonly diagnostics: InputDiagnostic[];
  /** Module instances read so far, against {@link MAX_MODULE_INSTANCES}. */
  moduleInstances: number;
  /** Why the project's system tracker may be disabled by what the configuration destroys (`removed` blocks). */
  readonly trackerDestroyed: string[];
}

/** Instances of one resource or module expanded one by one; more are stood for by one element. */
export const MAX_EXPANDED = 1000;
/** Module instances one configuration may have: no real one comes close, and each is read in full. */
export const MAX_MODULE_INSTANCES = 1000;

const MODULE_META = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on', '//']);
const MAX_MODULE_DEPTH = 20;

/** Evaluates one configuration document (and the local modules it calls). */
export function readConfig(doc: ConfigDocument, ctx: ConfigContext): ConfigResult {
  const sink: Sink = { elements: [], diagnostics: [], moduleInstances: 0, trackerDestroyed: [] };
  const root = new Evaluator(doc, ctx, { prefix: '', providers: new Map(), dir: ctx.dir, depth: 0 }, sink);
  root.run();
  // A tracker destroyed disables the project's one system tracker: the trackers defined here may then prove nothing.
  const [destroyed] = sink.trackerDestroyed;
  if (destroyed !== undefined) {
    sink.elements.forEach((e, i) => {
      if (e.type === 'tracker' && !e.mayNotExist) sink.elements[i] = { ...e, mayNotExist: destroyed };
    });
  }
  const exports: Record<string, ScopedValue> = {};
  for (const [name, output] of Object.entries(doc.output ?? {})) {
    if (isObject(output)) exports[`${ctx.scope}#${name}`] = { scope: ctx.scope, value: root.expressions.eval(output.value, {}) };
  }
  return { ...sink, exports, variables: isObject(doc.variable) ? Object.keys(doc.variable) : [] };
}

class Evaluator {
  private readonly providerRegions: Map<string, Value<string>>;
  /** Why this module's `huaweicloud_*` resources prove nothing: their provider is not Huawei Cloud's. */
  private readonly foreign: string | undefined;
  /** The block being read, for the file and line of an expression Terraform would refuse. */
  private at?: SourceRef;
  /** Module instances called from this module, by name: instance key ('' without count/for_each) → evaluator. */
  private readonly children = new Map<string, Map<string, Evaluator>>();
  /** The expressions of this module instance. */
  public readonly expressions: Expressions;

  public constructor(
    private readonly doc: ConfigDocument,
    private readonly ctx: ConfigContext,
    private readonly frame: Frame,
    private readonly sink: Sink,
  ) {
    this.providerRegions = new Map(frame.providers);
    const declared = foreignProvider(doc.terraform);
    this.foreign = declared === undefined ? frame.foreign : declared === '' ? undefined : declared;
    this.expressions = new Expressions({
      doc,
      prefix: frame.prefix,
      inputs: frame.inputs,
      vars: ctx.vars,
      remoteState: ctx.remoteState,
      where: () => this.at ?? { file: ctx.file },
      moduleInstances: (name) => this.children.get(name),
    });
  }

  public run(): void {
    this.readProviders();
    this.readRemoved();
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
    return this.expressions.eval(output.value, {});
  }

  private readProviders(): void {
    const blocks = this.doc.provider?.huaweicloud;
    const list = Array.isArray(blocks) ? blocks : blocks === undefined ? [] : [blocks];
    const seen = new Set<string>();
    for (const block of list) {
      if (!isObject(block)) continue;
      const alias = typeof block.alias === 'string' ? block.alias : undefined;
      const key = alias ? `huaweicloud.${alias}` : 'huaweicloud';
      if (seen.has(key)) {
        throw new InputError(
          this.ctx.file,
          `provider.${key}`,
          `provider ${key} is configured twice${alias ? '' : ' (two blocks without an alias)'}, which Terraform refuses; give one an alias`,
        );
      }
      seen.add(key);
      const region = this.expressions.eval(block.region, {});
      this.providerRegions.set(
        key,
        region.kind === 'known' && region.value === undefined
          ? unknown(
              `provider ${key} sets no region (it would come from HW_REGION_NAME when Terraform runs); set region on the provider or on the resource`,
            )
          : (this.elsewhere(key, block, region) ?? (region as Value<string>)),
      );
    }
  }

  /**
   * Why the resources of a provider are not in the region's own project of this account, when they may not be: an
   * agency's role assumed (`assume_role`: another account), or a project other than the region's default one
   * (`project_name`; CTS trackers and notifications are per project). The checker judges a region's default project.
   */
  private elsewhere(key: string, block: Record<string, unknown>, region: Value<unknown>): Value<string> | undefined {
    const role = block.assume_role;
    const project = block.project_name === undefined ? undefined : this.expressions.eval(block.project_name, {});
    const why = providerElsewhere(key, {
      assumesRole: role !== undefined && role !== null && !(Array.isArray(role) && role.length === 0),
      ...(project !== undefined ? { project: project.kind === 'known' ? { known: true, value: project.value } : { known: false } } : {}),
      region: region.kind === 'known' ? region.value : undefined,
    });
    return why === undefined ? undefined : unknown(why);
  }

  /**
   * `removed` blocks that destroy a tracker, or a module that may hold one: the provider's delete of a
   * `huaweicloud_cts_tracker` disables the project's system tracker (`delete_tracker = true` deletes it), and
   * Terraform orders nothing between that and the create or update of a tracker defined here. Only forgetting it
   * (`destroy = false`), or removing anything else, changes nothing the checker relies on.
   */
  private readRemoved(): void {
    const blocks = Array.isArray(this.doc.removed) ? this.doc.removed : this.doc.removed === undefined ? [] : [this.doc.removed];
    for (const block of blocks) {
      if (!isObject(block) || typeof block.from !== 'string') continue;
      const from = `${this.frame.prefix}${block.from.replace(/^\$\{([\s\S]*)\}$/, '$1').trim()}`;
      const tracker = /(^|\.)huaweicloud_cts_tracker\.[^.]+$/.test(from);
      if (!tracker && !/(^|\.)module\.[^.]+$/.test(from)) continue;
      const lifecycle = Array.isArray(block.lifecycle) ? block.lifecycle[0] : block.lifecycle;
      const destroy = isObject(lifecycle) ? this.expressions.eval(lifecycle.destroy, {}) : unknown('it has no lifecycle block');
      if (destroy.kind === 'known' && (destroy.value === false || destroy.value === 'false')) continue;
      const what = tracker ? from : `${from}, which may hold a tracker,`;
      const how =
        destroy.kind === 'known' && (destroy.value === true || destroy.value === 'true')
          ? `the configuration destroys ${what} (removed with destroy = true)`
          : `a removed block may destroy ${what} (whether it does cannot be evaluated: ${destroy.kind === 'unknown' ? destroy.reason : destroy.kind === 'ref' ? `it refers to ${destroy.expression}` : describeValue(destroy.value)})`;
      this.sink.trackerDestroyed.push(
        `${how}, and the provider's delete of a tracker disables the project's system tracker (delete_tracker = true deletes it) in an order Terraform does not fix against this one's create or update; use a moved block, or destroy = false`,
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
        for (const [arg, raw] of Object.entries(body)) if (!MODULE_META.has(arg)) inputs[arg] = this.expressions.eval(raw, instance);
        const frame: Frame = {
          prefix: `${address}${suffix}.`,
          inputs,
          providers: this.passedProviders(body.providers),
          dir: loaded.dir,
          depth: this.frame.depth + 1,
          chain,
          ...(mayNotExist || this.frame.mayNotExist ? { mayNotExist: mayNotExist ?? this.frame.mayNotExist } : {}),
          ...(this.foreign !== undefined ? { foreign: this.foreign } : {}),
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
        if (mode === 'template' && typeof raw === 'string' && !WHOLE.test(raw)) return this.expressions.template(raw, instance);
        return this.attribute(body, attribute, instance);
      };
      const base: ElementBase = {
        scope: this.ctx.scope,
        address: address + suffix,
        input: this.ctx.input,
        source,
        region: this.region(body, instance),
        ...(mayNotExist || this.frame.mayNotExist || this.foreign
          ? { mayNotExist: mayNotExist ?? this.frame.mayNotExist ?? `${address + suffix} ${this.foreign}` }
          : {}),
        ...(instances !== undefined ? { instances } : {}),
      };
      const element = buildElement(type, base, read);
      if (element) this.sink.elements.push(element);
    }
  }

  /** An attribute or nested block of a resource, with the blocks its `dynamic` blocks generate. */
  private attribute(body: Record<string, unknown>, name: string, instance: Instance): Value<unknown> {
    const fixed = this.expressions.eval(body[name], instance);
    const dynamics = isObject(body.dynamic) ? body.dynamic[name] : undefined;
    if (dynamics === undefined) return fixed;
    if (fixed.kind !== 'known') return fixed;
    const blocks: unknown[] = fixed.value === undefined ? [] : Array.isArray(fixed.value) ? [...fixed.value] : [fixed.value];
    for (const spec of Array.isArray(dynamics) ? dynamics : [dynamics]) {
      if (!isObject(spec)) return unknown(`a dynamic "${name}" block cannot be read`);
      const each = this.expressions.eval(spec.for_each, instance);
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
        const block = this.expressions.eval(content, { ...instance, iterators: { ...instance.iterators, [iterator]: { key, value } } });
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
    // OpenTofu's `lifecycle { enabled = ... }` (1.11): false creates nothing; a value the checker cannot evaluate
    // leaves whether it exists unknown. (Terraform refuses the argument.)
    const lifecycle = Array.isArray(body.lifecycle) ? body.lifecycle[0] : body.lifecycle;
    if (isObject(lifecycle) && lifecycle.enabled !== undefined) {
      const enabled = this.expressions.eval(lifecycle.enabled, {});
      if (enabled.kind === 'known' && (enabled.value === false || enabled.value === 'false')) return [];
      if (!(enabled.kind === 'known' && (enabled.value === true || enabled.value === 'true'))) {
        const why =
          enabled.kind === 'unknown'
            ? enabled.reason
            : enabled.kind === 'ref'
              ? `it refers to ${enabled.expression}`
              : describeValue(enabled.value);
        const reason = `${address} has a lifecycle enabled (OpenTofu) the checker cannot evaluate (${why}), so whether it exists is unknown; check a plan (tofu show -json)`;
        this.sink.diagnostics.push({ source, message: reason });
        return this.multiplicity(body, source, address).map((i) => ({ ...i, mayNotExist: i.mayNotExist ?? reason }));
      }
    }
    return this.multiplicity(body, source, address);
  }

  /** The instances `count` or `for_each` make. */
  private multiplicity(
    body: Record<string, unknown>,
    source: SourceRef,
    address: string,
  ): Array<{ instance: Instance; suffix: string; mayNotExist?: string; instances?: number }> {
    const where = source.line !== undefined ? String(source.line) : (source.pointer ?? address);
    if (body.count !== undefined && body.for_each !== undefined) {
      throw new InputError(source.file, where, `${address} sets both count and for_each, which Terraform refuses; keep one`);
    }
    if (body.count !== undefined) {
      const count = this.expressions.eval(body.count, {});
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
      const each = this.expressions.eval(body.for_each, {});
      if (each.kind === 'known' && Array.isArray(each.value) && !isSet(each.value)) {
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
    const own = this.expressions.eval(body.region, instance);
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
}
