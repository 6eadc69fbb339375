/**
 * A package-lock.json for a consumer project, written from this repository's
 * own lockfile: the consumer installs with `npm ci --offline`, which takes
 * every package by its integrity from the npm cache that this repository's
 * `npm ci` filled. (`npm install --offline NAME@VERSION` would need the
 * registry's package documents, which `npm ci` never fetches, so it fails on
 * a fresh machine with ENOTCACHED.)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bundleDependencies?: string[];
  inBundle?: boolean;
  bin?: Record<string, string> | string;
  engines?: Record<string, string>;
  license?: string;
  [key: string]: unknown;
}

interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

/** Where Node finds `name` from the package at `from`: its own node_modules, then each parent's. */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const at = base.lastIndexOf('/node_modules/');
    base = at < 0 ? '' : base.slice(0, at);
  }
}

/** The lock entries that `roots` need, with everything inside them (bundled packages). */
function closure(packages: Record<string, LockEntry>, roots: Array<{ from: string; name: string }>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const { from, name } = queue.shift() as { from: string; name: string };
    const at = locate(packages, from, name);
    if (!at) {
      const optional = packages[from]?.optionalDependencies?.[name] !== undefined || packages[from]?.peerDependenciesMeta?.[name]?.optional;
      if (optional) continue;
      throw new Error(`the lockfile has no ${name} for ${from || 'the root'}`);
    }
    if (seen.has(at)) continue;
    seen.add(at);
    const entry = packages[at];
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) queue.push({ from: at, name: dep });
    for (const [dep] of Object.entries(entry.peerDependencies ?? {})) {
      if (!entry.peerDependenciesMeta?.[dep]?.optional) queue.push({ from: at, name: dep });
    }
  }
  return seen;
}

/** The integrity string npm records for a file. */
export function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/**
 * The lockfile for a project depending on the packed tarball and on
 * `extra` packages (name → exact version) that this repository's lockfile holds.
 */
export function consumerLockfile(
  repo: string,
  tarball: { path: string; relative: string },
  extra: Record<string, string>,
): { lock: Lockfile; dependencies: Record<string, string> } {
  const own = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as Lockfile;
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    bin?: Record<string, string>;
    engines?: Record<string, string>;
    license?: string;
  };
  const names = [...Object.keys(manifest.dependencies), ...Object.keys(extra)];
  const needed = closure(
    own.packages,
    names.map((name) => ({ from: '', name })),
  );
  for (const [name, version] of Object.entries(extra)) {
    const found = own.packages[`node_modules/${name}`]?.version;
    if (found !== version) throw new Error(`this repository's lockfile has ${name}@${String(found)}, not ${version}`);
  }
  const packages: Record<string, LockEntry> = {};
  const dependencies: Record<string, string> = { [manifest.name]: `file:${tarball.relative}`, ...extra };
  packages[''] = { name: 'consumer', version: '1.0.0', dependencies } as LockEntry;
  packages[`node_modules/${manifest.name}`] = {
    version: manifest.version,
    resolved: `file:${tarball.relative}`,
    integrity: integrityOf(tarball.path),
    license: manifest.license,
    dependencies: manifest.dependencies,
    ...(manifest.peerDependencies ? { peerDependencies: manifest.peerDependencies } : {}),
    ...(manifest.peerDependenciesMeta ? { peerDependenciesMeta: manifest.peerDependenciesMeta } : {}),
    ...(manifest.bin ? { bin: manifest.bin } : {}),
    ...(manifest.engines ? { engines: manifest.engines } : {}),
  };
  for (const at of [...needed].sort()) {
    // The consumer's own dependencies: not dev, not peer, whatever they are here.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { dev, devOptional, peer, ...entry } = own.packages[at] as LockEntry & { dev?: boolean; devOptional?: boolean; peer?: boolean };
    packages[at] = entry;
  }
  return { lock: { name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, dependencies };
}
