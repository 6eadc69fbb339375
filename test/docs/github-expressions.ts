/**
 * GitHub Actions expressions, for the tests that read workflows and actions
 * (docs/ci recipes, action.yml): `${{ }}` substitution with placeholders for
 * what CI fills in, and an evaluator of the subset of the expression language
 * they use, for `if:` conditions.
 */

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------
// Placeholders for what CI fills in

/** The value a CI variable or expression stands for in the test. */
export function placeholder(name: string): string {
  if (/region/i.test(name)) return 'cn-north-4';
  if (/server_url/i.test(name)) return 'https://github.com';
  if (/run_id|pipeline_id|run_number|job_id/i.test(name)) return '123';
  return 'ci-value';
}

/** Replaces GitHub `${{ ... }}` expressions textually, as the runner does before the shell runs. */
export function substituteExpressions(text: string, evaluate: (expression: string) => unknown = placeholder): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) => {
    const v = evaluate(e.trim());
    return v === null || v === undefined ? '' : String(v);
  });
}

// ---------------------------------------------------------------------------
// GitHub expressions, for `if:` and `${{ }}` in the simulation

export interface SimState {
  failed: boolean;
  reportsWritten: boolean;
}

export function truthy(v: unknown): boolean {
  return !(v === false || v === 0 || v === '' || v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)));
}

function toNumber(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return NaN;
}

function looseEquals(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if ((a ?? null) === null && (b ?? null) === null) return true;
  if (typeof a === typeof b) return a === b;
  return toNumber(a) === toNumber(b);
}

/** Evaluates a GitHub Actions expression (the subset the recipes use). */
export function evaluateExpression(expression: string, context: Json, state: SimState): unknown {
  const tokens: string[] = [];
  const token = /\s*('(?:[^']|'')*'|\d+(?:\.\d+)?|[A-Za-z_][\w.*-]*|==|!=|<=|>=|&&|\|\||[!(),<>])/y;
  for (let at = 0; at < expression.length && expression.slice(at).trim() !== ''; at = token.lastIndex) {
    token.lastIndex = at;
    const m = token.exec(expression);
    if (!m) throw new Error(`cannot read the expression at ${at}: ${expression}`);
    tokens.push(m[1]);
  }
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (t?: string) => {
    const v = tokens[pos++];
    if (t !== undefined && v !== t) throw new Error(`expected ${t} in: ${expression}`);
    return v;
  };
  const call = (name: string, args: unknown[]): unknown => {
    switch (name) {
      case 'success':
        return !state.failed;
      case 'failure':
        return state.failed;
      case 'always':
        return true;
      case 'cancelled':
        return false;
      case 'hashFiles':
        return state.reportsWritten ? 'f'.repeat(64) : '';
      case 'format':
        return String(args[0]).replace(/\{(\d+)\}/g, (_, k: string) => String(args[Number(k) + 1] ?? ''));
      case 'contains':
        return Array.isArray(args[0])
          ? args[0].some((x) => looseEquals(x, args[1]))
          : String(args[0]).toLowerCase().includes(String(args[1]).toLowerCase());
      case 'startsWith':
        return String(args[0]).toLowerCase().startsWith(String(args[1]).toLowerCase());
      case 'endsWith':
        return String(args[0]).toLowerCase().endsWith(String(args[1]).toLowerCase());
      default:
        throw new Error(`unsupported function ${name}() in: ${expression}`);
    }
  };
  // As on GitHub, a property that does not exist evaluates to an empty string.
  const lookup = (path: string): unknown =>
    path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? ((v as Json)[k] ?? '') : ''), context);
  const primary = (): unknown => {
    const t = take();
    if (t === undefined) throw new Error(`unexpected end of: ${expression}`);
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (/^\d/.test(t)) return Number(t);
    if (t === '(') {
      const v = or();
      take(')');
      return v;
    }
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'null') return null;
    if (peek() === '(') {
      take('(');
      const args: unknown[] = [];
      if (peek() !== ')') {
        args.push(or());
        while (peek() === ',') {
          take(',');
          args.push(or());
        }
      }
      take(')');
      return call(t, args);
    }
    if (/^[A-Za-z_]/.test(t)) return lookup(t);
    throw new Error(`unexpected ${t} in: ${expression}`);
  };
  const unary = (): unknown => {
    if (peek() === '!') {
      take('!');
      return !truthy(unary());
    }
    return primary();
  };
  const equality = (): unknown => {
    let l = unary();
    while (peek() === '==' || peek() === '!=') {
      const op = take();
      const r = unary();
      l = op === '==' ? looseEquals(l, r) : !looseEquals(l, r);
    }
    return l;
  };
  const and = (): unknown => {
    let l = equality();
    while (peek() === '&&') {
      take('&&');
      const r = equality();
      l = truthy(l) ? r : l;
    }
    return l;
  };
  const or = (): unknown => {
    let l = and();
    while (peek() === '||') {
      take('||');
      const r = and();
      l = truthy(l) ? l : r;
    }
    return l;
  };
  const value = or();
  if (pos !== tokens.length) throw new Error(`unexpected ${tokens[pos]} in: ${expression}`);
  return value;
}

/** Whether a step or job `if:` holds; without a status function, success() is implied. */
export function condition(raw: unknown, context: Json, state: SimState): boolean {
  if (raw === undefined) return !state.failed;
  if (typeof raw === 'boolean') return raw && !state.failed;
  let e = String(raw).trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(e);
  if (whole) e = whole[1].trim();
  if (!/\b(success|failure|always|cancelled)\(/.test(e)) e = `success() && (${e})`;
  return truthy(evaluateExpression(e, context, state));
}
