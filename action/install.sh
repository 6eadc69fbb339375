#!/usr/bin/env bash
# Builds the checker of this action from the action's own repository, into a folder of its own (the first
# argument, default $RUNNER_TEMP/cts-audit), so that nothing in the workspace changes:
#   * its runtime dependencies, exactly as package-lock.json pins them (npm ci --omit=dev): no cdktf, no test tools;
#   * its TypeScript, compiled from bin/cts-audit.ts and what it imports (never lib/constructs) by the compiler
#     version package.json pins, installed apart.
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

pinned() { node -p "require('./package.json').devDependencies['$1']"; }
npm install --prefix "$tool/.compiler" --no-save --ignore-scripts "${npm_quiet[@]}" \
  "typescript@$(pinned typescript)" "@types/node@$(pinned @types/node)"
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
