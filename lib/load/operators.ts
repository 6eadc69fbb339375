/**
 * The operators and functions of Terraform expressions that configurations
 * use in `count`, `for_each`, conditions and simple values: arithmetic
 * (`1 - 1`), comparison (`var.n > 0`), logic (`!var.off && var.on`),
 * conditionals, and a few pure functions (`length([])`, `max(1, var.n)`).
 * Terraform's conversions apply: a string that spells a number is a number
 * in arithmetic (`"2" + 1` is 3); `==` compares without conversion.
 *
 * Terraform computes with 512-bit numbers; a double holds fewer digits
 * (`9007199254740993 - 9007199254740992` would be 0, not 1, and
 * `0.99999999999999999999` would be 1). So a number here is one a double
 * holds exactly, and arithmetic is done only where its result is exact too
 * (whole numbers up to 2^53, a division that leaves no remainder or divides
 * by a power of two); anything else is unknown, never a rounded guess.
 *
 * The parser sees an expression as text (what the configuration loader
 * holds); names (`var.x`, `local.y`, `count.index`, resource attributes)
 * are left to the caller, which evaluates them. Anything else (object
 * constructors, `for` expressions, splats, templates) is not parsed: the
 * caller reports it as an expression it cannot evaluate.
 */
import { byCodePoint, canonicalJson, describeValue } from '../json';
import { Value, known, unknown } from '../model';
import { clipped, hasOwn, isObject } from './common';

type Node =
  | { readonly t: 'lit'; readonly v: unknown }
  | { readonly t: 'name'; readonly text: string }
  | { readonly t: 'tuple'; readonly items: readonly Node[] }
  | { readonly t: 'call'; readonly name: string; readonly args: readonly Node[] }
  | { readonly t: 'unary'; readonly op: '!' | '-'; readonly x: Node }
  | { readonly t: 'bin'; readonly op: string; readonly l: Node; readonly r: Node }
  | { readonly t: 'cond'; readonly c: Node; readonly a: Node; readonly b: Node };

interface Token {
  readonly kind: 'num' | 'str' | 'name' | 'op';
  readonly text: string;
  readonly value?: unknown;
}

/** Deeper nesting than this is not parsed (an expression is a line or two of a configuration). */
const MAX_DEPTH = 50;
/** Longer expressions are not parsed. */
const MAX_LENGTH = 10_000;

/** A number literal that a double does not hold exactly. */
const INEXACT = Symbol('inexact number');

const OPERATORS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '(', ')', '[', ']', ','];
const NAME = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\]|\["[^"\\$%]*"\])*/;
const NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const rest = text.slice(i, i + 200);
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'num', text: number[0], value: exactNumber(number[0]) ?? INEXACT });
      i += number[0].length;
      continue;
    }
    if (c === '"') {
      // A plain string: no interpolation or directive, which the caller evaluates.
      let j = i + 1;
      let value = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\') {
          const next = text[j + 1];
          const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
          if (!(next in escapes)) return undefined;
          value += escapes[next];
          j++;
        } else if ((text[j] === '$' || text[j] === '%') && text[j + 1] === '{') {
          return undefined;
        } else {
          value += text[j];
        }
      }
      if (j >= text.length) return undefined;
      tokens.push({ kind: 'str', text: text.slice(i, j + 1), value });
      i = j + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i));
    if (name) {
      tokens.push({ kind: 'name', text: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) return undefined;
    tokens.push({ kind: 'op', text: op });
    i += op.length;
  }
  return tokens;
}

/** The functions {@link evaluateOperators} evaluates. */
const FUNCTIONS = new Set([
  'length',
  'tonumber',
  'tostring',
  'tobool',
  'min',
  'max',
  'abs',
  'floor',
  'ceil',
  'concat',
  'contains',
  'keys',
  'values',
  'lookup',
  'coalesce',
]);

/** Binding power of binary operators, as HCL orders them. */
const BINARY: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

class Parser {
  private i = 0;
  public constructor(private readonly tokens: readonly Token[]) {}

  public parse(): Node | undefined {
    const node = this.expression(0);
    return node && this.i === this.tokens.length ? node : undefined;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private take(text: string): boolean {
    if (this.peek()?.kind === 'op' && this.peek()?.text === text) {
      this.i++;
      return true;
    }
    return false;
  }

  private expression(depth: number): Node | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const c = this.binary(0, depth + 1);
    if (!c || !this.take('?')) return c;
    const a = this.expression(depth + 1);
    if (!a || !this.take(':')) return undefined;
    const b = this.expression(depth + 1);
    return b ? { t: 'cond', c, a, b } : undefined;
  }

