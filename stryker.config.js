// Mutation testing (`npm run mutation`; one scope: `npm run mutation:evaluate`, `:load`, `:live`, `:snapshot`, `:policy`).
// What is mutated and which tests run are in scripts/mutation-scopes.js. Each scope keeps its own incremental
// file, so that a re-run tests only the mutants whose code or tests changed, and its own JSON report.
const { selectScope } = require('./scripts/mutation-scopes.js');

const scope = selectScope();

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
module.exports = {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    configFile: 'jest.mutation.config.js',
    enableFindRelatedTests: false,
  },
  mutate: scope.mutate,
  coverageAnalysis: 'perTest',
  concurrency: scope.concurrency,
  timeoutMS: 5000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${scope.name}.json` },
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['/cdktf.out', '/coverage', '/reports', '/node_modules'],
  // Static mutants (reached only while a module loads) would need every test of the scope each.
  ignoreStatic: scope.ignoreStatic,
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${scope.name}.json`,
};
