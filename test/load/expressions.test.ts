/**
 * The expressions lib/load/expressions.ts evaluates in a configuration (cdktf JSON or HCL), one case per form:
 * what each gives, and the reason word for word when it cannot be evaluated.
 */
import { ConfigDocument, typed } from '../../lib/load/common';
import { readConfig } from '../../lib/load/config';
import { Value, known, ref, unknown } from '../../lib/model';

const ctx = { scope: 'stack', file: 'cdk.tf.json', input: 'synth' as const };

const DOC: Partial<ConfigDocument> = {
  variable: {
    on: { default: true },
    off: { default: false },
    env: { default: 'prod' },
    n: { default: 2 },
    list: { default: ['a', 'b'] },
    map: { default: { k: 'v', 'dash-key': 'd' } },
    nodefault: {},
  },
  locals: {
    names: ['x', 'y'],
    nested: { inner: { deep: 'found' } },
    idx: 1,
    key: 'k',
    loop: '${local.loop}',
  },
};

/** The value of an output set to `raw`, in a configuration with the variables and locals above. */
function valueOf(raw: unknown, vars?: Record<string, unknown>): Value<unknown> {
  const doc = { ...DOC, output: { o: { value: raw } } } as ConfigDocument;
  return readConfig(doc, { ...ctx, vars }).exports['stack#o'].value;
}

describe('literals', () => {
  test.each<[string, unknown]>([
    ['${1}', 1],
    ['${-2.5}', -2.5],
    ['${true}', true],
    ['${false}', false],
    ['${null}', null],
    ['${"quoted"}', 'quoted'],
    ['${["a", "b"]}', ['a', 'b']],
    ['${["a", "b", ]}', ['a', 'b']],
    ['${[1,\n 2,\n]}', [1, 2]],
    ['${ 7 }', 7],
  ])('%s', (raw, value) => {
    expect(valueOf(raw)).toEqual(known(value));
  });

  test.each<[string, string]>([
    ['${1.}', 'the expression ${1.} is computed by Terraform; check a plan (terraform show -json) to see its value'],
    ['${"a\\"b"}', 'the expression ${"a\\"b"} is computed by Terraform; check a plan (terraform show -json) to see its value'],
    ['${[a]}', '${a} is not a value the checker understands'],
    ['${x1 y}', 'the expression ${x1 y} is computed by Terraform; check a plan (terraform show -json) to see its value'],
    // BUG: JSON.parse rounded these to 1 and 9007199254740992; Terraform holds them exactly.
    [
      '${0.99999999999999999999}',
      '${0.99999999999999999999} is beyond what the checker computes exactly (Terraform uses 512-bit numbers; the checker whole numbers up to 2^53 and fractions a double holds); check a plan (terraform show -json)',
    ],
    [
      '${-9007199254740993}',
      '${-9007199254740993} is beyond what the checker computes exactly (Terraform uses 512-bit numbers; the checker whole numbers up to 2^53 and fractions a double holds); check a plan (terraform show -json)',
    ],
  ])('not a literal: %s', (raw, reason) => {
    expect(valueOf(raw)).toEqual(unknown(reason));
  });
});

