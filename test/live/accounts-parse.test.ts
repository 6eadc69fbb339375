/**
 * The parts of reading other accounts that decide without a network: how an
 * account is named (id or name), an accounts file, an agency and an
 * organization id, each account once, and what is made of IAM's and
 * Organizations' answers, against a scripted client that answers as the APIs
 * do (including answers the emulator never gives: a page that repeats its
 * marker, an account without a usable id, credentials with a field missing).
 */
import { InputError } from '../../lib/errors';
import type { LiveClient } from '../../lib/live/client';
import {
  accountRef,
  assumeAgency,
  checkAgency,
  checkOrganizationId,
  distinctAccounts,
  organizationAccounts,
  parseAccountsFile,
} from '../../lib/live/accounts';
import type { Answer } from '../../lib/snapshot/answer';

const ID = 'A1B2C3D4E5F60718293A4B5C6D7E8F90';
const REGION = 'cn-north-4';

/** The one line the CLI prints for an InputError: `file: where: message`. */
function line(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('accountRef: an id (32 hexadecimal digits, any case, kept lower-case) or a name', () => {
  test('an id, trimmed, labelled as given and kept lower-case', () => {
    expect(accountRef(`  ${ID} `, '--account', '')).toEqual({ label: ID, id: ID.toLowerCase() });
  });
  test('a name: a letter, then letters, digits, -, _ or . (64 at most)', () => {
    expect(accountRef('acme.prod_1-x', '--account', '')).toEqual({ label: 'acme.prod_1-x', name: 'acme.prod_1-x' });
    const longest = `a${'b'.repeat(63)}`;
    expect(accountRef(longest, '--account', '')).toEqual({ label: longest, name: longest });
  });
  test.each([
    ['31 hexadecimal digits that start with a digit', ID.slice(1)],
    ['33 hexadecimal digits that start with a digit', `1${ID}`],
    ['a name that starts with a digit', '1acme'],
    ['a name with a space', 'acme prod'],
    ['a name with a slash at the end', 'acme/'],
    ['a name of 65 characters', `a${'b'.repeat(64)}`],
    ['an empty value', '   '],
  ])('%s is neither', (_name, value) => {
    expect(line(() => accountRef(value, 'accounts.txt', 'line 3'))).toBe(
      `accounts.txt: line 3: "${value.trim()}" is neither an account id (32 hexadecimal digits) nor an account name (a letter, then letters, digits, -, _ or .)`,
    );
  });
  test('32 hexadecimal digits that start with a letter are an id, not a name', () => {
    expect(accountRef('abcdef0123456789abcdef0123456789', '--account', '')).toHaveProperty('id');
  });
});

describe('parseAccountsFile', () => {
  test('one a line: blank lines, comments and trailing comments skipped, CRLF read, lines numbered from 1', () => {
    expect(parseAccountsFile(`# members\r\n${ID}  # prod\r\n\r\n  acme-dev\n`, 'a.txt')).toEqual([
      { label: ID, id: ID.toLowerCase() },
      { label: 'acme-dev', name: 'acme-dev' },
    ]);
    expect(line(() => parseAccountsFile('acme-dev\n\nbad name\n', 'a.txt'))).toMatch(/^a\.txt: line 3: "bad name" is neither/);
  });
  test('a JSON array, after leading white space; each element named by its index', () => {
    expect(parseAccountsFile(`\n  ["acme-dev", "${ID}"]`, 'a.json')).toEqual([
      { label: 'acme-dev', name: 'acme-dev' },
      { label: ID, id: ID.toLowerCase() },
    ]);
    expect(line(() => parseAccountsFile('["acme-dev", "x y"]', 'a.json'))).toMatch(/^a\.json: \[1\]: "x y" is neither/);
    expect(line(() => parseAccountsFile('["acme-dev", null]', 'a.json'))).toBe('a.json: [1]: an account is a string: its id or its name');
  });
  test('an empty JSON array lists no account, as an empty file does', () => {
    expect(parseAccountsFile('[]', 'a.json')).toEqual([]);
    expect(line(() => parseAccountsFile('\n# nobody\n\n', 'a.txt'))).toBe('a.txt: lists no account: write one account id or name a line');
    expect(line(() => parseAccountsFile('', 'a.txt'))).toBe('a.txt: lists no account: write one account id or name a line');
  });
  test('JSON that does not parse, or is not an array: one line with the parser’s reason', () => {
    expect(line(() => parseAccountsFile('["acme-dev",', 'a.json'))).toMatch(/^a\.json: not a JSON array of account ids or names \(.+\)$/);
    expect(line(() => parseAccountsFile('[1] [2]', 'a.json'))).toMatch(/^a\.json: not a JSON array of account ids or names \(/);
  });
});

describe('checkAgency and checkOrganizationId', () => {
  test.each(['cts_audit_reader', 'Audit Reader.v2-1', 'a', 'x'.repeat(64)])('agency %p is one', (name) => {
    expect(checkAgency(name)).toBe(name);
  });
  test.each(['', 'a/b', 'x'.repeat(65), 'reader\n'])('agency %p is not', (name) => {
    expect(line(() => checkAgency(name))).toBe(`--agency: "${name}" is not an agency name (1 to 64 letters, digits, spaces, -, _ or .)`);
  });
  test.each(['o-1a2b3c4d', 'O_x', '9', `o${'x'.repeat(63)}`])('organization %p is one', (id) => {
    expect(checkOrganizationId(id)).toBe(id);
  });
  test.each(['', '-o1', 'o 1', 'o.1', `o${'x'.repeat(64)}`, 'o-1\n'])('organization %p is not', (id) => {
    expect(line(() => checkOrganizationId(id))).toBe(`--organization: "${id}" is not an organization id (e.g. o-1a2b3c4d)`);
  });
});

test('distinctAccounts: each account once, by id when known, else by name; an id and a name are not merged', () => {
  const prod = { label: ID, id: ID.toLowerCase() };
  expect(
    distinctAccounts([
      prod,
      { label: ID.toLowerCase(), id: ID.toLowerCase() },
      { label: 'acme-dev', name: 'acme-dev' },
      { label: 'acme-dev', name: 'acme-dev' },
      { label: 'acme-lab' },
      { label: 'acme-lab' },
      { label: 'acme-prod', name: 'acme-prod' },
      { label: ID.toLowerCase(), name: ID.toLowerCase() },
    ]),
  ).toEqual([
    prod,
    { label: 'acme-dev', name: 'acme-dev' },
    { label: 'acme-lab' },
    { label: 'acme-prod', name: 'acme-prod' },
    { label: ID.toLowerCase(), name: ID.toLowerCase() },
  ]);
});

/** A client that answers each global request from a script, and records what was asked. */
function scripted(answers: Array<Partial<Answer>>) {
  const asked: Array<{ service: string; region: string; method: string; path: string; query?: Record<string, string>; body?: unknown }> =
    [];
  const client = {
    async global(
      service: string,
      region: string,
      method: string,
      path: string,
      options: { query?: Record<string, string>; body?: unknown } = {},
    ) {
      asked.push({ service, region, method, path, ...options });
      const next = answers.shift();
      if (!next) throw new Error(`nothing scripted for ${method} ${path}`);
      return { service, method, path, query: options.query ?? {}, attempts: 1, status: 200, ...next } as Answer;
    },
  };
  return { client: client as unknown as LiveClient, asked };
}

describe('assumeAgency', () => {
  const credential = { access: 'TMPAK', secret: 'TMPSK', securitytoken: 'TOKEN', expires_at: '2026-11-25T12:15:00Z' };

  test('credentials when the answer holds all three; asked domain-level with the agency body', async () => {
    const { client, asked } = scripted([{ status: 201, body: { credential } }]);
    expect(await assumeAgency(client, REGION, { label: 'acme-dev', name: 'acme-dev' }, 'reader')).toEqual({
      credentials: { accessKey: 'TMPAK', secretKey: 'TMPSK', securityToken: 'TOKEN' },
    });
    expect(asked).toEqual([
      {
        service: 'iam',
        region: REGION,
        method: 'POST',
        path: '/v3.0/OS-CREDENTIAL/securitytokens',
        body: {
          auth: {
            identity: {
              methods: ['assume_role'],
              assume_role: { agency_name: 'reader', domain_name: 'acme-dev', duration_seconds: 900 },
            },
          },
        },
      },
    ]);
  });

  test.each<[string, unknown]>([
    ['no credential', {}],
    ['no body at all', undefined],
    ['no access key', { credential: { ...credential, access: undefined } }],
    ['an empty secret key', { credential: { ...credential, secret: '' } }],
    ['a token that is not a string', { credential: { ...credential, securitytoken: 42 } }],
    ['an empty token', { credential: { ...credential, securitytoken: '' } }],
    ['an empty access key', { credential: { ...credential, access: '' } }],
    ['a secret key that is not a string', { credential: { ...credential, secret: ['TMPSK'] } }],
  ])('%s: refused, with the reason and without the body', async (_name, body) => {
    const { client } = scripted([{ status: 201, body }]);
    const r = await assumeAgency(client, REGION, { label: 'acme-dev', name: 'acme-dev' }, 'reader');
    expect(r).toEqual({
      refused: {
        service: 'iam',
        method: 'POST',
        path: '/v3.0/OS-CREDENTIAL/securitytokens',
        query: {},
        status: 201,
        attempts: 1,
        error: { message: 'the answer holds no temporary credentials (access, secret and securitytoken)' },
      },
    });
    expect(JSON.stringify(r)).not.toContain('TMPSK');
  });

  test('an error answer is refused as it came, even if it carries credentials, and never with its body', async () => {
    const { client } = scripted([{ status: 403, body: { credential }, error: { code: 'IAM.0001', message: 'no' } }]);
    const r = await assumeAgency(client, REGION, { label: ID, id: ID }, 'reader');
    expect(r).toEqual({
      refused: {
        service: 'iam',
        method: 'POST',
        path: '/v3.0/OS-CREDENTIAL/securitytokens',
        query: {},
        status: 403,
        attempts: 1,
        error: { code: 'IAM.0001', message: 'no' },
      },
    });
  });
});

describe('organizationAccounts', () => {
  const member = (i: number) => ({ id: i.toString(16).padStart(32, 'd'), name: `member-${i}` });

  test('every page, 200 at a time, following the marker; the organization id checked first', async () => {
    const { client, asked } = scripted([
      { body: { organization: { id: 'o-acme' } } },
      { body: { accounts: [member(1), member(2)], page_info: { next_marker: 'm1' } } },
      { body: { accounts: [member(3)], page_info: { next_marker: 'm2' } } },
      { body: { accounts: [member(4)], page_info: {} } },
    ]);
    expect(await organizationAccounts(client, REGION, 'o-acme')).toEqual(
      [1, 2, 3, 4].map((i) => ({ label: `member-${i}`, id: member(i).id })),
    );
    expect(asked.map((q) => [q.service, q.region, q.method, q.path, q.query])).toEqual([
      ['organizations', REGION, 'GET', '/v1/organizations', undefined],
      ['organizations', REGION, 'GET', '/v1/organizations/accounts', { limit: '200' }],
      ['organizations', REGION, 'GET', '/v1/organizations/accounts', { limit: '200', marker: 'm1' }],
      ['organizations', REGION, 'GET', '/v1/organizations/accounts', { limit: '200', marker: 'm2' }],
    ]);
  });

  test('without an organization id, the organization is not asked', async () => {
    const { client, asked } = scripted([{ body: { accounts: [member(1)] } }]);
    expect(await organizationAccounts(client, REGION)).toEqual([{ label: 'member-1', id: member(1).id }]);
    expect(asked.map((q) => q.path)).toEqual(['/v1/organizations/accounts']);
  });

  test('an empty marker, or one that repeats, ends the listing (no endless loop)', async () => {
    const empty = scripted([{ body: { accounts: [member(1)], page_info: { next_marker: '' } } }]);
    expect(await organizationAccounts(empty.client, REGION)).toHaveLength(1);
    const repeated = scripted([
      { body: { accounts: [member(1)], page_info: { next_marker: 'm1' } } },
      { body: { accounts: [member(2)], page_info: { next_marker: 'm1' } } },
    ]);
    expect(await organizationAccounts(repeated.client, REGION)).toHaveLength(2);
    expect(repeated.asked).toHaveLength(2);
    const numeric = scripted([{ body: { accounts: [member(1)], page_info: { next_marker: 7 } } }]);
    expect(await organizationAccounts(numeric.client, REGION)).toHaveLength(1);
  });

  test('at most 100 pages are read', async () => {
    const pages = Array.from({ length: 101 }, (_, i) => ({ body: { accounts: [member(i)], page_info: { next_marker: `m${i}` } } }));
    const { client, asked } = scripted(pages);
    expect(await organizationAccounts(client, REGION)).toHaveLength(100);
    expect(asked).toHaveLength(100);
  });

  test('an account without a usable id is skipped; one without a name is labelled by its id, lower-case', async () => {
    const upper = 'E'.repeat(32);
    const { client } = scripted([
      {
        body: {
          accounts: [
            { id: 'not-an-id', name: 'odd' },
            { id: 'e'.repeat(33), name: 'long' },
            { name: 'no-id' },
            null,
            { id: upper },
            { id: 'f'.repeat(32), name: '' },
            { id: 'a'.repeat(32), name: 7 },
          ],
        },
      },
    ]);
    expect(await organizationAccounts(client, REGION)).toEqual([
      { label: upper, id: 'e'.repeat(32) },
      { label: 'f'.repeat(32), id: 'f'.repeat(32) },
      { label: 'a'.repeat(32), id: 'a'.repeat(32) },
    ]);
  });

  test.each<[string, Partial<Answer>, string]>([
    ['an error', { status: 403, error: { code: 'Organizations.1000', message: 'denied' } }, 'HTTP 403 Organizations.1000 (denied)'],
    ['no accounts in the body', { body: { page_info: {} } }, 'the answer does not have the expected shape'],
    ['accounts that are not a list', { body: { accounts: { id: ID } } }, 'the answer does not have the expected shape'],
  ])('a listing with %s stops the check with one line', async (_name, answer, described) => {
    const { client } = scripted([answer]);
    await expect(organizationAccounts(client, REGION)).rejects.toThrow(
      `--organization: the accounts of the organization could not be listed: ${described}; run as the organization's management account (or a delegated administrator), or name the accounts with --account or --accounts`,
    );
  });

  test.each<[string, Partial<Answer>, string]>([
    ['refused', { status: 401, error: { message: 'bad signature' } }, 'HTTP 401 (bad signature); check HW_ACCESS_KEY'],
    ['without an id', { body: { organization: {} } }, 'the answer does not have the expected shape'],
    ['with an id that is not a string', { body: { organization: { id: 7 } } }, 'the answer does not have the expected shape'],
  ])('the organization %s: one line, and no account is listed', async (_name, answer, described) => {
    const { client, asked } = scripted([answer]);
    await expect(organizationAccounts(client, REGION, 'o-acme')).rejects.toThrow(
      `--organization: the organization of the credentials could not be read: ${described}`,
    );
    expect(asked).toHaveLength(1);
  });

  test('another organization: nothing is listed', async () => {
    const { client, asked } = scripted([{ body: { organization: { id: 'o-other' } } }]);
    await expect(organizationAccounts(client, REGION, 'o-acme')).rejects.toThrow(
      '--organization: the credentials belong to organization o-other, not o-acme: nothing was read',
    );
    expect(asked).toHaveLength(1);
  });
});