  private binary(min: number, depth: number): Node | undefined {
    let left = this.unary(depth);
    for (;;) {
      const token = this.peek();
      const power = token?.kind === 'op' ? BINARY[token.text] : undefined;
      if (!left || power === undefined || power <= min) return left;
      this.i++;
      const right = this.binary(power, depth + 1);
      if (!right) return undefined;
      left = { t: 'bin', op: (token as Token).text, l: left, r: right };
    }
  }

  private unary(depth: number): Node | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (this.take('!')) {
      const x = this.unary(depth + 1);
      return x ? { t: 'unary', op: '!', x } : undefined;
    }
    if (this.take('-')) {
      const x = this.unary(depth + 1);
      return x ? { t: 'unary', op: '-', x } : undefined;
    }
    return this.primary(depth + 1);
  }

  private primary(depth: number): Node | undefined {
    const token = this.peek();
    if (!token) return undefined;
    if (token.kind === 'num' || token.kind === 'str') {
      this.i++;
      return { t: 'lit', v: token.value };
    }
    if (this.take('(')) {
      const inner = this.expression(depth + 1);
      return inner && this.take(')') ? inner : undefined;
    }
    if (this.take('[')) {
      const items = this.list(']', depth);
      return items ? { t: 'tuple', items } : undefined;
    }
    if (token.kind === 'name') {
      this.i++;
      if (token.text === 'true' || token.text === 'false') return { t: 'lit', v: token.text === 'true' };
      if (token.text === 'null') return { t: 'lit', v: null };
      if (!token.text.includes('.') && !token.text.includes('[') && this.take('(')) {
        // Only the functions evaluated here: any other call is left to the caller's message.
        if (!FUNCTIONS.has(token.text)) return undefined;
        const args = this.list(')', depth);
        return args ? { t: 'call', name: token.text, args } : undefined;
      }
      return { t: 'name', text: token.text };
    }
    return undefined;
  }

  private list(close: string, depth: number): Node[] | undefined {
    const items: Node[] = [];
    if (this.take(close)) return items;
    for (;;) {
      const item = this.expression(depth + 1);
      if (!item) return undefined;
      items.push(item);
      if (this.take(close)) return items;
      if (!this.take(',')) return undefined;
      if (this.take(close)) return items; // a trailing comma
    }
  }
}

/**
 * Parses an expression of operators and functions. Undefined when the text
 * is a lone name or literal (the caller's own forms) or holds a form this
 * module does not parse.
 */
export function parseOperators(text: string): Node | undefined {
  if (text.length > MAX_LENGTH) return undefined;
  const tokens = tokenize(text);
  if (!tokens || tokens.length < 2) return undefined;
  return new Parser(tokens).parse();
}

export type { Node as OperatorNode };

/**
 * Evaluates a parsed expression. `name` evaluates a name (`var.x`); a value
 * known only when Terraform runs (a reference) or not at all makes the
 * result unknown, with the reason.
 */
export function evaluateOperators(node: Node, expr: string, name: (text: string) => Value<unknown>): Value<unknown> {
  const fail = (why: string) => unknown(`\${${clipped(expr)}}: ${why}`);
  const value = (n: Node): Value<unknown> => {
    switch (n.t) {
      case 'lit':
        return n.v === INEXACT ? fail(`a number literal is ${PRECISION}`) : known(n.v);
      case 'name': {
        const v = name(n.text);
        if (v.kind === 'ref') return unknown(`\${${clipped(expr)}} depends on ${v.expression}, known only when Terraform applies`);
        if (v.kind === 'known' && typeof v.value === 'number' && !held(v.value)) return fail(`${n.text} is ${PRECISION}`);
        return v;
      }
      case 'tuple':
        return all(n.items.map(value), (items) => known(items));
      case 'cond': {
        const c = value(n.c);
        if (c.kind !== 'known') return c;
        const test = toBool(c.value);
        if (test === undefined) return fail(`the condition is ${describeValue(c.value)}, not true or false`);
        return value(test ? n.a : n.b);
      }
      case 'unary': {
        const x = value(n.x);
        if (x.kind !== 'known') return x;
        if (n.op === '!') {
          const b = toBool(x.value);
          return b === undefined ? fail(`! of ${describeValue(x.value)}, not true or false`) : known(!b);
        }
        const num = toNumber(x.value);
        return num === undefined ? fail(`- of ${describeValue(x.value)}, not a number`) : known(-num);
      }
      case 'bin':
        return all([value(n.l), value(n.r)], ([l, r]) => binary(n.op, l, r, fail));
      case 'call':
        return all(n.args.map(value), (args) => call(n.name, args, fail));
    }
  };
  return value(node);
}