describe('references', () => {
  test.each<[string, Value<unknown>]>([
    ['${var.list[1]}', known('b')],
    ['${var.map["k"]}', known('v')],
    ['${var.map.k}', known('v')],
    ['${var.map["dash-key"]}', known('d')],
    ['${local.nested.inner.deep}', known('found')],
    ['${local.nested["inner"]["deep"]}', known('found')],
    ['${local.names[local.idx]}', known('y')],
    ['${var.map[local.key]}', known('v')],
    ['${var.map.missing}', unknown('${var.map.missing}: "missing" is not in the value')],
    ['${var.list[5]}', unknown('${var.list[5]}: "5" is not in the value')],
    ['${var.env.x}', unknown('${var.env.x}: "x" is not in the value')],
    [
      '${var.map[var.nodefault]}',
      unknown(
        '${var.map[var.nodefault]} has an index the checker cannot evaluate (var.nodefault has no default; give its value with --var nodefault=VALUE (or a tfvars file), or check a plan (terraform show -json))',
      ),
    ],
    [
      '${var.map[huaweicloud_obs_bucket.b.id]}',
      unknown(
        '${var.map[huaweicloud_obs_bucket.b.id]} has an index the checker cannot evaluate (its index is not a known number or string)',
      ),
    ],
    ['${local.missing}', unknown('local.missing is not defined')],
    ['${local.loop}', unknown('the value refers to itself through locals')],
    ['${var.undeclared}', unknown('var.undeclared is not declared')],
    ['${count.index}', unknown('${count.index} is used outside a count')],
    ['${each.value}', unknown('${each.value} is used outside a for_each')],
    ['${path.module}', unknown('${path.module} depends on where Terraform runs')],
    ['${terraform.workspace}', unknown('${terraform.workspace} depends on where Terraform runs')],
    [
      '${data.huaweicloud_obs_buckets.all.buckets}',
      unknown(
        '${data.huaweicloud_obs_buckets.all.buckets} is read from a data source when Terraform plans; check a plan (terraform show -json)',
      ),
    ],
    [
      '${data.terraform_remote_state.shared.outputs.bucket}',
      unknown(
        '${data.terraform_remote_state.shared.outputs.bucket} is read from a data source when Terraform plans; check a plan (terraform show -json)',
      ),
    ],
    [
      '${module.other.bucket}',
      unknown('${module.other.bucket} is an output of module other, which the checker does not read; check a plan (terraform show -json)'),
    ],
    ['${huaweicloud_obs_bucket}', unknown('${huaweicloud_obs_bucket} is not a value the checker understands')],
    ['${huaweicloud_obs_bucket.b.bucket}', ref('huaweicloud_obs_bucket.b', 'bucket', '${huaweicloud_obs_bucket.b.bucket}')],
    ['${huaweicloud_obs_bucket.b}', ref('huaweicloud_obs_bucket.b', '', '${huaweicloud_obs_bucket.b}')],
    ['${huaweicloud_obs_bucket.b.tags.team}', ref('huaweicloud_obs_bucket.b', 'tags.team', '${huaweicloud_obs_bucket.b.tags.team}')],
  ])('%s', (raw, value) => {
    expect(valueOf(raw)).toEqual(value);
  });

  test('a --var value wins over the default, and is indexed the same way', () => {
    expect(valueOf('${var.map.k}', { map: { k: 'given' } })).toEqual(known('given'));
  });
});

describe('toset() and tolist()', () => {
  test.each<[string, Value<unknown>]>([
    ['${toset(["b", "a", "b"])}', known(['a', 'b'])],
    ['${tolist(["b", "a", "b"])}', known(['b', 'a', 'b'])],
    ['${toset([2, 1])}', known([2, 1])],
    ['${toset(["b", 1])}', known(['b', 1])],
    ['${toset(var.list)}', known(['a', 'b'])],
    ['${toset( local.names )}', known(['x', 'y'])],
    ['${toset(var.env)}', unknown('toset() of a value that is not a list')],
    ['${tolist(var.map)}', unknown('tolist() of a value that is not a list')],
    ['${toset(local.missing)}', unknown('local.missing is not defined')],
  ])('%s', (raw, value) => {
    expect(valueOf(raw)).toEqual(value);
  });
});

