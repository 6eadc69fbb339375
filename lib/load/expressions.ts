/**
 * Evaluates the expressions of Terraform configuration in its JSON form:
 * literals, templates and interpolations, variables, locals, `count.index`,
 * `each`, iterators of `dynamic` blocks, outputs of local modules, cross-stack
 * outputs, conditionals, `toset()`/`tolist()`, index expressions, and the
 * operators and functions of lib/load/operators.ts. A reference to a
 * resource is kept as a reference for evaluation to follow; anything else is
 * unknown, with the reason and what to do. The blocks, modules and instances
 * the expressions sit in are lib/load/config.ts's.
 */
import { describeValue } from '../json';
import { InputError } from '../errors';
import { Ref, SourceRef, UNRESOLVED, Value, known, ref, unknown } from '../model';
import { ConfigDocument, clipped, hasOwn, isObject } from './common';
import { PRECISION, evaluateOperators, exactNumber, parseOperators, toNumber } from './operators';

/** What an expression can refer to besides the module's own names. */
export interface Instance {
  readonly countIndex?: number;
  /** Why `count.index` cannot be known: one element stands for more instances than are expanded one by one. */
  readonly indexUnknown?: string;
  readonly eachKey?: string;
  readonly eachValue?: unknown;
  /** Iterators of `dynamic` blocks, by name. */
  readonly iterators?: Readonly<Record<string, { key: unknown; value: unknown }>>;
}

/** What the expressions of one module instance can name besides their instance's, and where they are read. */
export interface ModuleScope {
  /** The module's own declarations: its locals, variables and resources. */
  readonly doc: ConfigDocument;
  /** Address prefix of the module instance: '' for the root, `module.audit.`, `module.audit[0].`. */
  readonly prefix: string;
  /** Values of the module's variables, from the calling module block (unset for the root). */
  readonly inputs?: Readonly<Record<string, Value<unknown>>>;
  /** Values of the root module's variables (`--var`, tfvars), which win over defaults. */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Resolves `data.terraform_remote_state.<name>.outputs.<output>` (cdktf cross-stack references). */
  readonly remoteState?: (dataName: string, output: string) => Ref | undefined;
  /** The block being read, for the file and line of an expression Terraform would refuse. */
  where(): SourceRef;
  /** The instances of a local module call by instance key ('' without count or for_each); undefined when it is not read. */
  moduleInstances(name: string): ReadonlyMap<string, { output(name: string): Value<unknown> }> | undefined;
}

const TRAVERSAL = /^[A-Za-z_][\w-]*(\.[\w-]+|\[\d+\]|\["[^"]*"\])*$/;
export const WHOLE = /^\$\{([^{}]*)\}$/s;
const INTERPOLATION = /\$\{([^{}]*)\}/g;
const ESCAPED = '\u0000escaped-interpolation\u0000';
const ESCAPED_ALL = new RegExp(ESCAPED, 'g');

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

/** The expressions of one module instance. */
export class Expressions {
  public constructor(private readonly scope: ModuleScope) {}

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
  public template(raw: string, instance: Instance): Value<unknown> {
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
    if (literal !== undefined) {
      // A number Terraform holds exactly and a double would round (0.99999999999999999999 is not 1).
      if (typeof literal.value === 'number' && exactNumber(expr) === undefined) return unknown(`\${${clipped(expr)}} is ${PRECISION}`);
      return known(literal.value);
    }
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

  /**
   * A conditional's test: evaluated as any expression, so that operators bind as HCL binds them
   * (`var.a == false && var.b` is `(var.a == false) && var.b`).
   */
  private evalCondition(expr: string, instance: Instance, depth: number): Value<unknown> {
    return this.evalExpression(expr, instance, depth);
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
        if (!hasOwn(this.scope.doc.locals, second)) return unknown(`local.${second} is not defined`);
        return index(this.eval(this.scope.doc.locals?.[second], instance, depth + 1), rest, expr);
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
          const crossStack = this.scope.remoteState?.(rest[0], rest[2]);
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
    const byName = hasOwn(this.scope.doc.resource, type) ? this.scope.doc.resource?.[type] : undefined;
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
        const at = this.scope.where();
        throw new InputError(at.file, at.line !== undefined ? String(at.line) : (at.pointer ?? ''), `\${${clipped(expr)}}: ${problem}`);
      }
    }
    return ref(`${this.scope.prefix}${type}.${name}${key}`, path.join('.'), `\${${expr}}`);
  }

  /** `module.<name>[.<key>].<output>...`: an output of a local module instance. */
  private moduleOutput(name: string, rest: string[], expr: string): Value<unknown> {
    const instances = this.scope.moduleInstances(name);
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
    const declared = hasOwn(this.scope.doc.variable, name) ? this.scope.doc.variable?.[name] : undefined;
    const type = isObject(declared) ? declared.type : undefined;
    const where = this.scope.prefix ? ` of module ${this.scope.prefix.slice(0, -1)}` : '';
    const typed = (v: Value<unknown>): Value<unknown> => {
      if (v.kind !== 'known') return v;
      // A null given to a variable that is not nullable takes its default (Terraform refuses it without one).
      if (v.value === null && isObject(declared) && (declared.nullable === false || declared.nullable === '${false}')) {
        if (!('default' in declared)) {
          return unknown(`var.${name}${where} is given null, and it is not nullable and has no default: Terraform refuses it`);
        }
        return asDeclared(declared.default, type, `var.${name}${where}`);
      }
      return asDeclared(v.value, type, `var.${name}${where}`);
    };
    if (this.scope.inputs) {
      // A module's variables come from the calling module block, else their defaults.
      if (hasOwn(this.scope.inputs, name)) return indexValue(typed(this.scope.inputs[name]), path, expr);
    } else if (hasOwn(this.scope.vars, name)) {
      return index(typed(known(this.scope.vars?.[name])), path, expr);
    }
    if (!isObject(declared)) {
      return unknown(`var.${name} is not declared${this.scope.prefix ? ` in module ${this.scope.prefix.slice(0, -1)}` : ''}`);
    }
    if (!('default' in declared)) {
      return this.scope.inputs
        ? unknown(`var.${name} of module ${this.scope.prefix.slice(0, -1)} has no default and the module block does not set it`)
        : unknown(
            `var.${name} has no default; give its value with --var ${name}=VALUE (or a tfvars file), or check a plan (terraform show -json)`,
          );
    }
    return index(typed(known(declared.default)), path, expr);
  }
}

