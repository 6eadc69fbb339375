/**
 * Terraform's JSON syntax and repeated keys (lib/load/config-json.ts): a repeated block type is more blocks, a
 * repeated argument is an error with both places, as Terraform reads it; never only the last, as JSON.parse does.
 */
import { parseConfigJson } from '../../lib/load/config-json';

const parse = (text: string) => parseConfigJson(text, 'main.tf.json');
const refusal = (text: string) => {
  try {
    parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  return 'parsed';
};

describe('repeated block types are more blocks', () => {
  test('"resource" twice: the resources of both', () => {
    const doc = parse(
      '{"resource": {"huaweicloud_smn_topic": {"a": {"name": "a"}}},\n "resource": {"huaweicloud_smn_topic": {"b": {"name": "b"}}, "huaweicloud_kms_key": {"k": {}}}}',
    );
    expect(JSON.parse(JSON.stringify(doc))).toEqual({
      resource: { huaweicloud_smn_topic: { a: { name: 'a' }, b: { name: 'b' } }, huaweicloud_kms_key: { k: {} } },
    });
  });

  test('a nested block type twice ("operations", "lifecycle_rule"): every block, in order', () => {
    const doc = parse(
      '{"resource": {"huaweicloud_cts_notification": {"n": {"name": "n", "operations": {"service": "A"}, "operations": [{"service": "B"}, {"service": "C"}]}}}}',
    ) as { resource: { huaweicloud_cts_notification: { n: { operations: unknown } } } };
    expect(JSON.parse(JSON.stringify(doc.resource.huaweicloud_cts_notification.n.operations))).toEqual([
      { service: 'A' },
      { service: 'B' },
      { service: 'C' },
    ]);
  });

  test('"removed" twice: every removed block (the last alone hid a tracker destroyed)', () => {
    const doc = parse(
      '{"removed": {"from": "huaweicloud_cts_tracker.old", "lifecycle": {"destroy": true}}, "removed": [{"from": "huaweicloud_smn_topic.t", "lifecycle": {"destroy": false}}]}',
    );
    expect(JSON.parse(JSON.stringify(doc))).toEqual({
      removed: [
        { from: 'huaweicloud_cts_tracker.old', lifecycle: { destroy: true } },
        { from: 'huaweicloud_smn_topic.t', lifecycle: { destroy: false } },
      ],
    });
  });

  test('"provider" and "locals" twice: every provider block, every local', () => {
    const doc = parse(
      '{"provider": {"huaweicloud": {"region": "a"}}, "provider": {"huaweicloud": [{"alias": "b", "region": "b"}]}, "locals": {"x": 1}, "locals": {"y": 2}}',
    );
    expect(JSON.parse(JSON.stringify(doc))).toEqual({
      provider: { huaweicloud: [{ region: 'a' }, { alias: 'b', region: 'b' }] },
      locals: { x: 1, y: 2 },
    });
  });

  test('"dynamic" twice, for one block type: both dynamic blocks', () => {
    const doc = parse(
      '{"resource": {"t": {"n": {"dynamic": {"operations": {"for_each": "a"}}, "dynamic": {"operations": {"for_each": "b"}}}}}}',
    ) as { resource: { t: { n: { dynamic: { operations: unknown } } } } };
    expect(JSON.parse(JSON.stringify(doc.resource.t.n.dynamic.operations))).toEqual([{ for_each: 'a' }, { for_each: 'b' }]);
  });
});

describe('a repeated argument or definition is refused, naming both places', () => {
  test.each([
    [
      'an argument set twice',
      '{"resource": {"huaweicloud_cts_tracker": {"t": {"enabled": true,\n "enabled": false}}}}',
      'main.tf.json: 2:2: the argument "enabled" is set twice (Terraform: Duplicate argument) (first at 1:49); remove one',
    ],
    [
      'a resource defined twice across repeated "resource" keys',
      '{"resource": {"huaweicloud_smn_topic": {"a": {}}},\n"resource": {"huaweicloud_smn_topic": {"a": {}}}}',
      'main.tf.json: 2:40: resource.huaweicloud_smn_topic.a is defined twice (first at 1:41); remove one',
    ],
    [
      'a key twice in an object value (tags)',
      '{"resource": {"huaweicloud_smn_topic": {"a": {"tags": {"x": "1", "x": "2"}}}}}',
      'main.tf.json: 1:66: the key "x" is set twice in one object (first at 1:56); remove one',
    ],
    [
      'a local defined twice',
      '{"locals": {"x": 1}, "locals": {"x": 2}}',
      'main.tf.json: 1:33: local.x is defined twice (first at 1:13); remove one',
    ],
    [
      'a variable defined twice',
      '{"variable": {"v": {}, "v": {}}}',
      'main.tf.json: 1:24: variable.v is defined twice (first at 1:15); remove one',
    ],
    ['a block type that is not an object of blocks', '{"resource": []}', 'main.tf.json: 1:2: resource is a list, not an object of blocks'],
  ])('%s', (_name, text, message) => {
    expect(refusal(text)).toBe(message);
  });

  test('JSON that is not valid is refused with its line and column', () => {
    expect(refusal('{"resource": }')).toBe("main.tf.json: 1:14: invalid JSON: Unexpected token '}'");
  });
});

describe('what Terraform JSON refuses at the top level', () => {
  test('a top-level argument given twice is refused, naming it', () => {
    expect(() => parse('{"terraform": {}, "locals": {"a": 1}, "something": 1, "something": 2}')).toThrow(
      /"something" is set twice at the top level/,
    );
  });

  test('nesting deeper than any configuration is refused, saying how deep', () => {
    const deep = `{"locals": {"a": ${'['.repeat(300)}${']'.repeat(300)}}}`;
    expect(() => parse(deep)).toThrow('main.tf.json: is nested more than 200 levels deep, deeper than any Terraform configuration');
  });
});

describe('numbers a 64-bit float misreads', () => {
  test('BUG: a .tf.json number Terraform reads exactly and JSON.parse rounds is refused, naming its place (it was read rounded)', () => {
    expect(refusal('{\n  "resource": {"huaweicloud_cts_tracker": {"system": {"count": 0.99999999999999999999}}}\n}')).toBe(
      'main.tf.json: 2:64: the number 0.99999999999999999999 would be read as 1, but Terraform reads it exactly (a count or a number of days would differ); write it with at most 15 significant digits',
    );
    expect(refusal('{"resource": {"huaweicloud_cts_tracker": {"system": {"count": 1, "bucket_name": "0.99999999999999999999"}}}}')).toBe(
      'parsed',
    );
  });
});