describe('conditionals', () => {
  test.each<[string, Value<unknown>]>([
    ['${var.on ? "yes" : "no"}', known('yes')],
    ['${var.off ? "yes" : "no"}', known('no')],
    ['${var.on?"yes":"no"}', known('yes')],
    ['${var.on ? (var.off ? "a" : "b") : "c"}', known('b')],
    ['${(var.on) ? ("(") : ")"}', known('(')],
    ['${(var.env == "prod") ? "p" : "np"}', known('p')],
    ['${("a)") == ("a)") ? "same" : "other"}', known('same')],
    [
      `\${${'('.repeat(30)}var.on${')'.repeat(30)} ? "a" : "b"}`,
      unknown(
        `the condition of \${${'('.repeat(30)}var.on${')'.repeat(30)} ? "a" : "b"} cannot be evaluated: the expression \${${'('.repeat(10)}var.on${')'.repeat(10)}} is computed by Terraform; check a plan (terraform show -json) to see its value`,
      ),
    ],
    ['${(1) + (2)}', known(3)],
    // BUG: the test was split at its first ==, so var.off == (false && var.off) was true; HCL binds == before &&.
    ['${var.off == false && var.off ? "a" : "b"}', known('b')],
    ['${var.on && var.env == "prod" ? "a" : "b"}', known('a')],
    ['${var.env == "prod" == true ? "a" : "b"}', known('a')],
    ['${var.on ? "a?b" : "c:d"}', known('a?b')],
    ['${var.off ? "a?b" : "c:d"}', known('c:d')],
    ['${var.off ? "a\\":b" : "c"}', known('c')],
    ['${var.on ? var.list[0] : var.list[1]}', known('a')],
    ['${var.on ? ["x", "y"] : []}', known(['x', 'y'])],
    ['${var.env == "prod" ? "p" : "np"}', known('p')],
    ['${var.env != "prod" ? "p" : "np"}', known('np')],
    ['${var.env=="dev" ? "p" : "np"}', known('np')],
    ['${var.n == 2 ? "two" : "other"}', known('two')],
    ['${var.list == ["a", "b"] ? "same" : "other"}', known('same')],
    [
      '${var.env == huaweicloud_obs_bucket.b.bucket ? "a" : "b"}',
      unknown(
        'the condition of ${var.env == huaweicloud_obs_bucket.b.bucket ? "a" : "b"} cannot be evaluated: ${var.env == huaweicloud_obs_bucket.b.bucket} depends on ${huaweicloud_obs_bucket.b.bucket}, known only when Terraform applies',
      ),
    ],
    [
      '${var.nodefault == "x" ? "a" : "b"}',
      unknown(
        'the condition of ${var.nodefault == "x" ? "a" : "b"} cannot be evaluated: var.nodefault has no default; give its value with --var nodefault=VALUE (or a tfvars file), or check a plan (terraform show -json)',
      ),
    ],
    [
      '${"x" == var.nodefault ? "a" : "b"}',
      unknown(
        'the condition of ${"x" == var.nodefault ? "a" : "b"} cannot be evaluated: var.nodefault has no default; give its value with --var nodefault=VALUE (or a tfvars file), or check a plan (terraform show -json)',
      ),
    ],
    [
      '${huaweicloud_obs_bucket.b.versioning ? "a" : "b"}',
      unknown(
        'the condition of ${huaweicloud_obs_bucket.b.versioning ? "a" : "b"} depends on ${huaweicloud_obs_bucket.b.versioning}, known only when Terraform runs',
      ),
    ],
    ['${var.env ? "a" : "b"}', unknown('the condition of ${var.env ? "a" : "b"} is not a boolean')],
    ['${var.on ? local.missing : "b"}', unknown('local.missing is not defined')],
  ])('%s', (raw, value) => {
    expect(valueOf(raw)).toEqual(value);
  });
});

