/**
 * The lexical scans of lib/load/hcl.ts: block lines of .tf and .tf.json files (for file:line in reports) and the
 * nesting depth checked before parsing. Pure functions of the text, so each case gives the whole answer.
 */
import { blockLines, jsonBlockLines, nestingDepth, scanHcl } from '../../lib/load/hcl';

describe('blockLines', () => {
  const lines = (...text: string[]) => [...blockLines(text.join('\n'))];

  test('finds top-level block headers, skipping comments, strings and heredocs', () => {
    const text = [
      '# resource "fake" "comment" {',
      'variable "x" {',
      '  description = <<-EOT',
      '    resource "fake" "heredoc" {',
      '  EOT',
      '  default = "{ resource \\"fake\\" \\"string\\" {"',
      '}',
      '/* resource "fake" "block" {',
      '*/',
      'resource "huaweicloud_cts_tracker" "system" {',
      '  tags = { a = "${var.x}" }',
      '  lifecycle {',
      '    prevent_destroy = true',
      '  }',
      '}',
      'module "audit" { source = "./m" }',
    ].join('\n');
    expect([...blockLines(text)]).toEqual([
      ['variable.x', 2],
      ['resource.huaweicloud_cts_tracker.system', 10],
      ['module.audit', 16],
    ]);
  });

  test('a block header after a // comment, a # comment and a /* */ comment, each holding a header', () => {
    expect(
      lines(
        '// resource "fake" "slash" {',
        '# resource "fake" "hash" {',
        '/* resource "fake" "block" {',
        '   resource "fake" "block2" { */ resource "huaweicloud_smn_topic" "after_comment" {',
        '}',
        'output "o" {',
        '  value = 1 // }',
        '}',
      ),
    ).toEqual([
      ['resource.huaweicloud_smn_topic.after_comment', 4],
      ['output.o', 6],
    ]);
  });

  test('a division is not a comment', () => {
    expect(lines('locals {', '  half = 4 / 2', '}', 'module "m" {', '}')).toEqual([['module.m', 4]]);
  });

  test('a label with escaped quotes, and a string with an interpolation that holds quotes and braces', () => {
    expect(
      lines(
        'resource "huaweicloud_smn_topic" "a\\"b" {',
        '  name = "${join("}", ["x", "{"])}"',
        '  display_name = "line one',
        'line two"',
        '}',
        'module "after" {',
        '}',
      ),
    ).toEqual([
      ['resource.huaweicloud_smn_topic.a"b', 1],
      ['module.after', 6],
    ]);
  });

  test('heredocs, indented or not, with headers inside them and lines counted past them', () => {
    expect(
      lines(
        'variable "a" {',
        '  default = <<EOT',
        'resource "fake" "plain" {',
        'EOT',
        '}',
        'variable "b" {',
        '  default = <<-EOT',
        '    resource "fake" "indented" {',
        '    EOT',
        '}',
        'variable "c" {',
        '}',
      ),
    ).toEqual([
      ['variable.a', 1],
      ['variable.b', 6],
      ['variable.c', 11],
    ]);
  });

  test('a << that opens no heredoc is read on; a heredoc left open ends the text', () => {
    expect(lines('locals {', '  x = 1 << 2', '}', 'output "o" {', '  value = <<EOT', 'output "inside" {')).toEqual([['output.o', 4]]);
  });

  test('only top-level headers with a label; nested blocks and stray closing braces do not count', () => {
    expect(
      lines(
        '}',
        'terraform {',
        '  required_providers {',
        '  }',
        '}',
        'resource "huaweicloud_cts_notification" "n" {',
        '  filter {',
        '    rule = ["a"]',
        '  }',
        '}',
        'data "huaweicloud_obs_buckets" "all" {}',
      ),
    ).toEqual([
      ['resource.huaweicloud_cts_notification.n', 6],
      ['data.huaweicloud_obs_buckets.all', 11],
    ]);
  });

  test('a block comment left open ends the text', () => {
    expect(lines('module "m" {', '}', '/* module "x" {', '}')).toEqual([['module.m', 1]]);
  });
});

