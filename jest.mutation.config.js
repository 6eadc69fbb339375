// The tests `npm run mutation` runs against mutants of lib/evaluate, lib/load, lib/live and lib/policy: their unit
// tests, and the in-process end-to-end scenarios with known answers (the live ones against the loopback emulator).
// Tests that spawn processes run dist/, not the mutants.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: [
    '<rootDir>/test/evaluate/**/*.test.ts',
    '<rootDir>/test/load/**/*.test.ts',
    '<rootDir>/test/json.test.ts',
    // Independently written inputs with known answers, in-process (2 s for all 38): they exercise every loader
    // the way a user's input does. Without them lib/load/synth.ts scored 27.6%; with them 49.4%.
    '<rootDir>/test/cli/scenarios.test.ts',
    '<rootDir>/test/live/**/*.test.ts',
    '<rootDir>/test/policy/**/*.test.ts',
    '<rootDir>/test/snapshot/**/*.test.ts',
    // The table and waiver files as the CLI reads them.
    '<rootDir>/test/cli/table.test.ts',
    '<rootDir>/test/cli/controls.test.ts',
  ],
  // The HCL parser's worker-thread plumbing (lib/load/hcl-parser.ts, not mutated) is tested by spawning
  // processes and waiting on deadlines: seconds per run, for every mutant of lib/load.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/load/hcl-parser.test.ts'],
};
