import { readInputText } from './digest';
import { InputError } from './errors';

/**
 * Parses JSON text, turning a syntax error into an {@link InputError} that
 * names the file and the line and column, which is what a person needs to
 * find the problem (V8 only reports a character offset).
 *
 * A key that appears twice in one object is an error too (unless
 * `duplicates` is `allow`, for a first look at what the file is):
 * `JSON.parse` would silently keep the last, and a checker must not read a
 * file otherwise than the tool that wrote or reads it.
 */
export function parseJson(text: string, file: string, duplicates: 'error' | 'allow' = 'error'): unknown {
  const value = parseJsonSyntax(text, file);
  if (duplicates === 'error') refuseDuplicateKeys(text, file);
  return value;
}

/** Refuses a key that appears twice in one object of (valid) JSON text, naming both places. */
export function refuseDuplicateKeys(text: string, file: string): void {
  const duplicate = findDuplicateKey(text);
  if (duplicate) {
    throw new InputError(
      file,
      lineColumn(text, duplicate.offset),
      `duplicate key ${JSON.stringify(clip(duplicate.key, 60))} (first at ${lineColumn(text, duplicate.first)}): a JSON reader keeps only one of them; remove one`,
    );
  }
}

function parseJsonSyntax(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    if (text.trim() === '') throw new InputError(file, '', 'file is empty; expected JSON');
    const { problem, where } = jsonSyntaxProblem(text, e);
    throw new InputError(file, where, `invalid JSON: ${problem}`);
  }
}

/**
 * What is wrong with JSON text that `JSON.parse` refused, and where (line:column, or '' when unknown), in words
 * that never quote the text back: V8 sometimes does ("Unexpected token '}', \"...\" is not valid JSON"), and the
 * text may be huge or secret.
 */