describe('jsonBlockLines', () => {
  test('the line of each block key, found below its parent keys, never a value that looks like one', () => {
    const text = [
      '{',
      '  "//": "resource huaweicloud_smn_topic a",',
      '  "variable": {',
      '    "a": { "default": "a" }',
      '  },',
      '  "resource": {',
      '    "huaweicloud_smn_topic": {',
      '      "b": { "name": "a" },',
      '      "a" : { "name": "b" }',
      '    }',
      '  },',
      '  "output": { "o": { "value": "resource" } }',
      '}',
    ].join('\n');
    expect([...jsonBlockLines(text, JSON.parse(text) as Record<string, unknown>)]).toEqual([
      ['resource.huaweicloud_smn_topic.b', 8],
      ['resource.huaweicloud_smn_topic.a', 9],
      ['variable.a', 4],
      ['output.o', 12],
    ]);
  });

  test('a kind that is not an object, or a key not found in the text, gives no line', () => {
    expect([...jsonBlockLines('{"resource": [], "module": {"m": {}}}', { resource: [], module: { m: {} }, output: { o: {} } })]).toEqual([
      ['module.m', 1],
    ]);
    expect([...jsonBlockLines('{"data": {"t": {}}}', { data: { t: { gone: {} } } })]).toEqual([]);
    expect([...jsonBlockLines('{}', { variable: { v: {} } })]).toEqual([]);
    // A type written with an escape is not found as written; a type that is not an object of blocks has none.
    const escaped = '{"resource": {"huaweicloud_smn_\\u0074opic": {"t": {}}, "huaweicloud_cts_tracker": 5}}';
    expect([...jsonBlockLines(escaped, JSON.parse(escaped) as Record<string, unknown>)]).toEqual([]);
  });
});

describe('nestingDepth', () => {
  test.each<[string, string, { depth: number; line: number }]>([
    ['no brackets', 'a = 1\n', { depth: 0, line: 1 }],
    ['each kind of bracket, deepest first reached on line 2', 'a = {\nb = [(1)]\nc = [[1]]\n}', { depth: 3, line: 2 }],
    ['brackets in a // comment', '// ((((\na = [1]', { depth: 1, line: 2 }],
    ['brackets in a # comment, to the end of the text', 'a = [1] # [[[[', { depth: 1, line: 1 }],
    ['a division is not a comment', 'a = (4 / (2))', { depth: 2, line: 1 }],
    ['brackets in a string with an escaped quote', 'a = "\\"[[[["\nb = [1]', { depth: 1, line: 2 }],
    ['a string ends at its line', 'a = "[[[\nb = [[1]]', { depth: 2, line: 2 }],
    ['closing brackets beyond the first do not go below zero', ']]]\na = [1]', { depth: 1, line: 2 }],
  ])('%s', (_name, text, expected) => {
    expect(nestingDepth(text)).toEqual(expected);
  });
});

