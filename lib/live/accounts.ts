/**
 * Other accounts, read through an IAM agency: an organization's security
 * team audits every member account, not one.
 *
 * For each account the live check asks IAM for temporary credentials of the
 * agency (`POST /v3.0/OS-CREDENTIAL/securitytokens`, method `assume_role`,
 * CreateTemporaryAccessKeyByAgency; a domain-level call: signed without a
 * project, as the SDK's GlobalCredentials sign), then reads that account's
 * regions and projects with them. The credentials live in memory only, for
 * the 15 minutes IAM grants at the least, and are never recorded: a refused
 * request is kept in the snapshot without a body, and an accepted one not at
 * all. The accounts of an organization can be listed through Organizations
 * (`GET /v1/organizations/accounts`, ListAccounts).
 */
import { InputError } from '../errors';
import { type Answer, PATHS } from '../snapshot/answer';
import type { LiveClient } from './client';
import type { Credentials } from './credentials';
import { describe } from '../snapshot/convert';

/** An account to read: as the user named it (its label in every report), by id or by name. */
export interface AccountRef {
  /** How reports name it: what the user gave, or the organization's account name. */
  readonly label: string;
  /** The account (domain) id, 32 hexadecimal digits. */
  readonly id?: string;
  /** The account (domain) name. */
  readonly name?: string;
}

/** How long the temporary credentials last: IAM's least, 15 minutes. They are asked for just before each account is read. */
export const CREDENTIAL_SECONDS = 900;
/** Organizations pages: at most this many accounts each, and at most this many pages. */
const ORGANIZATION_PAGE = 200;
const ORGANIZATION_PAGES = 100;

const ACCOUNT_ID = /^[0-9a-f]{32}$/i;
/** Huawei Cloud account names: letters, digits, hyphens, underscores and periods, starting with a letter. */
const ACCOUNT_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
/** IAM agency names: letters, digits, spaces, hyphens, underscores and periods, 1 to 64 characters. */
const AGENCY_NAME = /^[A-Za-z0-9_.\- ]{1,64}$/;

/** An account as named on the command line or in a file: an id (32 hexadecimal digits) or a name. */
export function accountRef(value: string, file: string, where: string): AccountRef {
  const text = value.trim();
  if (ACCOUNT_ID.test(text)) return { label: text, id: text.toLowerCase() };
  if (ACCOUNT_NAME.test(text)) return { label: text, name: text };
  throw new InputError(
    file,
    where,
    `"${text}" is neither an account id (32 hexadecimal digits) nor an account name (a letter, then letters, digits, -, _ or .)`,
  );
}

/**
 * `--accounts FILE`: one account id or name a line (blank lines and `#` comments are skipped), or a JSON
 * array of them.
 */
export function parseAccountsFile(text: string, file: string): AccountRef[] {
  if (text.trimStart().startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new InputError(file, '', `not a JSON array of account ids or names (${(e as Error).message})`);
    }
    if (!Array.isArray(doc)) throw new InputError(file, '', 'not a JSON array of account ids or names');
    return doc.map((v, i) => {
      if (typeof v !== 'string') throw new InputError(file, `[${i}]`, 'an account is a string: its id or its name');
      return accountRef(v, file, `[${i}]`);
    });
  }
  const accounts = text.split(/\r?\n/).flatMap((line, i) => {
    const value = line.replace(/#.*$/, '').trim();
    return value === '' ? [] : [accountRef(value, file, `line ${i + 1}`)];
  });
  if (accounts.length === 0) throw new InputError(file, '', 'lists no account: write one account id or name a line');
  return accounts;
}

/** `--agency NAME`. */
export function checkAgency(name: string): string {
  if (!AGENCY_NAME.test(name)) {
    throw new InputError('--agency', '', `"${name}" is not an agency name (1 to 64 letters, digits, spaces, -, _ or .)`);
  }
  return name;
}

