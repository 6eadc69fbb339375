/**
 * The options of other accounts, read through an IAM agency: `--account`,
 * `--accounts FILE`, `--agency NAME` and `--organization`, on `check` and
 * `evidence`. Argument parsing and file reading only.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { InputError } from '../errors';
import { AccountRef, accountRef, checkAgency, checkOrganizationId, parseAccountsFile } from '../live/accounts';

/** What the options give, as they come from commander. */
export interface AccountOptions {
  readonly account?: readonly string[];
  readonly accounts?: string;
  readonly agency?: string;
  readonly organization?: boolean | string;
  readonly live?: boolean;
  readonly projectId?: readonly string[];
}

/** Adds --account, --accounts, --agency and --organization. */
export function addAccountOptions(command: Command, collect: (value: string, previous: string[] | undefined) => string[]): Command {
  return command
    .option(
      '--account <id-or-name>',
      "with --live: read this account (its id or name) instead of the credentials' own, through --agency; repeatable",
      collect,
    )
    .option('--accounts <file>', 'with --live: read the accounts of a file (one id or name a line, # comments), through --agency')
    .option('--agency <name>', 'with --account, --accounts or --organization: the IAM agency to assume in each account')
    .option(
      '--organization [id]',
      "with --live: read every account of the credentials' organization (Organizations ListAccounts; run as its management account), through --agency; with an id, the organization must be that one",
    );
}

/** The live settings of the options: the accounts to read and the agency; none when no account is named. */
export function accountSettings(
  options: AccountOptions,
  cwd: string,
): { accounts?: AccountRef[]; agency?: string; organization?: boolean | string } {
  const named = options.account !== undefined || options.accounts !== undefined || options.organization !== undefined;
  const flag = options.account !== undefined ? '--account' : options.accounts !== undefined ? '--accounts' : '--organization';
  if (!named) {
    if (options.agency !== undefined) throw new InputError('--agency', '', 'only applies with --account, --accounts or --organization');
    return {};
  }
  if (!options.live) throw new InputError(flag, '', 'only applies with --live');
  if (options.agency === undefined) {
    throw new InputError('--agency', '', `required with ${flag}: the IAM agency to assume in each account, e.g. --agency cts_audit_reader`);
  }
  if ((options.projectId?.length ?? 0) > 0) {
    throw new InputError('--project-id', '', `does not apply with ${flag}: each account's projects are found through IAM`);
  }
  const accounts = (options.account ?? []).map((a) => accountRef(a, '--account', ''));
  if (options.accounts !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(cwd, options.accounts), 'utf8');
    } catch (e) {
      throw new InputError(options.accounts, '', `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    accounts.push(...parseAccountsFile(text, options.accounts));
  }
  const organization = typeof options.organization === 'string' ? checkOrganizationId(options.organization) : options.organization;
  return { accounts, agency: checkAgency(options.agency), ...(organization !== undefined ? { organization } : {}) };
}
