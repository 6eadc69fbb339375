import { z } from 'zod';
import { describeIssues, formatPath } from '../../lib/policy/issues';

/** The issues zod finds in data, and the one line describeIssues makes of them. */
function describe_(schema: z.ZodType, data: unknown, label?: Parameters<typeof describeIssues>[2]) {
  const result = schema.safeParse(data);
  if (result.success) throw new Error('expected the data to be refused');
  return describeIssues(result.error.issues, data, label);
}

const Row = z.object({ name: z.string().min(3), size: z.number().min(10), kind: z.enum(['a', 'b']), when: z.iso.date() }).strict();
const ok = { name: 'abc', size: 10, kind: 'a', when: '2026-01-01' };

test.each([
  [
    'too short: the string quoted',
    { ...ok, name: 'x' },
    { where: 'name', problem: 'Too small: expected string to have >=3 characters (got "x")' },
  ],
  ['too small: the number quoted', { ...ok, size: 2 }, { where: 'size', problem: 'Too small: expected number to be >=10 (got 2)' }],
  ['not one of the values: quoted', { ...ok, kind: 'c' }, { where: 'kind', problem: 'Invalid option: expected one of "a"|"b" (got "c")' }],
  [
    'not one of the values, a number: quoted',
    { ...ok, kind: 7 },
    { where: 'kind', problem: 'Invalid option: expected one of "a"|"b" (got 7)' },
  ],
  ['a bad format: quoted', { ...ok, when: 'today' }, { where: 'when', problem: 'Invalid ISO date (got "today")' }],
  [
    'a wrong type: not quoted (the type says it)',
    { ...ok, name: 5 },
    { where: 'name', problem: 'Invalid input: expected string, received number' },
  ],
  ['an unknown key: not quoted', { ...ok, extra: 'x' }, { where: '(top level)', problem: 'Unrecognized key: "extra"' }],
  [
    'two problems',
    { ...ok, name: 'x', size: 2 },
    { where: 'name', problem: 'Too small: expected string to have >=3 characters (got "x") (and 1 more problem)' },
  ],
  [
    'three problems',
    { ...ok, name: 'x', size: 2, kind: 'c' },
    { where: 'name', problem: 'Too small: expected string to have >=3 characters (got "x") (and 2 more problems)' },
  ],
])('%s', (_name, data, expected) => {
  expect(describe_(Row, data)).toEqual(expected);
});

test('a value that is neither a string nor a number is not quoted', () => {
  const Flag = z.object({ on: z.literal(true) });
  expect(describe_(Flag, { on: false })).toEqual({ where: 'on', problem: 'Invalid input: expected true' });
});

test('the label names the element at the path, in parentheses', () => {
  const Rows = z.object({ rows: z.array(Row) });
  const label = (d: unknown, path: ReadonlyArray<PropertyKey>) => `row ${String(path[1])} of ${(d as { rows: unknown[] }).rows.length}`;
  expect(describe_(Rows, { rows: [ok, { ...ok, size: 1 }] }, label)).toEqual({
    where: 'rows[1].size (row 1 of 2)',
    problem: 'Too small: expected number to be >=10 (got 1)',
  });
});

test('a path through something that is not an object quotes nothing', () => {
  const issue = {
    code: 'too_small',
    path: ['a', 'b', 'c'],
    message: 'Too small',
    minimum: 3,
    origin: 'string',
    input: '',
  } as unknown as z.core.$ZodIssue;
  expect(describeIssues([issue], { a: 'text' })).toEqual({ where: 'a.b.c', problem: 'Too small' });
  expect(describeIssues([issue], { a: null })).toEqual({ where: 'a.b.c', problem: 'Too small' });
  expect(describeIssues([issue], { a: { b: { c: 'xy' } } })).toEqual({ where: 'a.b.c', problem: 'Too small (got "xy")' });
});

test('formatPath writes indexes in brackets and keys with dots', () => {
  expect(formatPath(['operations', 3, 'traceName'])).toBe('operations[3].traceName');
  expect(formatPath([0, 'a', 1, 2])).toBe('[0].a[1][2]');
  expect(formatPath([])).toBe('');
});
