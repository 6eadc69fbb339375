import { Value, known, ref, unknown } from '../../lib/model';
import { evaluateOperators, exactNumber, parseOperators, toNumber } from '../../lib/load/operators';

/** The names an expression may use, as the configuration loader would evaluate them. */
const NAMES: Record<string, Value<unknown>> = {
  'var.n': known(3),
  'var.zero': known(0),
  'var.on': known(true),
  'var.off': known(false),
  'var.text': known('2'),
  'var.list': known(['a', 'b']),
  'var.map': known({ b: 2, a: 1 }),
  'var.same': known({ a: 1, b: 2 }),
  'var.half': known(0.5),
  'var.huge': known(2 ** 53 + 2),
  'var.unset': unknown('var.unset has no value'),
  'huaweicloud_smn_topic.t.id': ref('huaweicloud_smn_topic.t', 'id', '${huaweicloud_smn_topic.t.id}'),
};

/** Parses and evaluates an expression; undefined when it does not parse. */
function ev(text: string): Value<unknown> | undefined {
  const node = parseOperators(text);
  return node && evaluateOperators(node, text, (name) => NAMES[name] ?? unknown(`${name} is not defined`));
}

/** The value of an expression that must be known. */
function value(text: string): unknown {
  const v = ev(text);
  if (v?.kind !== 'known') throw new Error(`${text}: ${JSON.stringify(v)}`);
  return v.value;
}

/** The reason an expression is unknown. */
function why(text: string): string {
  const v = ev(text);
  if (v?.kind !== 'unknown') throw new Error(`${text} is not unknown: ${JSON.stringify(v)}`);
  return v.reason;
}

const PRECISION =
  'beyond what the checker computes exactly (Terraform uses 512-bit numbers; the checker whole numbers up to 2^53 and fractions a double holds); check a plan (terraform show -json)';

describe('parseOperators', () => {
  test.each([
    ['a lone name, the caller’s own form', 'var.n'],
    ['a lone literal', '1'],
    ['a lone string', '"a"'],
    ['an empty text', ''],
    ['a template', '"${var.n}-x" == "a"'],
    ['a directive', '"%{if true}a%{endif}" == "a"'],
    ['an escape it does not read', '"\\u0041" == "A"'],
    ['a string not closed', '"a == 1'],
    ['a function it does not evaluate', 'upper("a") == "A"'],
    ['a method-like call', 'var.f(1) + 1'],
    ['an object constructor', '{ a = 1 } == 1'],
    ['a splat', 'var.list[*].id == 1'],
    ['an operator with nothing after it', '1 +'],
    ['a condition without its other value', 'var.on ? 1'],
    ['a condition with a bad value', 'var.on ? 1 : +'],
    ['a parenthesis not closed', '(1 + 2'],
    ['a tuple not closed', '[1, 2'],
    ['a tuple with two commas', '[1,, 2]'],
    ['a call not closed', 'max(1, 2'],
    ['tokens left over', '1 + 2 3'],
    ['a character that is not HCL', '1 # 2'],
  ])('%s is not parsed: %s', (_name, text) => {
    expect(parseOperators(text)).toBeUndefined();
  });

  test('nesting beyond 50 levels of the parser is not parsed, however it nests', () => {
    expect(parseOperators(`${'('.repeat(60)}1 + 1${')'.repeat(60)}`)).toBeUndefined();
    expect(parseOperators(`${'!'.repeat(60)}true`)).toBeUndefined();
    expect(parseOperators(`${'-'.repeat(60)}1`)).toBeUndefined();
    expect(parseOperators(`${'['.repeat(60)}1${']'.repeat(60)} == 1`)).toBeUndefined();
    expect(parseOperators(`${'var.on ? '.repeat(60)}1${' : 0'.repeat(60)}`)).toBeUndefined();
    expect(parseOperators(`${'('.repeat(10)}1 + 1${')'.repeat(10)}`)).toBeDefined();
  });

  test('a text longer than 10,000 characters is not parsed', () => {
    const sum = (terms: number) => Array.from({ length: terms }, () => '1').join('+');
    expect(parseOperators(sum(5000))).toBeDefined();
    expect(parseOperators(`${sum(5000)}+11`)).toBeUndefined();
  });

  test('white space of every kind separates tokens', () => {
    expect(value('1\t+\n2\r\n* 3')).toBe(7);
  });
});

