// The unit tests of evaluation and loading, for `npm run mutation`. The
// end-to-end scenarios (test/cli) would cover every mutant and run the
// whole CLI 36 times for each; the score is measured on the unit tests.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/evaluate/**/*.test.ts', '<rootDir>/test/load/**/*.test.ts', '<rootDir>/test/json.test.ts'],
  // The HCL parser's worker-thread plumbing (lib/load/hcl-parser.ts, not mutated) is tested by spawning
  // processes and waiting on deadlines: seconds per run, for every mutant of lib/load.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/load/hcl-parser.test.ts'],
};