describe('scanHcl: the arguments of each block', () => {
  const args = (...text: string[]) =>
    scanHcl(text.join('\n')).arguments.map((a) => [
      [...a.block, ...a.nested.map((h) => h.join(' '))].join('.'),
      a.name,
      `${a.line}:${a.column}`,
    ]);

  test('each argument with its block, nested blocks and line; not the names inside values, objects, strings or heredocs', () => {
    expect(
      args(
        'resource "t" "n" {',
        '  count = var.on ? 1 : 0',
        '  tags = {',
        '    inner = "x"',
        '  }',
        '  a == b',
        '  doc = <<EOT',
        'heredoc = 1',
        'EOT',
        '  text = "quoted = 1"',
        '  # comment = 1',
        '  nested {',
        '    deeper = 1',
        '  }',
        '  dashed-name=2',
        '}',
        'module m { source = "./m" }',
        'locals { b = 1 }',
      ),
    ).toEqual([
      ['resource.t.n', 'count', '2:3'],
      ['resource.t.n', 'tags', '3:3'],
      ['resource.t.n', 'doc', '7:3'],
      ['resource.t.n', 'text', '10:3'],
      ['resource.t.n.nested', 'deeper', '13:5'],
      ['resource.t.n', 'dashed-name', '15:3'],
      ['module.m', 'source', '17:12'],
      ['locals', 'b', '18:10'],
    ]);
  });

  test('nested blocks at any depth, with their labels, quoted or not; a dynamic block and its content', () => {
    expect(
      args(
        'resource "t" "n" {',
        '  lifecycle_rule {',
        '    expiration { days = 365 }',
        '    transition = [{ days = 30 }]',
        '  }',
        '  dynamic "operations" {',
        '    for_each = local.ops',
        '    content {',
        '      service = operations.value.service',
        '    }',
        '  }',
        '  dynamic filter { content = {} }',
        '}',
      ),
    ).toEqual([
      ['resource.t.n.lifecycle_rule.expiration', 'days', '3:18'],
      ['resource.t.n.lifecycle_rule', 'transition', '4:5'],
      ['resource.t.n.dynamic operations', 'for_each', '7:5'],
      ['resource.t.n.dynamic operations.content', 'service', '9:7'],
      ['resource.t.n.dynamic filter', 'content', '12:20'],
    ]);
  });

  test("a nested block's header ends at anything but a label: an object after an operator, a bracket, a number or a line is a value", () => {
    expect(
      args(
        'resource "t" "n" {',
        '  a = [',
        '    x, { inside = 1 },',
        '    y',
        '    { also = 2 },',
        '    z 1 { third = 3 },',
        '    for o in var.os : { fourth = 4 },',
        '    w <<EOT',
        'EOT',
        '    { fifth = 5 },',
        '  ]',
        '  real "label" {',
        '    found = 1',
        '  }',
        '}',
      ),
    ).toEqual([
      ['resource.t.n', 'a', '2:3'],
      ['resource.t.n.real label', 'found', '13:5'],
    ]);
  });

  test('identifier labels make the same header as quoted ones, for lines too', () => {
    expect([...scanHcl('resource t n {\n}\nresource "t" "q" {\n}\n').lines]).toEqual([
      ['resource.t.n', 1],
      ['resource.t.q', 3],
    ]);
  });
});

describe('scanHcl: the first number literal a 64-bit float misreads', () => {
  test('found with its line and column, whatever its depth', () => {
    expect(
      scanHcl('resource "t" "n" {\n  tags = { a = [1, 2.5, 0.1] }\n  rules {\n    days = 364.99999999999999999\n  }\n}\n').misread,
    ).toEqual({
      literal: '364.99999999999999999',
      line: 4,
      column: 12,
    });
  });

  test('not in identifiers, strings, interpolations, comments or heredocs, and not numbers a double holds', () => {
    const text = [
      'resource "t" "n1e400" {',
      '  name = "0.99999999999999999999"',
      '  tpl = "n${9007199254740993}"',
      '  # count = 1e400',
      '  /* count = 1e400 */',
      '  doc = <<EOT',
      '1e400',
      'EOT',
      '  v2e400 = local.x1e400.0',
      '  count = 9007199254740992',
      '  days = 365.0',
      '}',
    ].join('\n');
    expect(scanHcl(text).misread).toBeUndefined();
  });
});