describe('evaluateOperators: operators, as HCL orders them', () => {
  test.each<[string, unknown]>([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['12 / 2 / 3', 2],
    ['7 % 4', 3],
    ['-7 % 4', -3],
    ['2 * -3', -6],
    ['- -2', 2],
    ['1 + 2 > 2', true],
    ['1 < 2 == true', true],
    ['2 >= 2', true],
    ['2 <= 1', false],
    ['3 > 3', false],
    ['1 < 1', false],
    ['!var.off && var.on', true],
    ['var.off || var.on && var.off', false],
    ['var.on || var.off', true],
    ['!true', false],
    ['var.on ? 1 : 2', 1],
    ['var.off ? 1 : var.on ? 2 : 3', 2],
    ['var.off ? 1 : var.off ? 2 : 3', 3],
    ['var.n > 0 ? var.n - 1 : 0', 2],
    ['[1, 2,] == [1, 2]', true],
    ['[] == []', true],
    ['null == null', true],
    ['true != false', true],
  ])('%s is %j', (text, expected) => {
    expect(value(text)).toEqual(expected);
  });

  test('Terraform converts a string that spells a number in arithmetic and comparisons, and "true" in logic', () => {
    expect(value('"2" + 1')).toBe(3);
    expect(value('var.text * var.n')).toBe(6);
    expect(value('"10" > 9')).toBe(true);
    expect(value('"true" && true')).toBe(true);
    expect(value('!"false"')).toBe(true);
    expect(value('"false" ? 1 : 2')).toBe(2);
    expect(value('-"2"')).toBe(-2);
  });

  test('== and != compare without conversion, and maps by their contents, whatever the order of their keys', () => {
    expect(value('1 == "1"')).toBe(false);
    expect(value('1 != "1"')).toBe(true);
    expect(value('true == "true"')).toBe(false);
    expect(value('1 == 1.0')).toBe(true);
    expect(value('var.map == var.same')).toBe(true);
    expect(value('var.map != var.same')).toBe(false);
    expect(value('var.map == var.list')).toBe(false);
  });

  test("% with a negative operand is cty's Modulo: a - b * trunc(a / b), the dividend's sign", () => {
    // cty's Value.Modulo truncates the quotient toward zero (big.Float.Int), as JavaScript's % does.
    expect([value('-7 % 3'), value('7 % -3'), value('-7 % -3'), value('-6 % 3'), value('0 % -5')]).toEqual([-1, 1, -1, -0, 0]);
    expect([value('-7 % 3 == -1'), value('-6 % 3 == 0')]).toEqual([true, true]);
  });

  test('a string escape is read as HCL reads it', () => {
    expect(value('"a\\"b\\\\c\\n\\t\\r" == "a\\"b\\\\c\\n\\t\\r"')).toBe(true);
    expect(value('length("a\\nb")')).toBe(3);
  });

  test('what is not true or false in logic, or not a number in arithmetic, is unknown, saying so', () => {
    expect(why('1 && true')).toBe('${1 && true}: && needs true or false on both sides');
    expect(why('true || "yes"')).toBe('${true || "yes"}: || needs true or false on both sides');
    expect(why('!1')).toBe('${!1}: ! of 1, not true or false');
    expect(why('-"a"')).toBe('${-"a"}: - of "a", not a number');
    expect(why('"a" + 1')).toBe('${"a" + 1}: + needs numbers, got "a"');
    expect(why('1 < true')).toBe('${1 < true}: < needs numbers, got true');
    expect(why('1 ? 2 : 3')).toBe('${1 ? 2 : 3}: the condition is 1, not true or false');
    expect(why('1 / 0')).toBe('${1 / 0}: division by zero');
    expect(why('1 % 0')).toBe('${1 % 0}: modulo by zero');
  });

  test('a name that is unknown, or known only when Terraform applies, makes the whole unknown, saying which', () => {
    expect(why('var.unset + 1')).toBe('var.unset has no value');
    expect(why('1 + var.unset')).toBe('var.unset has no value');
    expect(why('var.unset ? 1 : 0')).toBe('var.unset has no value');
    expect(why('!var.unset')).toBe('var.unset has no value');
    expect(why('max(1, var.unset)')).toBe('var.unset has no value');
    expect(why('[1, var.unset] == []')).toBe('var.unset has no value');
    expect(why('huaweicloud_smn_topic.t.id == "x"')).toBe(
      '${huaweicloud_smn_topic.t.id == "x"} depends on ${huaweicloud_smn_topic.t.id}, known only when Terraform applies',
    );
  });

  test('only the branch a condition takes is evaluated', () => {
    expect(value('var.on ? 1 : var.unset')).toBe(1);
    expect(value('var.off ? var.unset : 2')).toBe(2);
  });
});

