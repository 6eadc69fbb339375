/**
 * Reads Terraform configuration in its JSON form (a cdktf `cdk.tf.json`, a
 * `.tf.json` file) into model elements. Values are evaluated statically:
 * literals, variables with a default or a given value, locals, count and
 * for_each over literals, and references to other resources, which are kept
 * as references for evaluation to follow. Anything else is unknown, with the
 * reason and what to do.
 */
import { jsonPointer } from '../json';
import { Element, ElementBase, InputDiagnostic, InputKind, ScopedValue, SourceRef, Value, known, ref, unknown } from '../model';
import { MODELED_TYPES, buildElement } from './elements';

/** A Terraform JSON configuration document (one stack or file). */
export interface ConfigDocument {
  readonly provider?: Record<string, unknown>;
  readonly variable?: Record<string, { default?: unknown }>;
  readonly locals?: Record<string, unknown>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value?: unknown }>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
}

/** How to read one configuration document. */
export interface ConfigContext {
  readonly scope: string;
  readonly file: string;
  readonly input: InputKind;
  /** Variable values given by the user (`--var`), which win over defaults. */
  readonly vars?: Readonly<Record<string, unknown>>;
  /**
   * Resolves `data.terraform_remote_state.<name>.outputs.<output>` to a
   * value exported by another scope (cdktf cross-stack references).
   */
  readonly remoteState?: (dataName: string, output: string) => Ref | undefined;
}
type Ref = Extract<Value<unknown>, { kind: 'ref' }>;

/** The elements, diagnostics and exports of one configuration document. */
export interface ConfigResult {
  readonly elements: Element[];
  readonly diagnostics: InputDiagnostic[];
  readonly exports: Record<string, ScopedValue>;
}

interface Instance {
  readonly countIndex?: number;
  readonly eachKey?: string;
  readonly eachValue?: unknown;
}