/** Known when every part is known; else the first part that is not. */
function all(parts: Value<unknown>[], f: (values: unknown[]) => Value<unknown>): Value<unknown> {
  const blocked = parts.find((p) => p.kind !== 'known');
  if (blocked) return blocked;
  return f(parts.map((p) => (p as { value: unknown }).value));
}

function binary(op: string, l: unknown, r: unknown, fail: (why: string) => Value<unknown>): Value<unknown> {
  if (op === '==' || op === '!=') {
    const equal = canonicalJson(l) === canonicalJson(r);
    return known(op === '==' ? equal : !equal);
  }
  if (op === '&&' || op === '||') {
    const [a, b] = [toBool(l), toBool(r)];
    if (a === undefined || b === undefined) return fail(`${op} needs true or false on both sides`);
    return known(op === '&&' ? a && b : a || b);
  }
  const [a, b] = [toNumber(l), toNumber(r)];
  if (a === undefined || b === undefined) {
    const bad = a === undefined ? l : r;
    return fail(spellsNumber(bad) ? `${describeValue(bad)} is ${PRECISION}` : `${op} needs numbers, got ${describeValue(bad)}`);
  }
  if ('+-*/%'.includes(op)) {
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) return fail(`${op} of ${a} and ${b} is ${PRECISION}`);
    if ((op === '/' || op === '%') && b === 0) return fail(op === '/' ? 'division by zero' : 'modulo by zero');
    // A quotient is exact when nothing remains, or when it divides by a power of two (5 / 2 is 2.5 exactly).
    if (op === '/' && a % b !== 0 && !isPowerOfTwo(Math.abs(b))) return fail(`${a} / ${b} is ${PRECISION}`);
    const result = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b;
    return op !== '/' && !Number.isSafeInteger(result) ? fail(`${a} ${op} ${b} is ${PRECISION}`) : known(result);
  }
  switch (op) {
    case '<':
      return known(a < b);
    case '>':
      return known(a > b);
    case '<=':
      return known(a <= b);
    default:
      return known(a >= b);
  }
}

function call(name: string, args: unknown[], fail: (why: string) => Value<unknown>): Value<unknown> {
  const numbers = () => args.map(toNumber);
  switch (name) {
    case 'length': {
      const [x] = args;
      if (args.length !== 1) return fail('length takes one argument');
      // Terraform counts a string's grapheme clusters ("👍🏽" is 1, and so is "\r\n"), by the Unicode tables of its
      // own build: only printable ASCII, tabs and newlines are one character each for certain.
      if (typeof x === 'string') return /^[\t\n -~]*$/.test(x) ? known(x.length) : fail(`length of ${GRAPHEMES_OF}: ${GRAPHEMES}`);
      if (Array.isArray(x)) return known(x.length);
      if (isObject(x)) return known(Object.keys(x).length);
      return fail(`length of ${describeValue(x)}`);
    }
    case 'tonumber': {
      const n = args.length === 1 ? toNumber(args[0]) : undefined;
      return n === undefined ? fail(`tonumber of ${describeValue(args[0])}`) : known(n);
    }
    case 'tostring':
      return args.length === 1 && ['string', 'number', 'boolean'].includes(typeof args[0])
        ? known(String(args[0]))
        : fail(`tostring of ${describeValue(args[0])}`);
    case 'tobool': {
      const b = args.length === 1 ? toBool(args[0]) : undefined;
      return b === undefined ? fail(`tobool of ${describeValue(args[0])}`) : known(b);
    }
    case 'min':
    case 'max':
    case 'abs':
    case 'floor':
    case 'ceil': {
      const ns = numbers();
      if (ns.length === 0 || ns.some((n) => n === undefined)) return fail(`${name} needs numbers`);
      const values = ns as number[];
      if (name === 'min') return known(Math.min(...values));
      if (name === 'max') return known(Math.max(...values));
      if (values.length !== 1) return fail(`${name} takes one number`);
      return known(name === 'abs' ? Math.abs(values[0]) : name === 'floor' ? Math.floor(values[0]) : Math.ceil(values[0]));
    }
    case 'concat':
      return args.every(Array.isArray) ? known((args as unknown[][]).flat()) : fail('concat needs lists');
    case 'contains':
      return args.length === 2 && Array.isArray(args[0])
        ? known(args[0].some((x) => JSON.stringify(x) === JSON.stringify(args[1])))
        : fail('contains needs a list and a value');
    case 'keys':
      return args.length === 1 && isObject(args[0]) ? known(sortedKeys(args[0])) : fail('keys needs a map');
    case 'values':
      return args.length === 1 && isObject(args[0])
        ? known(sortedKeys(args[0]).map((k) => (args[0] as Record<string, unknown>)[k]))
        : fail('values needs a map');
    case 'lookup': {
      const [map, key, fallback] = args;
      if (!isObject(map) || typeof key !== 'string' || args.length < 2 || args.length > 3) return fail('lookup needs a map and a key');
      if (hasOwn(map, key)) return known(map[key]);
      return args.length === 3 ? known(fallback) : fail(`lookup: "${key}" is not in the map and there is no default`);
    }
    case 'coalesce': {
      // Terraform first converts every argument to one type (coalesce(1, "a") is "1"): only one type is evaluated here.
      const types = new Set(args.filter((a) => a !== null).map((a) => (Array.isArray(a) ? 'list' : typeof a)));
      if (types.size > 1) return fail(`coalesce of ${[...types].join(' and ')}: Terraform converts them to one type first`);
      const found = args.find((a) => a !== null && a !== '');
      return found === undefined ? fail('coalesce: every argument is null or empty') : known(found);
    }
    default:
      return fail(`the function ${name}() is not one the checker evaluates; check a plan (terraform show -json)`);
  }
}