describe('evaluateOperators: numbers as Terraform holds them (512-bit), never a rounded guess', () => {
  test('BUG: a whole number beyond 2^53 is not rounded: 1 - (9007199254740993 - 9007199254740992) is 0 to Terraform', () => {
    // A double makes the difference 0, and the count 1: a resource Terraform would not create would be counted.
    expect(why('1 - (9007199254740993 - 9007199254740992)')).toBe(
      `\${1 - (9007199254740993 - 9007199254740992)}: a number literal is ${PRECISION}`,
    );
    expect(why('var.huge - 1')).toBe(`\${var.huge - 1}: var.huge is ${PRECISION}`);
    expect(why('4503599627370496 * 4')).toBe(`\${4503599627370496 * 4}: 4503599627370496 * 4 is ${PRECISION}`);
    expect(why('9007199254740991 + 1')).toBe(`\${9007199254740991 + 1}: 9007199254740991 + 1 is ${PRECISION}`);
    expect(value('9007199254740991 - 1')).toBe(9007199254740990);
  });

  test('BUG: a fraction a double does not hold is not rounded: floor(0.99999999999999999999) is 0 to Terraform', () => {
    expect(why('floor(0.99999999999999999999)')).toBe(`\${floor(0.99999999999999999999)}: a number literal is ${PRECISION}`);
    expect(why('0.1 + 0.2 > 0.3')).toMatch(/a number literal is beyond what the checker computes exactly/);
    expect(why('floor("0.99999999999999999999")')).toBe('${floor("0.99999999999999999999")}: floor needs numbers');
    expect(why('"0.1" + 1')).toBe(`\${"0.1" + 1}: "0.1" is ${PRECISION}`);
  });

  test('arithmetic is done on whole numbers; a fraction is compared and rounded, not added', () => {
    expect(why('var.half + 1')).toBe(`\${var.half + 1}: + of 0.5 and 1 is ${PRECISION}`);
    expect(why('2.5 * 2')).toBe(`\${2.5 * 2}: * of 2.5 and 2 is ${PRECISION}`);
    expect(value('var.half < 1')).toBe(true);
    expect(value('2.5 > 2')).toBe(true);
    expect(value('floor(2.5) + ceil(2.5)')).toBe(5);
    expect(value('-var.half')).toBe(-0.5);
  });

  test('a division is exact when nothing remains, or when it divides by a power of two; else unknown', () => {
    expect(value('12 / 4')).toBe(3);
    expect(value('5 / 2')).toBe(2.5);
    expect(value('ceil(7 / 4)')).toBe(2);
    expect(value('-5 / 8')).toBe(-0.625);
    expect(why('1 / 3')).toBe(`\${1 / 3}: 1 / 3 is ${PRECISION}`);
    expect(why('ceil(var.n / 7 * 2)')).toBe(`\${ceil(var.n / 7 * 2)}: 3 / 7 is ${PRECISION}`);
  });

  test('a string that spells a number is exact or unknown too', () => {
    expect(value('"9007199254740991" - 1')).toBe(9007199254740990);
    expect(why('"9007199254740993" - 1')).toBe(`\${"9007199254740993" - 1}: "9007199254740993" is ${PRECISION}`);
  });
});

