import { doubleMisreads, findDuplicateKey, firstMisreadNumber, lineColumn, parseJson, syntaxErrorOffset } from '../lib/json';

describe('syntaxErrorOffset finds the first syntax error, where V8 does not say', () => {
  test.each<[string, number | undefined]>([
    ['{"a": 1}', undefined],
    ['[1, 2, {"b": [true, false, null, -1.5e3, "x\\"y"]}]', undefined],
    ['[1,]', 3],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ['{"a": }', 6],
    ['{"a": 1} x', 9],
    ['{"a": tru}', 6],
    ['[1 2]', 3],
    ['{"a": [1, 2}', 11],
    ['{', 1],
    ['', 0],
  ])('%s', (text, offset) => {
    expect(syntaxErrorOffset(text)).toBe(offset);
  });

  test('handles deep nesting without recursion', () => {
    const deep = '['.repeat(100000) + ']'.repeat(99999);
    expect(syntaxErrorOffset(deep)).toBe(deep.length);
  });
});

describe('parseJson', () => {
  test.each<[string, string]>([
    ['{\n  "a": 1,\n}', 'f.json: 3:1: invalid JSON: Expected double-quoted property name'],
    ['[1,\n2,]', "f.json: 2:3: invalid JSON: Unexpected token ']'"],
    ['{"token": "s3cr3t",\n "x": }', "f.json: 2:7: invalid JSON: Unexpected token '}'"],
    ['   ', 'f.json: file is empty; expected JSON'],
  ])('%j fails with one line naming the place', (text, message) => {
    let error: Error | undefined;
    try {
      parseJson(text, 'f.json');
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toBe(message);
    expect(error?.message).not.toContain('s3cr3t');
  });

  test('lineColumn is 1-based', () => {
    expect(lineColumn('ab\ncd', 4)).toBe('2:2');
  });
});

describe('keys that repeat in one object', () => {
  test.each<[string, string, { key: string; offset: number; first: number } | undefined]>([
    ['none', '{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}', undefined],
    ['at the top', '{"a": 1, "a": 2}', { key: 'a', offset: 9, first: 1 }],
    ['deep inside arrays', '[{"x": [{"k": 1, "k": 2}]}]', { key: 'k', offset: 17, first: 9 }],
    ['written with escapes', '{"a": 1, "\\u0061": 2}', { key: 'a', offset: 9, first: 1 }],
    ['a key with an escaped quote', '{"a\\"b": 1, "a\\"b": 2}', { key: 'a"b', offset: 12, first: 1 }],
    ['a value that looks like a key', '{"a": "\\"a\\"", "b": "a"}', undefined],
  ])('%s', (_name, text, expected) => {
    expect(findDuplicateKey(text)).toEqual(expected);
  });

  test('parseJson refuses one, naming both places; allow is for a first look', () => {
    expect(() => parseJson('{\n  "enabled": false,\n  "enabled": true\n}', 'plan.json')).toThrow(
      'plan.json: 3:3: duplicate key "enabled" (first at 2:3): a JSON reader keeps only one of them; remove one',
    );
    expect(parseJson('{"a": 1, "a": 2}', 'x.json', 'allow')).toEqual({ a: 2 });
  });

  test('scans 10 000-deep nesting without recursion', () => {
    const deep = `${'{"a":'.repeat(10000)}1${'}'.repeat(10000)}`;
    expect(findDuplicateKey(deep)).toBeUndefined();
  });
});

describe('numbers a 64-bit float misreads (Terraform reads them exactly)', () => {
  test.each([
    ['0.99999999999999999999', true, 'a fraction read as the whole number 1'],
    ['1.00000000000000000001', true, 'a fraction read as 1'],
    ['364.99999999999999999', true, 'a fraction read as 365 days'],
    ['1e-400', true, 'a tiny fraction read as 0'],
    ['-0.99999999999999999999', true, 'negative, read as -1'],
    ['9007199254740993', true, 'a whole number read as its neighbour'],
    ['-9007199254740993', true, 'negative, read as its neighbour'],
    ['1e400', true, 'beyond a double'],
    ['9007199254740992', false, '2^53, held exactly'],
    ['1e20', false, 'a power of ten a double holds'],
    ['100000000000000000000', false, 'the same, written out'],
    ['365', false, 'a whole number'],
    ['365.0', false, 'a whole number with a zero fraction'],
    ['3.65e2', false, 'a whole number with an exponent'],
    ['36500e-2', false, 'a whole number with a negative exponent'],
    ['0.1', false, 'a fraction read as a nearby fraction'],
    ['2.5', false, 'a fraction a double holds'],
    ['0', false, 'zero'],
    ['0.000e999999999', false, 'zero, however written'],
    ['-0', false, 'negative zero'],
    ['00012', false, 'leading zeros'],
    ['true', false, 'not a number'],
  ])('%s: %s (%s)', (literal, misread) => {
    expect(doubleMisreads(literal)).toBe(misread);
  });

  test('the first such number of JSON text, with its offset, outside strings and keys', () => {
    const text = '{"0.99999999999999999999": "9007199254740993", "a\\"1e400": [1, 0.1, -0.99999999999999999999, 1e400]}';
    expect(firstMisreadNumber(text)).toEqual({ literal: '-0.99999999999999999999', offset: text.indexOf('-0.9') });
    expect(firstMisreadNumber('{"count": 1, "days": 365.0, "ratio": 0.1}')).toBeUndefined();
  });
});
