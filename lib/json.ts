import { readInputText } from './digest';
import { InputError } from './errors';

/**
 * Parses JSON text, turning a syntax error into an {@link InputError} that
 * names the file and the line and column, which is what a person needs to
 * find the problem (V8 only reports a character offset).
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    if (text.trim() === '') throw new InputError(file, '', 'file is empty; expected JSON');
    const message = e instanceof Error ? e.message : String(e);
    const offset = /at position (\d+)/.exec(message);
    const at = offset ? Number(offset[1]) : syntaxErrorOffset(text);
    const where = at !== undefined ? lineColumn(text, at) : '';
    // V8 sometimes quotes the input back ("Unexpected token '}', \"...\" is
    // not valid JSON"); never echo file content, it may be huge or secret.
    const problem = message
      .replace(/ in JSON at position \d+.*$/s, '')
      // `Unexpected token 'x', "...{ ... }..." is not valid JSON`, however V8 shortens the excerpt.
      .replace(/,\s*(\.\.\.)?".*$/s, '')
      .replace(/\s+/g, ' ');
    throw new InputError(file, where, `invalid JSON: ${problem}`);
  }
}

/**
 * Reads and parses a JSON file; unreadable files are {@link InputError}s too.
 *
 * @param shownAs the name to use in messages (default: `file`)
 */
export function readJsonFile(file: string, shownAs: string = file): unknown {
  let text: string;
  try {
    text = readInputText(file, shownAs);
  } catch (e) {
    throw new InputError(shownAs, '', `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseJson(text, shownAs);
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