/** Each account once: by id when known, else by name (an id and a name of one account cannot be told apart here). */
export function distinctAccounts(accounts: readonly AccountRef[]): AccountRef[] {
  const seen = new Set<string>();
  return accounts.filter((a) => {
    const key = a.id !== undefined ? `id:${a.id}` : `name:${a.name ?? a.label}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** The request body of CreateTemporaryAccessKeyByAgency, as the SDK's models build it. */
export function assumeRoleBody(account: AccountRef, agency: string): unknown {
  return {
    auth: {
      identity: {
        methods: ['assume_role'],
        assume_role: {
          agency_name: agency,
          ...(account.id !== undefined ? { domain_id: account.id } : { domain_name: account.name ?? account.label }),
          duration_seconds: CREDENTIAL_SECONDS,
        },
      },
    },
  };
}

/**
 * Temporary credentials of the agency in the account; or, when IAM refused or gave none, the answer
 * to record, without its body.
 */
export async function assumeAgency(
  client: LiveClient,
  region: string,
  account: AccountRef,
  agency: string,
): Promise<{ credentials: Credentials } | { refused: Answer }> {
  const answer = await client.global('iam', region, 'POST', PATHS.securityTokens, { body: assumeRoleBody(account, agency) });
  const credential = (answer.body as { credential?: Record<string, unknown> } | undefined)?.credential;
  const { access, secret, securitytoken: token } = credential ?? {};
  const { body: _secret, ...recorded } = answer;
  if (!answer.error && typeof access === 'string' && typeof secret === 'string' && typeof token === 'string' && access && secret && token) {
    return { credentials: { accessKey: access, secretKey: secret, securityToken: token } };
  }
  return {
    refused: answer.error
      ? recorded
      : { ...recorded, error: { message: 'the answer holds no temporary credentials (access, secret and securitytoken)' } },
  };
}

/** `--organization ID`: an organization id. */
export function checkOrganizationId(id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)) {
    throw new InputError('--organization', '', `"${id}" is not an organization id (e.g. o-1a2b3c4d)`);
  }
  return id;
}

/** Why an Organizations answer is not one, and what to do: the line that stops the check. */
function organizationError(what: string, answer: Answer): InputError {
  return new InputError(
    '--organization',
    '',
    `${what}: ${describe(answer)}; run as the organization's management account (or a delegated administrator), or name the accounts with --account or --accounts`,
  );
}

/**
 * The accounts of the caller's organization (it must be the management account, or a delegated
 * administrator); when `expectedId` is given, the caller's organization must be that one.
 */
export async function organizationAccounts(client: LiveClient, region: string, expectedId?: string): Promise<AccountRef[]> {
  if (expectedId !== undefined) {
    const answer = await client.global('organizations', region, 'GET', PATHS.organization);
    const id = (answer.body as { organization?: { id?: unknown } } | undefined)?.organization?.id;
    if (answer.error || typeof id !== 'string') throw organizationError('the organization of the credentials could not be read', answer);
    if (id !== expectedId) {
      throw new InputError('--organization', '', `the credentials belong to organization ${id}, not ${expectedId}: nothing was read`);
    }
  }
  const accounts: AccountRef[] = [];
  let marker: string | undefined;
  for (let page = 0; page < ORGANIZATION_PAGES; page++) {
    const query: Record<string, string> = { limit: String(ORGANIZATION_PAGE), ...(marker !== undefined ? { marker } : {}) };
    const answer = await client.global('organizations', region, 'GET', PATHS.organizationAccounts, { query });
    const body = answer.body as { accounts?: unknown; page_info?: { next_marker?: unknown } } | undefined;
    if (answer.error || !Array.isArray(body?.accounts)) {
      throw organizationError('the accounts of the organization could not be listed', answer);
    }
    for (const a of body.accounts as Array<{ id?: unknown; name?: unknown }>) {
      if (typeof a?.id !== 'string' || !ACCOUNT_ID.test(a.id)) continue;
      accounts.push({ label: typeof a.name === 'string' && a.name !== '' ? a.name : a.id, id: a.id.toLowerCase() });
    }
    const next = body.page_info?.next_marker;
    if (typeof next !== 'string' || next === '' || next === marker) return accounts;
    marker = next;
  }
  return accounts;
}