describe('templates', () => {
  test.each<[string, Value<unknown>]>([
    ['plain', known('plain')],
    ['${var.env}-traces', known('prod-traces')],
    ['${var.env}-${var.n}-${var.on}', known('prod-2-true')],
    ['$${literal}-${var.env}', known('${literal}-prod')],
    ['$${literal}', known('${literal}')],
    ['%%{literal}', known('%%{literal}')],
    [
      '${var.env}-${huaweicloud_obs_bucket.b.bucket}',
      unknown(
        '"${var.env}-${huaweicloud_obs_bucket.b.bucket}" is built from ${huaweicloud_obs_bucket.b.bucket} known only when Terraform runs; check a plan (terraform show -json)',
      ),
    ],
    ['x-${var.list}', unknown('"x-${var.list}" interpolates ${var.list}, which is a list, not a string, number or bool')],
    [
      'x-${var.nodefault}',
      unknown(
        '"x-${var.nodefault}" cannot be evaluated: var.nodefault has no default; give its value with --var nodefault=VALUE (or a tfvars file), or check a plan (terraform show -json)',
      ),
    ],
    [
      'x-${jsonencode({a = 1})}',
      unknown('"x-${jsonencode({a = 1})}" holds an expression the checker cannot evaluate; check a plan (terraform show -json)'),
    ],
    [
      '%{ if var.on }a%{ endif }',
      unknown(
        '"%{ if var.on }a%{ endif }" uses a template directive (%{ ... }) the checker does not evaluate; check a plan (terraform show -json)',
      ),
    ],
  ])('%s', (raw, value) => {
    expect(valueOf(raw)).toEqual(value);
  });

  test('a long template is clipped to 80 characters in the reason', () => {
    const raw = `${'a'.repeat(100)}-\${var.list}`;
    expect(valueOf(raw)).toEqual(unknown(`"${'a'.repeat(80)}…" interpolates \${var.list}, which is a list, not a string, number or bool`));
  });

  test('a list or object holding a reference cannot be followed, saying which reference', () => {
    expect(valueOf(['a', '${huaweicloud_obs_bucket.b.bucket}'])).toEqual(
      unknown(
        'it contains ${huaweicloud_obs_bucket.b.bucket}, which is known only when Terraform applies; check a plan (terraform show -json) or state',
      ),
    );
    expect(valueOf({ a: '${var.env}', '//': 'comment' })).toEqual(known({ a: 'prod' }));
    expect(valueOf({ a: '${local.missing}' })).toEqual(unknown('local.missing is not defined'));
  });
});

describe('typed: a value given on the command line or in TF_VAR_', () => {
  const doc = {
    variable: { s: { type: 'string' }, hs: { type: '${string}' }, n: { type: 'number' }, l: { type: 'list(string)' }, u: {} },
  } as unknown as ConfigDocument;

  test.each<[string, string, unknown]>([
    ['s', '1', '1'],
    ['hs', 'true', 'true'],
    ['u', '[1]', '[1]'],
    ['undeclared', '2', '2'],
    ['n', '2', 2],
    ['l', '["a"]', ['a']],
    ['l', 'not json', 'not json'],
  ])('variable %s given %s', (name, raw, value) => {
    expect(typed(doc, name, raw)).toEqual(value);
  });

  test('a type that only ends in string is not a string', () => {
    const listOfString = { variable: { v: { type: 'list(string)' } } } as unknown as ConfigDocument;
    const stringMap = { variable: { v: { type: 'string_map' } } } as unknown as ConfigDocument;
    expect([typed(listOfString, 'v', '1'), typed(stringMap, 'v', '1')]).toEqual([1, 1]);
  });
});

