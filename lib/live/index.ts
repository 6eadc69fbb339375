/**
 * The live check: settings from the environment as the Huawei Cloud
 * Terraform provider reads them, targets (regions and projects), reading
 * the account into a snapshot, and the snapshot into the model.
 */
import { InputError } from '../errors';
import { AnyService, PATHS } from '../snapshot/answer';
import { LiveClient } from './client';
import { AccountRef, assumeAgency, distinctAccounts, organizationAccounts } from './accounts';
import { collect, collectPlaces, resolveTargets, snapshotOf, Target } from './collect';
import { describe } from '../snapshot/convert';
import { TableDrift, operationsOf, tableDrift } from './verify';
import type { OperationsTable } from '../policy/table';
import { Place, Snapshot } from '../snapshot/schema';
import type { TracePlan } from './traces';

export { snapshotToInput } from '../snapshot/convert';
export { isSnapshot, parseSnapshot, type Snapshot } from '../snapshot/schema';

/** The default domain of Huawei Cloud endpoints (the provider's `cloud`, env HW_CLOUD). */
export const DEFAULT_CLOUD = 'myhuaweicloud.com';
const SERVICES: readonly AnyService[] = ['cts', 'smn', 'iam', 'obs', 'organizations'];

export interface LiveSettings {
  /** `--region`; default HW_REGION_NAME. */
  readonly regions: readonly string[];
  /** `--project-id P` (one region) or `--project-id REGION=P`; default HW_PROJECT_ID for one region, else IAM. */
  readonly projectIds: readonly string[];
  /** `--endpoint SERVICE=URL`, URL may hold `{region}`. */
  readonly endpoints: readonly string[];
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly backoffMs?: number;
  /** Other accounts to read through `agency` (`--account`, `--accounts`), instead of the credentials' own. */
  readonly accounts?: readonly AccountRef[];
  /** Also every account of the caller's organization (`--organization`); with an id, it must be that organization. */
  readonly organization?: boolean | string;
  /** The IAM agency to assume in each account (`--agency`). */
  readonly agency?: string;
}

export interface ReadContext {
  readonly now: () => Date;
  readonly tool: { readonly name: string; readonly version: string };
  readonly progress?: (done: number, total: number) => void;
  /** Also read CTS's traces of the tables' events (trace evidence). */
  readonly traces?: TracePlan;
  /** Read what the check needs (default true); false reads only the trace evidence and CTS's configuration. */
  readonly check?: boolean;
}

/** Reads the account, or the accounts named. Bad settings are {@link InputError}s; API failures are in the snapshot. */
export async function readAccount(settings: LiveSettings, env: NodeJS.ProcessEnv, context: ReadContext): Promise<Snapshot> {
  if ((settings.accounts?.length ?? 0) > 0 || settings.organization) return readAccounts(settings, env, context);
  const { client, targets, cloud } = connect(settings, env);
  try {
    const resolved = await resolveTargets(client, targets);
    return await collect(client, resolved, { cloud, ...context });
  } finally {
    client.close();
  }
}

/**
 * Reads other accounts, each through the agency: temporary credentials asked for just before the account
 * is read (at most `concurrency` accounts at once, all their requests within `concurrency` together), then
 * its regions and projects with them, each place named by the account. An account whose agency could not be
 * assumed is recorded in each region with the refused answer (no body), so its events are unknown.
 */