describe('evaluateOperators: functions', () => {
  test.each<[string, unknown]>([
    ['length([1, 2, 3])', 3],
    ['length("abc")', 3],
    ['length(var.map)', 2],
    ['length([])', 0],
    ['tonumber("5") + 1', 6],
    ['tonumber(5) + 1', 6],
    ['tostring(5) == "5"', true],
    ['tostring(true) == "true"', true],
    ['tostring("a") == "a"', true],
    ['tobool("true") && true', true],
    ['tobool(false) || false', false],
    ['min(3, 1, 2)', 1],
    ['max(3, "4", 2)', 4],
    ['max(7) - 1', 6],
    ['abs(-4) + 0', 4],
    ['floor(-2.5) + 0', -3],
    ['ceil(-2.5) + 0', -2],
    ['concat([1], [], [2, 3]) == [1, 2, 3]', true],
    ['contains(["a", "b"], "b")', true],
    ['contains([1], "1")', false],
    ['keys(var.map) == ["a", "b"]', true],
    ['values(var.map) == [1, 2]', true],
    ['lookup(var.map, "a", 0) + 0', 1],
    ['lookup(var.map, "z", 5) + 0', 5],
    ['lookup(var.map, "b") + 0', 2],
    ['coalesce(null, "", "x") == "x"', true],
    ['coalesce(null, 2) + 0', 2],
  ])('%s is %j', (text, expected) => {
    expect(value(text)).toEqual(expected);
  });

  test.each<[string, string]>([
    ['length(1, 2) > 0', 'length takes one argument'],
    ['length(5) > 0', 'length of 5'],
    ['length(null) > 0', 'length of null'],
    ['tonumber("x") + 1', 'tonumber of "x"'],
    ['tonumber(1, 2) + 1', 'tonumber of 1'],
    ['tostring([1]) == ""', 'tostring of a list'],
    ['tostring(1, 2) == ""', 'tostring of 1'],
    ['tobool("yes") && true', 'tobool of "yes"'],
    ['tobool(true, true) && true', 'tobool of true'],
    ['min() + 0', 'min needs numbers'],
    ['max(1, "a") + 0', 'max needs numbers'],
    ['abs(1, 2) + 0', 'abs takes one number'],
    ['floor(1, 2) + 0', 'floor takes one number'],
    ['ceil() + 0', 'ceil needs numbers'],
    ['concat([1], 2) == []', 'concat needs lists'],
    ['contains("ab", "a")', 'contains needs a list and a value'],
    ['contains([1]) == true', 'contains needs a list and a value'],
    ['keys([1]) == []', 'keys needs a map'],
    ['keys(var.map, var.map) == []', 'keys needs a map'],
    ['values("a") == []', 'values needs a map'],
    ['lookup(var.list, "a", 0) == 0', 'lookup needs a map and a key'],
    ['lookup(var.map, 1, 0) == 0', 'lookup needs a map and a key'],
    ['lookup(var.map) == 0', 'lookup needs a map and a key'],
    ['lookup(var.map, "a", 0, 1) == 0', 'lookup needs a map and a key'],
    ['lookup(var.map, "z") == 0', 'lookup: "z" is not in the map and there is no default'],
    ['coalesce(null, "") == ""', 'coalesce: every argument is null or empty'],
  ])('%s is unknown: %s', (text, reason) => {
    expect(why(text)).toBe(`\${${text}}: ${reason}`);
  });

  test('BUG: length counts grapheme clusters in Terraform ("👍🏽" is 1): a string beyond printable ASCII is unknown, not its code points', () => {
    // [..."👍🏽"].length is 2: count = length("👍🏽") - 1 would be 1 here and 0 to Terraform.
    expect(why('length("👍🏽") - 1')).toBe(
      '${length("👍🏽") - 1}: length of a string beyond printable ASCII: Terraform counts grapheme clusters by the Unicode tables of its build; check a plan (terraform show -json)',
    );
    expect(why('length("é") - 1')).toMatch(/length of a string beyond printable ASCII/);
    // "\r\n" is one grapheme cluster.
    expect(why('length("a\\r\\nb") - 1')).toMatch(/length of a string beyond printable ASCII/);
    expect(value('length("a\\tb ~")')).toBe(5);
  });

  test("BUG: keys and values follow Terraform's order, by code point, not by UTF-16 unit", () => {
    // "\uFF21" (fullwidth A) sorts before "\u{1F600}" by code point, after it by UTF-16 unit.
    const names: Record<string, Value<unknown>> = { 'var.m': known({ '\u{1F600}': 2, '\uFF21': 1 }) };
    const evaluate = (text: string) => evaluateOperators(parseOperators(text)!, text, (n) => names[n] ?? unknown(n));
    expect(evaluate('keys(var.m) == ["\uFF21", "\u{1F600}"]')).toEqual(known(true));
    expect(evaluate('values(var.m) == [1, 2]')).toEqual(known(true));
  });

  test('BUG: coalesce converts its arguments to one type in Terraform (coalesce(1, "a") is "1"): mixed types are unknown', () => {
    expect(why('coalesce(1, "a") == "1"')).toBe(
      '${coalesce(1, "a") == "1"}: coalesce of number and string: Terraform converts them to one type first',
    );
    expect(why('coalesce([], "a") == "a"')).toBe(
      '${coalesce([], "a") == "a"}: coalesce of list and string: Terraform converts them to one type first',
    );
  });

  test('a function the checker does not evaluate is not parsed, so the caller says so', () => {
    expect(parseOperators('upper("a") == "A"')).toBeUndefined();
  });
});