/** Terraform's conversion to a number: a number, or a string that spells one (that a double holds exactly). */
export function toNumber(x: unknown): number | undefined {
  if (typeof x === 'number') return held(x) ? x : undefined;
  return typeof x === 'string' && spellsNumber(x) ? exactNumber(x) : undefined;
}

/** A number, or a string that spells one: what Terraform converts to a number. */
function spellsNumber(x: unknown): x is number | string {
  return typeof x === 'number' || (typeof x === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(x));
}

/** What the checker says of a number it will not compute with. */
export const PRECISION =
  'beyond what the checker computes exactly (Terraform uses 512-bit numbers; the checker whole numbers up to 2^53 and fractions a double holds); check a plan (terraform show -json)';

/** What the checker says of a string whose length Terraform counts in grapheme clusters. */
const GRAPHEMES_OF = 'a string beyond printable ASCII';
const GRAPHEMES = 'Terraform counts grapheme clusters by the Unicode tables of its build; check a plan (terraform show -json)';

/** A number a double holds as Terraform would: finite, and, when whole, no larger than 2^53. */
function held(n: number): boolean {
  return Number.isFinite(n) && (!Number.isInteger(n) || Number.isSafeInteger(n));
}

/**
 * The value of a decimal (`-12.5e-1`) when a double holds it exactly, as Terraform's 512-bit number would: a whole
 * number up to 2^53, or a fraction whose denominator is a power of two (0.5, 2.25); else undefined (0.1 is not).
 */
export function exactNumber(text: string): number | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  const shift = Number(exponent) - fraction.length;
  if (!Number.isSafeInteger(shift) || Math.abs(shift) > 400) return undefined;
  let numerator = BigInt(whole + fraction);
  let denominator = 1n;
  if (shift >= 0) numerator *= 10n ** BigInt(shift);
  else denominator = 10n ** BigInt(-shift);
  // Reduce: what remains of the denominator must be a power of two, and the numerator at most 2^53.
  const common = gcd(numerator, denominator);
  numerator /= common;
  denominator /= common;
  if (numerator > 2n ** 53n || (denominator & (denominator - 1n)) !== 0n || denominator > 2n ** 1000n) return undefined;
  const value = Number(numerator) / Number(denominator);
  return sign === '-' ? -value : value;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && Number.isInteger(Math.log2(n));
}

/** A map's keys in Terraform's order: lexicographic by code point (a UTF-16 sort puts some characters elsewhere). */
function sortedKeys(map: Record<string, unknown>): string[] {
  return Object.keys(map).sort(byCodePoint);
}

/** Terraform's conversion to a bool: true/false, or the strings "true"/"false". */
function toBool(x: unknown): boolean | undefined {
  if (typeof x === 'boolean') return x;
  if (x === 'true' || x === 'false') return x === 'true';
  return undefined;
}