async function readAccounts(settings: LiveSettings, env: NodeJS.ProcessEnv, context: ReadContext): Promise<Snapshot> {
  if (settings.projectIds.length > 0) {
    throw new InputError('--project-id', '', "does not apply to other accounts: each account's projects are found through IAM");
  }
  const { agency } = settings;
  if (agency === undefined) throw new InputError('--agency', '', 'required with --account, --accounts or --organization');
  const { client, targets, cloud } = connect({ ...settings, projectIds: [] }, { ...env, HW_PROJECT_ID: undefined });
  const regions = targets.map((t) => t.region);
  try {
    const accounts = distinctAccounts([
      ...(settings.accounts ?? []),
      ...(settings.organization
        ? await organizationAccounts(client, regions[0], typeof settings.organization === 'string' ? settings.organization : undefined)
        : []),
    ]);
    if (accounts.length === 0) throw new InputError('--organization', '', 'the organization lists no account');
    let done = 0;
    const total = accounts.length * regions.length;
    const progress = () => context.progress?.(++done, total);
    const readOne = async (account: AccountRef): Promise<Place[]> => {
      const named = { account: account.label, ...(account.id !== undefined ? { accountId: account.id } : {}) };
      const assumed = await assumeAgency(client, regions[0], account, agency);
      if ('refused' in assumed) {
        return regions.map((region) => {
          progress();
          return { ...named, region, readAt: context.now().toISOString(), answers: [assumed.refused] };
        });
      }
      const as = client.as(assumed.credentials);
      try {
        const resolved = await resolveTargets(
          as,
          regions.map((region) => ({ region })),
        );
        return await collectPlaces(as, resolved, { ...context, progress, account: { label: account.label, id: account.id } });
      } finally {
        as.close();
      }
    };
    const places = await inPool(accounts, Math.max(1, settings.concurrency ?? 8), readOne);
    return snapshotOf(places.flat(), { cloud, ...context });
  } finally {
    client.close();
  }
}