const TRAVERSAL = /^[A-Za-z_][\w-]*(\.[\w-]+|\[\d+\]|\["[^"]*"\])*$/;
const WHOLE = /^\$\{([^{}]*)\}$/s;
const INTERPOLATION = /\$\{([^{}]*)\}/g;
const ESCAPED = '\u0000escaped-interpolation\u0000';
const ESCAPED_ALL = new RegExp(ESCAPED, 'g');

/** Evaluates one configuration document. */
export function readConfig(doc: ConfigDocument, ctx: ConfigContext): ConfigResult {
  const evaluator = new Evaluator(doc, ctx);
  return evaluator.run();
}

class Evaluator {
  private readonly elements: Element[] = [];
  private readonly diagnostics: InputDiagnostic[] = [];
  private readonly providerRegions = new Map<string, Value<string>>();

  public constructor(
    private readonly doc: ConfigDocument,
    private readonly ctx: ConfigContext,
  ) {}

  public run(): ConfigResult {
    this.readProviders();
    for (const [type, byName] of Object.entries(this.doc.resource ?? {})) {
      if (!MODELED_TYPES.has(type) || !isObject(byName)) continue;
      for (const [name, body] of Object.entries(byName)) {
        if (isObject(body)) this.readResource(type, name, body);
      }
    }
    const exports: Record<string, ScopedValue> = {};
    for (const [name, output] of Object.entries(this.doc.output ?? {})) {
      if (isObject(output)) exports[`${this.ctx.scope}#${name}`] = { scope: this.ctx.scope, value: this.eval(output.value, {}) };
    }
    return { elements: this.elements, diagnostics: this.diagnostics, exports };
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

  private readResource(type: string, name: string, body: Record<string, unknown>): void {
    const pointer = jsonPointer(['resource', type, name]);
    const metadata = (body['//'] as { metadata?: { path?: unknown } } | undefined)?.metadata;
    const source: SourceRef = {
      file: this.ctx.file,
      pointer,
      constructPath: typeof metadata?.path === 'string' ? metadata.path : undefined,
    };
    const address = `${type}.${name}`;
    for (const { instance, suffix, multiplicity } of this.instances(body, source, address)) {
      const read = (attribute: string): Value<unknown> => {
        if (multiplicity && attribute === 'enabled') return multiplicity;
        return this.eval(body[attribute], instance);
      };
      const base: ElementBase = {
        scope: this.ctx.scope,
        address: address + suffix,
        input: this.ctx.input,
        source,
        region: this.region(body, instance),
      };
      const element = buildElement(type, base, read);
      if (element) this.elements.push(element);
    }
  }

  /**
   * The instances of a resource. A `count` or `for_each` that is not a
   * literal gives one instance whose existence is unknown (carried as an
   * unknown `enabled`), so nothing depending on it can pass.
   */
  private instances(
    body: Record<string, unknown>,
    source: SourceRef,
    address: string,
  ): Array<{ instance: Instance; suffix: string; multiplicity?: Value<boolean> }> {
    if (body.count !== undefined) {
      const count = this.eval(body.count, {});
      if (count.kind === 'known' && Number.isInteger(count.value) && (count.value as number) >= 0) {
        return Array.from({ length: count.value as number }, (_, i) => ({ instance: { countIndex: i }, suffix: `[${i}]` }));
      }
      return [this.unknownMultiplicity(source, address, 'count', count)];
    }
    if (body.for_each !== undefined) {
      const each = this.eval(body.for_each, {});
      if (each.kind === 'known' && Array.isArray(each.value) && each.value.every((v) => typeof v === 'string')) {
        return (each.value as string[]).map((k) => ({ instance: { eachKey: k, eachValue: k }, suffix: `[${JSON.stringify(k)}]` }));
      }
      if (each.kind === 'known' && isObject(each.value)) {
        return Object.entries(each.value).map(([k, v]) => ({ instance: { eachKey: k, eachValue: v }, suffix: `[${JSON.stringify(k)}]` }));
      }
      return [this.unknownMultiplicity(source, address, 'for_each', each)];
    }
    return [{ instance: {}, suffix: '' }];
  }

  private unknownMultiplicity(source: SourceRef, address: string, meta: string, value: Value<unknown>) {
    const why = value.kind === 'unknown' ? value.reason : value.kind === 'ref' ? `it refers to ${value.expression}` : 'it is not a literal';
    const reason = `${address} has a ${meta} the checker cannot evaluate (${why}), so how many instances exist is unknown; check a plan (terraform show -json) or make ${meta} a literal`;
    this.diagnostics.push({ source, message: reason });
    return { instance: {}, suffix: '', multiplicity: unknown(reason) };
  }

  private region(body: Record<string, unknown>, instance: Instance): Value<string> {
    const own = this.eval(body.region, instance);
    if (!(own.kind === 'known' && (own.value === undefined || own.value === ''))) return own as Value<string>;
    const providerKey = typeof body.provider === 'string' ? body.provider.replace(/^\$\{(.*)\}$/, '$1') : 'huaweicloud';
    const region = this.providerRegions.get(providerKey);
    if (region) return region;
    return unknown(
      providerKey === 'huaweicloud'
        ? 'no region: neither the resource nor a default huaweicloud provider block sets one (it would come from HW_REGION_NAME when Terraform runs); set region on the provider'
        : `no region: provider ${providerKey} is not configured in this file`,
    );
  }

  /** Evaluates a JSON configuration value. */
  private eval(raw: unknown, instance: Instance, depth = 0): Value<unknown> {
    if (depth > 20) return unknown('the value refers to itself through locals');
    if (typeof raw === 'string') return this.evalString(raw, instance, depth);
    if (Array.isArray(raw)) return this.combine(raw.map((item) => this.eval(item, instance, depth + 1)), (items) => items);
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
    if (blocked?.kind === 'ref') return unknown(`it contains ${blocked.expression}, which is known only when Terraform applies; check a plan (terraform show -json) or state`);
    return known(build(parts.map((p) => (p as { value: unknown }).value)));
  }

  private evalString(raw: string, instance: Instance, depth: number): Value<unknown> {
    // "$${" is an escaped, literal "${": protect it before looking for interpolations.
    const escaped = raw.replace(/\$\$\{/g, ESCAPED);
    if (!escaped.includes('${')) return known(escaped.replace(ESCAPED_ALL, '${'));
    const whole = WHOLE.exec(escaped);
    if (whole) return this.evalExpression(whole[1].trim(), instance, depth);
    // A template: known when every interpolation is a known primitive.
    let failed: Value<unknown> | undefined;
    const text = escaped.replace(INTERPOLATION, (_m, expr: string) => {
      const v = this.evalExpression(expr.trim(), instance, depth);
      if (v.kind === 'known' && ['string', 'number', 'boolean'].includes(typeof v.value)) return String(v.value);
      failed ??= v;
      return '';
    });
    if (!failed) return known(text.replace(ESCAPED_ALL, '${'));
    return unknown(
      `"${raw}" is built from ${failed?.kind === 'ref' ? failed.expression : 'values'} known only when Terraform runs; check a plan (terraform show -json)`,
    );
  }

  private evalExpression(expr: string, instance: Instance, depth: number): Value<unknown> {
    if (!TRAVERSAL.test(expr)) {
      return unknown(`the expression \${${expr}} is computed by Terraform; check a plan (terraform show -json) to see its value`);
    }
    const parts = splitTraversal(expr);
    const [head, second, ...rest] = parts;
    switch (head) {
      case 'var':
        return this.variable(second, rest, expr);
      case 'local': {
        if (!hasOwn(this.doc.locals, second)) return unknown(`local.${second} is not defined`);
        return index(this.eval(this.doc.locals?.[second], instance, depth + 1), rest, expr);
      }
      case 'count':
        return instance.countIndex !== undefined && second === 'index' ? known(instance.countIndex) : unknown(`\${${expr}} is used outside a count`);
      case 'each':
        if (instance.eachKey === undefined) return unknown(`\${${expr}} is used outside a for_each`);
        return second === 'key' ? known(instance.eachKey) : index(known(instance.eachValue), rest, expr);
      case 'data':
        if (second === 'terraform_remote_state' && rest[1] === 'outputs' && rest[2] !== undefined) {
          const crossStack = this.ctx.remoteState?.(rest[0], rest[2]);
          if (crossStack) return crossStack;
        }
        return unknown(`\${${expr}} is read from a data source when Terraform plans; check a plan (terraform show -json)`);
      case 'module':
        return unknown(`\${${expr}} is an output of module ${second}; check a plan (terraform show -json)`);
      case 'path':
      case 'terraform':
        return unknown(`\${${expr}} depends on where Terraform runs`);
      default:
        if (second === undefined) return unknown(`\${${expr}} is not a value the checker understands`);
        return ref(`${head}.${second}`, rest.join('.'), `\${${expr}}`);
    }
  }

  private variable(name: string, path: string[], expr: string): Value<unknown> {
    if (hasOwn(this.ctx.vars, name)) return index(known(this.ctx.vars?.[name]), path, expr);
    const declared = hasOwn(this.doc.variable, name) ? this.doc.variable?.[name] : undefined;
    if (!isObject(declared)) return unknown(`var.${name} is not declared`);
    if (!('default' in declared)) {
      return unknown(`var.${name} has no default; give its value with --var ${name}=VALUE, or check a plan (terraform show -json)`);
    }
    return index(known(declared.default), path, expr);
  }
}

/** `a.b["c"][0]` → ['a', 'b', 'c', '0'] */
function splitTraversal(expr: string): string[] {
  const parts: string[] = [];
  const re = /([\w-]+)|\[(\d+)\]|\["([^"]*)"\]/g;
  for (let m = re.exec(expr); m; m = re.exec(expr)) parts.push(m[1] ?? m[2] ?? m[3]);
  return parts;
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

/** Own keys only: configuration keys such as "constructor" or "__proto__" must not reach the prototype. */
export function hasOwn(container: unknown, key: string): boolean {
  return typeof container === 'object' && container !== null && Object.prototype.hasOwnProperty.call(container, key);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