/** Lists that are sets (toset(), a variable of a set type): for_each takes a set of strings, never a list. */
const SETS = new WeakSet<unknown[]>();

/** Whether a list is a set (toset(), a variable of a set type), which for_each takes where it refuses a list. */
export function isSet(list: unknown[]): boolean {
  return SETS.has(list);
}

/** A set of strings, as Terraform iterates it: in lexical order, without duplicates. */
function asSet(values: string[]): string[] {
  const set = [...new Set(values)].sort();
  SETS.add(set);
  return set;
}

/**
 * A value converted to its variable's declared type, as Terraform converts a variable's value (a tfvars file, a
 * module argument, a default): `"0"` is 0 for a `number`, `"true"` is true for a `bool`, 1 is "1" for a `string`,
 * element by element in a `list(...)`, `set(...)` or `map(...)`, and `set(string)` makes a list a set. A value
 * Terraform cannot convert makes it refuse the configuration: unknown here. Other types (`any`, objects) are kept.
 */
function asDeclared(value: unknown, type: unknown, what: string): Value<unknown> {
  const spelled = typeof type === 'string' ? type.replace(/^\$\{([\s\S]*)\}$/, '$1').replace(/\s+/g, '') : '';
  const refused = (v: unknown, t: string) =>
    unknown(`${what} is ${describeValue(v)}, which Terraform cannot convert to ${t}, its declared type`);
  const convert = (v: unknown, t: string): Value<unknown> => {
    if (v === null) return known(null);
    const collection = /^(list|set|map)\((.+)\)$/.exec(t);
    if (collection) {
      const [, kind, element] = collection;
      if (kind === 'map' ? !isObject(v) : !Array.isArray(v)) return refused(v, t);
      const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, convert(x, element)] as const);
      const blocked = entries.find(([, x]) => x.kind !== 'known');
      if (blocked) return blocked[1];
      const values = entries.map(([k, x]) => [k, (x as { value: unknown }).value] as const);
      if (kind === 'map') return known(Object.fromEntries(values));
      const list = values.map(([, x]) => x);
      return kind === 'set' && list.every((x) => typeof x === 'string') ? known(asSet(list as string[])) : known(list);
    }
    switch (t) {
      case 'number': {
        const n = toNumber(v);
        if (n !== undefined) return known(n);
        // A number, or a string that spells one, that a double does not hold exactly (or in a spelling not read here).
        const numeric = typeof v === 'number' || (typeof v === 'string' && /^[+-]?\.?\d/.test(v) && !Number.isNaN(Number(v)));
        return numeric ? unknown(`${what} is ${describeValue(v)}, ${PRECISION}`) : refused(v, t);
      }
      case 'bool':
        return typeof v === 'boolean' ? known(v) : v === 'true' || v === 'false' ? known(v === 'true') : refused(v, t);
      case 'string':
        if (typeof v === 'string' || typeof v === 'boolean') return known(String(v));
        // Terraform spells a number in full (no exponent): only whole numbers a double holds are spelled here.
        return typeof v === 'number' && Number.isSafeInteger(v)
          ? known(String(v))
          : typeof v === 'number'
            ? unknown(`${what} is ${v}, ${PRECISION}`)
            : refused(v, t);
      default:
        return known(v);
    }
  };
  return convert(value, spelled);
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
