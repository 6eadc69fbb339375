/**
 * Reads an account: for each region and project, the CTS system trackers,
 * the key event notifications of both kinds, CTS's configuration (whether
 * read-only operations are reported), the SMN topics, the subscriptions of
 * every topic a notification sends to, and the trackers' trace buckets
 * (through OBS). The answers are kept raw (a snapshot);
 * lib/snapshot/convert.ts turns them into the model.
 */
import { Answer, BUCKET_READS, BucketRead, PATHS } from '../snapshot/answer';
import { LiveClient } from './client';
import { Place, SNAPSHOT_KIND, Snapshot } from '../snapshot/schema';
import { TracePlan, readTraces } from './traces';

/** Where to read: a region and, when known, its project. */
export interface Target {
  readonly region: string;
  readonly projectId?: string;
}

/** SMN pages hold at most this many items. */
const PAGE = 100;
/** No account has this many topics or subscriptions on one topic; a bound against a misbehaving server. */
const MAX_PAGES = 100;

export interface CollectOptions {
  readonly cloud: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly now: () => Date;
  /** Called as each region/project is done. */
  readonly progress?: (done: number, total: number) => void;
  /** Also read CTS's traces of the tables' events (trace evidence). */
  readonly traces?: TracePlan;
  /** Read what the check needs (default true); false reads only the trace evidence and CTS's configuration. */
  readonly check?: boolean;
  /** The account read through an agency, named in every place. */
  readonly account?: { readonly label: string; readonly id?: string };
}

/** Finds the projects of regions given without one, through IAM (read only: never creates a project). */
export async function resolveTargets(client: LiveClient, targets: readonly Target[]): Promise<Array<Target & { lookup?: Answer }>> {
  return Promise.all(
    targets.map(async (t) => {
      if (t.projectId) return t;
      const lookup = await client.get('iam', t.region, undefined, PATHS.projects, { name: t.region });
      const projects = (lookup.body as { projects?: Array<{ id?: unknown; name?: unknown }> } | undefined)?.projects;
      const matching = Array.isArray(projects) ? projects.filter((p) => p.name === t.region && typeof p.id === 'string') : [];
      return matching.length === 1 ? { region: t.region, projectId: matching[0].id as string } : { region: t.region, lookup };
    }),
  );
}

/** Reads every target; never throws for an API failure, which is kept in the answers. */
export async function collect(
  client: LiveClient,
  targets: ReadonlyArray<Target & { lookup?: Answer }>,
  options: CollectOptions,
): Promise<Snapshot> {
  return snapshotOf(await collectPlaces(client, targets, options), options);
}

/** A snapshot of places read. */
export function snapshotOf(places: Place[], options: Pick<CollectOptions, 'cloud' | 'tool' | 'now'>): Snapshot {
  return {
    kind: SNAPSHOT_KIND,
    schemaVersion: 1,
    createdAt: options.now().toISOString(),
    tool: { name: options.tool.name, version: options.tool.version },
    cloud: options.cloud,
    places,
  };
}

/** Reads every target into a place; never throws for an API failure, which is kept in the answers. */
export async function collectPlaces(
  client: LiveClient,
  targets: ReadonlyArray<Target & { lookup?: Answer }>,
  options: Omit<CollectOptions, 'cloud' | 'tool'>,
): Promise<Place[]> {
  let done = 0;
  const account = options.account
    ? { account: options.account.label, ...(options.account.id ? { accountId: options.account.id } : {}) }
    : {};
  return Promise.all(
    targets.map(async (t): Promise<Place> => {
      const readAt = options.now().toISOString();
      const answers = t.projectId ? await readWhat(client, t.region, t.projectId, options) : t.lookup ? [t.lookup] : [];
      options.progress?.(++done, targets.length);
      return { ...account, region: t.region, ...(t.projectId ? { projectId: t.projectId } : {}), readAt, answers };
    }),
  );
}

