#!/usr/bin/env bash
# Builds the checker of this action from the action's own repository, into a folder of its own (the first
# argument, default $RUNNER_TEMP/cts-audit), so that nothing in the workspace changes:
#   * its runtime dependencies, exactly as package-lock.json pins them (npm ci --omit=dev): no cdktf, no test tools;
#   * its TypeScript, compiled from bin/cts-audit.ts and what it imports (never lib/constructs) by the compiler
#     and the types of Node that package-lock.json pins, installed apart.
# Prints the path of the built executable on its last line.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="${1:-${RUNNER_TEMP:-/tmp}/cts-audit}"
npm_quiet=(--no-audit --no-fund --loglevel=error)

rm -rf "$tool"
mkdir -p "$tool"
cp -R "$src/package.json" "$src/package-lock.json" "$src/tsconfig.json" "$src/lib" "$src/bin" "$src/policies" "$tool/"
cd "$tool"
npm ci --omit=dev --ignore-scripts "${npm_quiet[@]}"

# The compiler and Node's types come from the lockfile too (their entries and what they depend on, copied into a
# lockfile of their own), so that they install by npm ci: the exact versions this repository is tested with, and
# from the npm cache alone when it holds them (a version range would need the registry's package lists).
mkdir -p .compiler
node - <<'JS'
const { writeFileSync } = require('node:fs');
const lock = require('./package-lock.json');
const pinned = Object.fromEntries(
  ['typescript', '@types/node'].map((name) => [name, lock.packages[`node_modules/${name}`]?.version]),
);
const packages = { '': { name: 'cts-audit-compiler', devDependencies: pinned } };
const add = (key) => {
  if (packages[key]) return;
  const entry = lock.packages[key];
  if (!entry || !entry.version) throw new Error(`package-lock.json has no ${key}`);
  packages[key] = entry;
  for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
    // Node's resolution: a copy nested under this package first, then the top level.
    const nested = `${key}/node_modules/${dep}`;
    add(lock.packages[nested] ? nested : `node_modules/${dep}`);
  }
};
for (const name of Object.keys(pinned)) add(`node_modules/${name}`);
const manifest = { name: 'cts-audit-compiler', private: true, devDependencies: pinned };
writeFileSync('.compiler/package.json', JSON.stringify(manifest, null, 2) + '\n');
writeFileSync('.compiler/package-lock.json', JSON.stringify({ ...manifest, lockfileVersion: 3, requires: true, packages }, null, 2) + '\n');
JS
(cd .compiler && npm ci --ignore-scripts "${npm_quiet[@]}")
cat > tsconfig.action.json <<'JSON'
{
  "extends": "./tsconfig.json",
  "compilerOptions": {
    "types": ["node"],
    "typeRoots": ["./.compiler/node_modules/@types"],
    "declaration": false,
    "sourceMap": false
  },
  "include": [],
  "files": ["bin/cts-audit.ts"]
}
JSON
node .compiler/node_modules/typescript/bin/tsc -p tsconfig.action.json
rm -rf .compiler
echo "$tool/dist/bin/cts-audit.js"