describe('toNumber and exactNumber', () => {
  test.each<[unknown, number | undefined]>([
    [3, 3],
    [-0.5, -0.5],
    ['2', 2],
    ['-2', -2],
    ['2.50', 2.5],
    ['1e3', 1000],
    ['25e-2', 0.25],
    ['9007199254740991', 9007199254740991],
    ['9007199254740992', 9007199254740992],
    ['9007199254740993', undefined],
    ['0.1', undefined],
    ['1e400', undefined],
    [' 1', undefined],
    ['+1', undefined],
    ['0x10', undefined],
    ['1.', undefined],
    ['', undefined],
    [Infinity, undefined],
    [NaN, undefined],
    [2 ** 53 + 2, undefined],
    [true, undefined],
    [null, undefined],
  ])('toNumber(%j) is %j', (x, expected) => {
    expect(toNumber(x)).toBe(expected);
  });

  test('exactNumber: whole numbers up to 2^53 and fractions whose denominator is a power of two', () => {
    expect(exactNumber('0.5')).toBe(0.5);
    expect(exactNumber('0.125')).toBe(0.125);
    expect(exactNumber('-3.75')).toBe(-3.75);
    expect(exactNumber('1.5e1')).toBe(15);
    expect(exactNumber('0e5')).toBe(0);
    expect(exactNumber('000')).toBe(0);
    expect(exactNumber('0.3')).toBeUndefined();
    expect(exactNumber('1e-400')).toBeUndefined();
    expect(exactNumber('1e99999999999999999999')).toBeUndefined();
    expect(exactNumber('abc')).toBeUndefined();
  });
});

test('a call the parser would not give is unknown, saying so', () => {
  const node = { t: 'call', name: 'upper', args: [] } as unknown as NonNullable<ReturnType<typeof parseOperators>>;
  expect(evaluateOperators(node, 'upper()', () => unknown('no names'))).toEqual(
    unknown('${upper()}: the function upper() is not one the checker evaluates; check a plan (terraform show -json)'),
  );
});