/** What the check needs, or only CTS's configuration; and the trace evidence when asked for. */
async function readWhat(client: LiveClient, region: string, projectId: string, options: Pick<CollectOptions, 'check' | 'traces'>) {
  const [base, traces] = await Promise.all([
    options.check === false
      ? client.get('cts', region, projectId, PATHS.configuration).then((a) => [a])
      : readPlace(client, region, projectId),
    options.traces ? readTraces(client, region, projectId, options.traces) : Promise.resolve([]),
  ]);
  return [...base, ...traces];
}

async function readPlace(client: LiveClient, region: string, projectId: string): Promise<Answer[]> {
  const get = (service: 'cts' | 'smn', path: string, query: Record<string, string> = {}) =>
    client.get(service, region, projectId, path, query);
  const [trackers, smn, fun, configuration, topics] = await Promise.all([
    get('cts', PATHS.trackers, { tracker_type: 'system' }),
    get('cts', PATHS.notifications('smn')),
    get('cts', PATHS.notifications('fun')),
    get('cts', PATHS.configuration),
    pages((offset) => get('smn', PATHS.topics, { offset: String(offset), limit: String(PAGE) }), 'topics'),
  ]);
  // Subscriptions of the topics the notifications send to, when those topics exist.
  // An answer of another shape (a list that is not one, items that are not objects) lists nothing: convert.ts says so.
  const listed = new Set(topics.flatMap((a) => itemsOf(a, 'topics').map((t) => t.topic_urn)));
  const notified = new Set(
    itemsOf(smn, 'notifications')
      .map((n) => n.topic_id)
      .filter((urn): urn is string => typeof urn === 'string' && listed.has(urn)),
  );
  const [subscriptions, buckets] = await Promise.all([
    Promise.all(
      [...notified]
        .sort()
        .map((urn) =>
          pages((offset) => get('smn', PATHS.subscriptions(urn), { offset: String(offset), limit: String(PAGE) }), 'subscriptions'),
        ),
    ),
    // The buckets this project's system trackers keep trace files in, through the region's OBS endpoint.
    Promise.all(
      trackerBuckets(trackers, projectId).flatMap((bucket) =>
        (Object.keys(BUCKET_READS) as BucketRead[]).map((read) => client.obs(region, bucket, read)),
      ),
    ),
  ]);
  return [trackers, smn, fun, configuration, ...topics, ...subscriptions.flat(), ...buckets];
}

/** The trace buckets of a project's system trackers, each once, in order. */
export function trackerBuckets(trackers: Answer, projectId: string): string[] {
  const list = (trackers.body as { trackers?: unknown } | undefined)?.trackers;
  if (!Array.isArray(list)) return [];
  const names = list.flatMap((t: { tracker_type?: unknown; project_id?: unknown; obs_info?: { bucket_name?: unknown } }) => {
    if (t === null || typeof t !== 'object') return [];
    if (t.tracker_type !== undefined && t.tracker_type !== 'system') return [];
    if (typeof t.project_id === 'string' && t.project_id !== '' && t.project_id !== projectId) return [];
    const name = t.obs_info?.bucket_name;
    // OBS bucket names: 3 to 63 lower-case letters, digits, hyphens and dots.
    return typeof name === 'string' && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) ? [name] : [];
  });
  return [...new Set(names)];
}

/** The objects of the list under `key` of an answer's body; none when it has no such list. */
function itemsOf(answer: Answer, key: string): Array<Record<string, unknown>> {
  const list = (answer.body as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(list) ? list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}

/** Reads SMN's offset pages until a short page, a failure, or the bound. */
async function pages(read: (offset: number) => Promise<Answer>, key: 'topics' | 'subscriptions'): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await read(page * PAGE);
    answers.push(answer);
    const items = (answer.body as Record<string, unknown> | undefined)?.[key];
    if (!Array.isArray(items) || items.length < PAGE) break;
  }
  return answers;
}
