// The tests `npm run mutation` runs against mutants: those of the scope MUTATION_SCOPE names, or of every scope
// (scripts/mutation-scopes.js). Tests that spawn processes run dist/, not the mutants.
const base = require('./jest.config.js');
const { EXCLUDED_TESTS, selectScope } = require('./scripts/mutation-scopes.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: selectScope().tests.map((t) => `<rootDir>/${t}`),
  testPathIgnorePatterns: ['/node_modules/', ...EXCLUDED_TESTS.map((t) => `<rootDir>/${t}`)],
};