describe('variables take their declared type, as Terraform converts them', () => {
  /** The value of `raw` with one variable `x` declared as `declaration` and given `given` (a tfvars value), if any. */
  const withVariable = (declaration: Record<string, unknown>, raw: string, ...given: unknown[]) => {
    const doc = { variable: { x: declaration }, output: { o: { value: raw } } } as unknown as ConfigDocument;
    return readConfig(doc, { ...ctx, ...(given.length > 0 ? { vars: { x: given[0] } } : {}) }).exports['stack#o'].value;
  };

  test('BUG: a tfvars "0" for a number is 0, so == 0 holds (it was the string, and count = var.x == 0 ? 0 : 1 was 1)', () => {
    expect(withVariable({ type: '${number}' }, '${var.x == 0 ? 0 : 1}', '0')).toEqual(known(0));
    expect(withVariable({ type: 'number', default: '2' }, '${var.x}')).toEqual(known(2));
  });

  test.each<[string, unknown, unknown]>([
    ['${bool}', 'true', true],
    ['${bool}', false, false],
    ['${string}', 1, '1'],
    ['${string}', true, 'true'],
    ['${list(number)}', ['1', 2], [1, 2]],
    ['${map(bool)}', { a: 'false' }, { a: false }],
    ['${list(list(number))}', [['1']], [[1]]],
    ['${any}', '1', '1'],
    ['${object({ a = number })}', { a: '1' }, { a: '1' }],
    ['${number}', null, null],
  ])('%s: %j is %j', (type, given, value) => {
    expect(withVariable({ type }, '${var.x}', given)).toEqual(known(value));
  });

  test.each<[string, unknown, string]>([
    ['${number}', 'abc', 'var.x is "abc", which Terraform cannot convert to number, its declared type'],
    ['${bool}', 'yes', 'var.x is "yes", which Terraform cannot convert to bool, its declared type'],
    ['${string}', ['a'], 'var.x is a list, which Terraform cannot convert to string, its declared type'],
    ['${list(number)}', 'a', 'var.x is "a", which Terraform cannot convert to list(number), its declared type'],
    ['${map(number)}', ['a'], 'var.x is a list, which Terraform cannot convert to map(number), its declared type'],
    ['${list(number)}', ['1', 'b'], 'var.x is "b", which Terraform cannot convert to number, its declared type'],
  ])('%s: %j is refused', (type, given, reason) => {
    expect(withVariable({ type }, '${var.x}', given)).toEqual(unknown(reason));
  });

  test('a set of numbers stays a list (for_each takes sets of strings only); spellings and sizes a double does not hold are unknown', () => {
    expect(withVariable({ type: '${set(number)}' }, '${var.x}', ['2', 1])).toEqual(known([2, 1]));
    const PRECISE =
      'beyond what the checker computes exactly (Terraform uses 512-bit numbers; the checker whole numbers up to 2^53 and fractions a double holds); check a plan (terraform show -json)';
    expect(withVariable({ type: '${number}' }, '${var.x}', '+1')).toEqual(unknown(`var.x is "+1", ${PRECISE}`));
    expect(withVariable({ type: '${number}' }, '${var.x}', '1e400')).toEqual(unknown(`var.x is "1e400", ${PRECISE}`));
    expect(withVariable({ type: '${string}' }, '${var.x}', 2.5)).toEqual(unknown(`var.x is 2.5, ${PRECISE}`));
    expect(withVariable({ type: '${string}' }, '${var.x}', -7)).toEqual(known('-7'));
  });

  test('a number Terraform holds exactly and a double would not is unknown, not rounded', () => {
    expect(withVariable({ type: '${number}' }, '${var.x}', 2 ** 53 + 2)).toEqual(
      unknown(
        'var.x is 9007199254740994, beyond what the checker computes exactly (Terraform uses 512-bit numbers; the checker whole numbers up to 2^53 and fractions a double holds); check a plan (terraform show -json)',
      ),
    );
    expect(withVariable({ type: '${number}' }, '${var.x}', '0.99999999999999999999')).toEqual(
      unknown(
        'var.x is "0.99999999999999999999", beyond what the checker computes exactly (Terraform uses 512-bit numbers; the checker whole numbers up to 2^53 and fractions a double holds); check a plan (terraform show -json)',
      ),
    );
  });

  test('BUG: null given to a variable that is not nullable takes its default; without one, Terraform refuses it', () => {
    expect(withVariable({ type: '${bool}', default: false, nullable: '${false}' }, '${var.x}', null)).toEqual(known(false));
    expect(withVariable({ type: 'bool', default: false, nullable: false }, '${var.x}', null)).toEqual(known(false));
    expect(withVariable({ type: '${bool}', nullable: false }, '${var.x}', null)).toEqual(
      unknown('var.x is given null, and it is not nullable and has no default: Terraform refuses it'),
    );
    // Nullable (the default): null is the value.
    expect(withVariable({ type: '${bool}', default: false }, '${var.x}', null)).toEqual(known(null));
  });
});