export function jsonSyntaxProblem(text: string, e: unknown): { problem: string; where: string } {
  const message = e instanceof Error ? e.message : String(e);
  const offset = /at position (\d+)/.exec(message);
  const at = offset ? Number(offset[1]) : syntaxErrorOffset(text);
  const where = at !== undefined ? lineColumn(text, at) : '';
  const problem = message
    .replace(/ in JSON at position \d+.*$/s, '')
    // `Unexpected token 'x', "...{ ... }..." is not valid JSON`, however V8 shortens the excerpt.
    .replace(/,\s*(\.\.\.)?".*$/s, '')
    .replace(/\s+/g, ' ');
  return { problem, where };
}

/**
 * Reads and parses a JSON file; unreadable files are {@link InputError}s too.
 *
 * @param shownAs the name to use in messages (default: `file`)
 */
export function readJsonFile(file: string, shownAs: string = file, duplicates: 'error' | 'allow' = 'error'): unknown {
  return parseJson(readTextFile(file, shownAs), shownAs, duplicates);
}

/** Reads a file as UTF-8 text; an unreadable file is an {@link InputError}. */
export function readTextFile(file: string, shownAs: string = file): string {
  try {
    return readInputText(file, shownAs);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(shownAs, '', `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/**
 * The first key that appears twice in one object of valid JSON text: where
 * it is again, and where it was first. A linear scan with an explicit
 * stack, no recursion; keys are compared after unescaping.
 */
export function findDuplicateKey(text: string): { key: string; offset: number; first: number } | undefined {
  // One frame per open object (its keys so far) or array (null). A small object's keys are compared in a list,
  // which is faster than a map; a large one's in a map. Frames are reused: a plan has millions of objects.
  const stack: Array<KeyFrame | null> = [];
  const pool: KeyFrame[] = [];
  let expectKey = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i;
      let escaped = false;
      // Find the closing quote, skipping escaped characters.
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (text.charCodeAt(i - 1) !== 92) break;
        let backslashes = 1;
        for (let j = i - 2; text.charCodeAt(j) === 92; j--) backslashes++;
        escaped = true;
        if (backslashes % 2 === 0) break;
      }
      if (expectKey) {
        const raw = text.slice(start + 1, i);
        const key = escaped || raw.includes('\\') ? (JSON.parse(text.slice(start, i + 1)) as string) : raw;
        const first = (stack[stack.length - 1] as KeyFrame).add(key, start);
        if (first !== undefined) return { key, offset: start, first };
        expectKey = false;
      }
    } else if (c === 123 /* { */) {
      stack.push(pool.pop() ?? new KeyFrame());
      expectKey = true;
    } else if (c === 91 /* [ */) {
      stack.push(null);
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      const closed = stack.pop();
      if (closed) pool.push(closed.reset());
      expectKey = false;
    } else if (c === 44 /* , */) {
      expectKey = stack.length > 0 && stack[stack.length - 1] !== null;
    }
  }
  return undefined;
}

/** The keys of one object so far, for {@link findDuplicateKey}. */
class KeyFrame {
  private static readonly SMALL = 24;
  private readonly keys: string[] = [];
  private readonly offsets: number[] = [];
  private map?: Map<string, number>;

  /** Adds a key; returns where it was first when it is there already. */
  public add(key: string, offset: number): number | undefined {
    if (this.map) {
      const first = this.map.get(key);
      if (first !== undefined) return first;
      this.map.set(key, offset);
      return undefined;
    }
    for (let k = 0; k < this.keys.length; k++) if (this.keys[k] === key) return this.offsets[k];
    this.keys.push(key);
    this.offsets.push(offset);
    if (this.keys.length > KeyFrame.SMALL) this.map = new Map(this.keys.map((x, k) => [x, this.offsets[k]]));
    return undefined;
  }

  public reset(): this {
    this.keys.length = 0;
    this.offsets.length = 0;
    this.map = undefined;
    return this;
  }
}

/**
 * A JSON object as written, with every occurrence of each key, in order:
 * what Terraform's JSON syntax needs, where a repeated block type is more
 * blocks and a repeated argument an error.
 */
export interface JsonEntries {
  readonly entries: ReadonlyArray<{ readonly key: string; readonly value: JsonValue; readonly offset: number }>;
}
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonEntries;

/** Deeper JSON is not read with its repeated keys: no Terraform configuration comes close. */
export const MAX_ENTRIES_DEPTH = 200;

/**
 * Parses valid JSON text keeping repeated keys (see {@link JsonEntries}).
 * Undefined when it is nested more than {@link MAX_ENTRIES_DEPTH} deep.
 */
export function parseJsonEntries(text: string): JsonValue | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const string = (): string => {
    const start = i;
    for (;;) {
      i = text.indexOf('"', i + 1);
      let backslashes = 0;
      for (let j = i - 1; text.charCodeAt(j) === 92; j--) backslashes++;
      if (backslashes % 2 === 0) break;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (depth: number): JsonValue | undefined => {
    if (depth > MAX_ENTRIES_DEPTH) return undefined;
    ws();
    const c = text[i];
    if (c === '"') return string();
    if (c === '{' || c === '[') {
      i++;
      const entries: Array<{ key: string; value: JsonValue; offset: number }> = [];
      const items: JsonValue[] = [];
      for (ws(); text[i] !== (c === '{' ? '}' : ']'); ws()) {
        if (text[i] === ',') {
          i++;
          ws();
        }
        const offset = i;
        const key = c === '{' ? string() : '';
        if (c === '{') {
          ws();
          i++; // the colon
        }
        const v = value(depth + 1);
        if (v === undefined) return undefined;
        if (c === '{') entries.push({ key, value: v, offset });
        else items.push(v);
      }
      i++;
      return c === '{' ? { entries } : items;
    }
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    const literal = m ? m[0] : 'null';
    i += literal.length;
    return JSON.parse(literal) as JsonValue;
  };
  return value(0);
}

/**
 * Offset of the first syntax error in JSON text, for the messages where V8
 * gives none. A linear scan with an explicit stack (no recursion), run only
 * after JSON.parse has failed.
 */
export function syntaxErrorOffset(text: string): number | undefined {
  const stack: Array<'{' | '['> = [];
  // What may come next: a value, an object key, a colon, or a comma/closer.
  let expect: 'value' | 'key' | 'colon' | 'after' | 'end' = 'value';
  let first = false; // just after "{" or "[": a closer is allowed
  let i = 0;
  const n = text.length;
  const ws = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i < n) {
    const c = text[i];
    if (ws(c)) {
      i++;
      continue;
    }
    if (expect === 'end') return i;
    if (expect === 'colon') {
      if (c !== ':') return i;
      expect = 'value';
      i++;
      continue;
    }
    if (expect === 'after' || first) {
      const closer = stack[stack.length - 1] === '{' ? '}' : ']';
      if (stack.length > 0 && c === closer) {
        stack.pop();
        first = false;
        expect = stack.length === 0 ? 'end' : 'after';
        i++;
        continue;
      }
      if (expect === 'after') {
        if (c !== ',' || stack.length === 0) return i;
        expect = stack[stack.length - 1] === '{' ? 'key' : 'value';
        i++;
        continue;
      }
    }
    first = false;
    if (expect === 'key') {
      if (c !== '"') return i;
      const end = stringEnd(text, i);
      if (end === undefined) return i;
      i = end;
      expect = 'colon';
      continue;
    }
    // A value.
    if (c === '{' || c === '[') {
      stack.push(c);
      first = true;
      expect = c === '{' ? 'key' : 'value';
      i++;
      continue;
    }
    let end: number | undefined;
    if (c === '"') end = stringEnd(text, i);
    else {
      const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      end = m ? i + m[0].length : undefined;
    }
    if (end === undefined) return i;
    i = end;
    expect = stack.length === 0 ? 'end' : 'after';
  }
  return expect === 'end' ? undefined : n;
}

function stringEnd(text: string, start: number): number | undefined {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 92) i++;
    else if (c < 32) return undefined;
  }
  return undefined;
}

/** 1-based `line:column` of a character offset. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `${line}:${offset - lineStart + 1}`;
}

/** RFC 6901 JSON pointer for a path of keys and indices. */
export function jsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * A value, quoted for a message: short, and without recursion, so that a
 * huge or 10 000-deep input cannot overflow the stack or the message.
 */
export function describeValue(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(clip(x, 60));
  if (typeof x === 'number' || typeof x === 'boolean' || x === null || x === undefined) return String(x);
  return Array.isArray(x) ? 'a list' : typeof x === 'object' ? 'an object' : typeof x;
}

/** A name from an input, for addresses and messages: a string cut to `max` characters, else the fallback. */
export function nameOf(x: unknown, fallback: string, max = 128): string {
  return typeof x === 'string' && x !== '' ? clip(x, max) : fallback;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * A value as JSON text in which equal values are equal text: every object's keys in code-point order (Terraform's
 * order of map keys), whatever order they were written in.
 */
export function canonicalJson(x: unknown): string {
  return JSON.stringify(x, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort(byCodePoint)
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/** Orders text by code point (Go's order of strings), not by UTF-16 unit as `sort()` does. */
export function byCodePoint(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * True when a 64-bit float misreads a decimal number literal in a way that matters to a count or a number of
 * days: as another whole number (`9007199254740993`), as a whole number where the literal is not one
 * (`0.99999999999999999999`, `1e-400`), or not at all (`1e400`). Terraform reads numbers exactly (512-bit), so a
 * configuration holding such a literal means something other than what a JSON or HCL reader gives. A fraction
 * read as a nearby fraction (`0.1`) is not counted: it stays a fraction.
 */
export function doubleMisreads(literal: string): boolean {
  const m = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (!m) return false;
  const read = Number(literal);
  if (!Number.isFinite(read)) return true;
  let digits = m[1] + (m[2] ?? '');
  // Where the decimal point falls in `digits`, after the exponent and without leading zeros.
  let point = m[1].length + Number(m[3] ?? 0);
  const leading = /^0*/.exec(digits)![0].length;
  digits = digits.slice(leading);
  point -= leading;
  if (digits === '') return false; // zero, however written
  const whole = point >= 0 && /^0*$/.test(digits.slice(point));
  if (!whole) return Number.isInteger(read);
  // A finite read puts the point at most 309 digits in: the padding is small.
  const exact = BigInt(digits.slice(0, point) + '0'.repeat(Math.max(0, point - digits.length)) || '0');
  return exact !== (read < 0 ? -BigInt(read) : BigInt(read));
}

/** A decimal number literal without its sign, as JSON and HCL write it (neither has hex). */
export const NUMBER_LITERAL = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;

/** The first number of JSON text that a 64-bit float misreads ({@link doubleMisreads}), with its offset. */
export function firstMisreadNumber(text: string): { literal: string; offset: number } | undefined {
  const number = new RegExp(`-?${NUMBER_LITERAL.source}`, 'y');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      number.lastIndex = i;
      const literal = number.exec(text)?.[0] ?? text[i];
      if (doubleMisreads(literal)) return { literal, offset: i };
      i += literal.length - 1;
    }
  }
  return undefined;
}

/** What to say of a number literal a 64-bit float misreads: what it would be read as, and what to write. */
export function misreadNumberProblem(literal: string): string {
  const read = Number(literal);
  const shown = clip(literal, 40);
  return `the number ${shown} ${Number.isFinite(read) ? `would be read as ${read}` : 'is beyond a 64-bit float'}, but Terraform reads it exactly (a count or a number of days would differ); write it with at most 15 significant digits`;
}

/** Refuses JSON text holding a number a 64-bit float misreads, naming its place (configurations and variables). */
export function refuseMisreadNumbers(text: string, file: string): void {
  const misread = firstMisreadNumber(text);
  if (misread) throw new InputError(file, lineColumn(text, misread.offset), misreadNumberProblem(misread.literal));
}