describe('scanHcl: what a review found the scan misread', () => {
  test('BUG: $${ and %%{ are escapes, not templates (the rest of the file went unseen)', () => {
    const text = 'locals {\n  a = "$${"\n  b = "%%{"\n}\nresource "t" "n" {\n  count = 9007199254740993\n}\n';
    expect(scanHcl(text).misread).toEqual({ literal: '9007199254740993', line: 6, column: 11 });
    expect([...scanHcl(text).lines]).toEqual([['resource.t.n', 5]]);
  });

  test('BUG: heredocs with CRLF line endings or a marker with a dash are skipped (their text was read as code)', () => {
    for (const text of [
      'locals {\r\n  a = <<EOT\r\n"20240115093000123456 /*\r\nEOT\r\n}\r\nresource "t" "n" {\r\n  count = 9007199254740993\r\n}\r\n',
      'locals {\n  a = <<-END-OF-TEXT\n  "20240115093000123456 /*\n  END-OF-TEXT\n}\nresource "t" "n" {\n  count = 9007199254740993\n}\n',
    ]) {
      expect(scanHcl(text).misread).toEqual({ literal: '9007199254740993', line: 7, column: 11 });
    }
  });

  test('BUG: a number literal longer than 1,024 characters is one literal (it was judged in halves)', () => {
    const literal = `1.${'0'.repeat(1030)}1`;
    expect(scanHcl(`locals {\n  n = ${literal}\n}\n`).misread?.literal).toBe(literal);
  });
});

describe('scanHcl: more that a review found', () => {
  test('BUG: "${0.99999999999999999999}" alone is the number (HCL unwraps it); in text it stays a string', () => {
    expect(scanHcl('locals {\n  a = "x${1e400}"\n  b = "${ 0.99999999999999999999 }"\n}\n').misread).toEqual({
      literal: '0.99999999999999999999',
      line: 3,
      column: 7,
    });
  });

  test('BUG: an inline comment before an argument or its = is blank space', () => {
    const args = scanHcl('resource "t" "n" {\n  /* why */ operations = []\n  filter /* why */ = []\n}\n').arguments.map((a) => a.name);
    expect(args).toEqual(['operations', 'filter']);
  });
});

describe('scanHcl: escapes in labels', () => {
  test('BUG: \\u and \\U escapes are decoded as HCL decodes them (an escaped type hid the resource)', () => {
    const scan = scanHcl('resource "huaweicloud_cts_\\u006eotification" "n\\U0001F600\\t" {\n  operations = []\n}\n');
    expect(scan.arguments).toEqual([
      { block: ['resource', 'huaweicloud_cts_notification', 'n😀\t'], nested: [], name: 'operations', line: 2, column: 3 },
    ]);
  });

  test('the other escapes: \\n and \\r decoded, another character kept, a code point past U+10FFFF left as its letter', () => {
    const label = (quoted: string) => scanHcl(`resource "t" ${quoted} {\n  a = 1\n}\n`).arguments.map((a) => a.block[2]);
    expect(label('"a\\nb\\rc"')).toEqual(['a\nb\rc']);
    expect(label('"a\\"b\\\\c\\q"')).toEqual(['a"b\\cq']);
    expect(label('"a\\UFFFFFFFFb"')).toEqual(['aUb']);
  });

  test('a backslash that ends the text ends the label', () => {
    expect([...scanHcl('resource "t" "n\\').lines]).toEqual([]);
  });

  test('the lines of a string whose interpolation spans lines are counted', () => {
    const text = 'locals {\n  a = "${join(",",\n    ["x"])}"\n}\nresource "t" "n" {\n}\n';
    expect([...scanHcl(text).lines]).toEqual([['resource.t.n', 5]]);
  });
});

describe('scanHcl: identifiers beyond ASCII', () => {
  test('an identifier of Unicode letters is one, digits and all: 名称9007199254740993 is no number (it was refused as one)', () => {
    const scan = scanHcl(
      'locals {\n  名称9007199254740993 = 1\n  𝑥9007199254740993 = 2\n  e_9007199254740993é = 3\n}\nresource "t" "n" {\n  操作 = 9007199254740993\n}\n',
    );
    expect(scan.arguments.map((a) => a.name)).toEqual(['名称9007199254740993', '𝑥9007199254740993', 'e_9007199254740993é', '操作']);
    expect(scan.misread).toEqual({ literal: '9007199254740993', line: 7, column: 8 });
  });

  test('a character that starts no identifier is passed over', () => {
    expect(scanHcl('locals {\n  a = "x" · 1\n  ·b = 2\n}\n').arguments.map((a) => a.name)).toEqual(['a']);
  });
});