/** Runs `task` on every item, at most `size` at once, keeping the order of the items. */
async function inPool<T, R>(items: readonly T[], size: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

/** A signed client and the targets, from the settings and the environment. */
export function connect(settings: LiveSettings, env: NodeJS.ProcessEnv): { client: LiveClient; targets: Target[]; cloud: string } {
  const accessKey = env.HW_ACCESS_KEY;
  const secretKey = env.HW_SECRET_KEY;
  if (!accessKey || !secretKey) {
    throw new InputError(
      accessKey ? 'HW_SECRET_KEY' : 'HW_ACCESS_KEY',
      '',
      'not set: the live check signs its requests with HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN for temporary keys)',
    );
  }
  const cloud = env.HW_CLOUD || DEFAULT_CLOUD;
  const regions = settings.regions.length > 0 ? [...new Set(settings.regions)] : env.HW_REGION_NAME ? [env.HW_REGION_NAME] : [];
  if (regions.length === 0) throw new InputError('--region', '', 'required with --live (or set HW_REGION_NAME)');
  const targets = targetsOf(regions, settings.projectIds, env.HW_PROJECT_ID);
  const endpoint = endpoints(settings.endpoints, cloud);
  const client = new LiveClient({
    credentials: { accessKey, secretKey, ...(env.HW_SECURITY_TOKEN ? { securityToken: env.HW_SECURITY_TOKEN } : {}) },
    ...(env.HW_DOMAIN_ID ? { domainId: env.HW_DOMAIN_ID } : {}),
    endpoint,
    concurrency: settings.concurrency,
    timeoutMs: settings.timeoutMs,
    retries: settings.retries,
    backoffMs: settings.backoffMs,
  });
  return { client, targets, cloud };
}

/** Compares tables with the operations CTS traces, in each region's (first) project. */
export async function verifyTables(
  settings: LiveSettings,
  env: NodeJS.ProcessEnv,
  tables: readonly OperationsTable[],
): Promise<Array<{ where: string; drift: TableDrift }>> {
  const { client, targets } = connect(settings, env);
  try {
    return await verifyWith(client, targets, tables);
  } finally {
    client.close();
  }
}

async function verifyWith(
  client: LiveClient,
  targets: Target[],
  tables: readonly OperationsTable[],
): Promise<Array<{ where: string; drift: TableDrift }>> {
  // The first project given for each region (a Map of region to target would keep the last).
  const firstPerRegion = targets.filter((t, i) => targets.findIndex((u) => u.region === t.region) === i);
  const resolved = await resolveTargets(client, firstPerRegion);
  const out: Array<{ where: string; drift: TableDrift }> = [];
  for (const t of resolved) {
    const where = `${t.region}/${t.projectId ?? '?'}`;
    if (!t.projectId) {
      for (const table of tables) {
        out.push({
          where,
          drift: {
            table: table.id,
            service: table.service,
            unknownToCts: [],
            missingFromTable: [],
            serviceSuggestions: [],
            error: `the project of ${t.region} could not be found through IAM; pass --project-id`,
          },
        });
      }
      continue;
    }
    const all = await client.get('cts', t.region, t.projectId, PATHS.operations);
    for (const table of tables) {
      const forService = await client.get('cts', t.region, t.projectId, PATHS.operations, { service_type: table.service });
      const drift = tableDrift(table, operationsOf(forService), operationsOf(all));
      const failed = forService.body === undefined ? forService : undefined;
      out.push({ where, drift: failed ? { ...drift, error: `CTS could not be asked: ${describe(failed)}` } : drift });
    }
  }
  return out;
}

/** Regions × projects to read. */
export function targetsOf(regions: readonly string[], projectIds: readonly string[], envProject: string | undefined): Target[] {
  const byRegion = new Map<string, string[]>();
  for (const entry of projectIds) {
    const eq = entry.indexOf('=');
    let region: string;
    let project: string;
    if (eq > 0) {
      [region, project] = [entry.slice(0, eq), entry.slice(eq + 1)];
      if (!regions.includes(region)) {
        throw new InputError('--project-id', '', `${entry} names region ${region}, which is not among the --region values`);
      }
    } else if (regions.length === 1) {
      [region, project] = [regions[0], entry];
    } else {
      throw new InputError('--project-id', '', `${entry}: with several regions, write REGION=PROJECT_ID (a project belongs to one region)`);
    }
    if (!/^[0-9a-f]{32}$/i.test(project)) {
      throw new InputError('--project-id', '', `"${project}" is not a project id (32 hexadecimal digits)`);
    }
    byRegion.set(region, [...(byRegion.get(region) ?? []), project]);
  }
  if (byRegion.size === 0 && envProject && regions.length === 1) byRegion.set(regions[0], [envProject]);
  return regions.flatMap((region) => {
    const projects = byRegion.get(region);
    return projects ? [...new Set(projects)].map((projectId) => ({ region, projectId })) : [{ region }];
  });
}

/** Endpoint of each service: `https://<service>.<region>.<cloud>`, or the override. */
export function endpoints(overrides: readonly string[], cloud: string): (service: AnyService, region: string) => string {
  const map = new Map<AnyService, string>();
  for (const o of overrides) {
    const eq = o.indexOf('=');
    const service = o.slice(0, eq) as AnyService;
    const url = o.slice(eq + 1);
    if (eq < 1 || !SERVICES.includes(service) || !/^https?:\/\/\S+$/.test(url)) {
      throw new InputError(
        '--endpoint',
        '',
        `"${o}" is not SERVICE=URL with SERVICE one of ${SERVICES.join(', ')}, e.g. cts=https://cts.{region}.example.com`,
      );
    }
    // The OBS SDK takes a host: it would drop a path silently, and send the requests elsewhere than written.
    if (service === 'obs' && !/^https?:\/\/[^/]+\/?$/.test(url)) {
      throw new InputError(
        '--endpoint',
        '',
        `"${o}": an OBS endpoint is a scheme, host and port, without a path, e.g. obs=https://obs.{region}.example.com`,
      );
    }
    map.set(service, url.replace(/\/+$/, ''));
  }
  // Organizations is a global service: one endpoint, https://organizations.<cloud>.
  const fallback = (service: AnyService) =>
    service === 'organizations' ? `https://organizations.${cloud}` : `https://${service}.{region}.${cloud}`;
  return (service, region) => (map.get(service) ?? fallback(service)).replace(/\{region\}/g, region);
}
