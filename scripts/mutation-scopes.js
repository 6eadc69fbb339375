// What `npm run mutation` mutates, and which tests run against each mutant, by scope. MUTATION_SCOPE picks one
// (`npm run mutation:live`, ...); without it every scope is mutated against the tests of all of them.
//
// A scope runs only the tests that guard its code. Stryker runs, for each mutant, every test that executed the
// mutated code; code that every test reaches (the table's loader, the verdict's types) would otherwise cost a
// whole suite per mutant (30 s): Stryker estimated a run over lib/policy and lib/snapshot with every test at 21
// hours on 2 cores. A scope's score is therefore a lower bound: a test outside the scope might kill a mutant it
// counts as surviving.

/**
 * The tests of lib/load. The scenarios exercise every loader the way a user's input does: without them
 * lib/load/synth.ts scored 27.6%; with them 49.4%. test/digest.test.ts checks the files each input lists.
 */
const LOAD_TESTS = ['test/load/**/*.test.ts', 'test/json.test.ts', 'test/digest.test.ts', 'test/cli/scenarios.test.ts'];

/**
 * Scopes run together under one name: `load` is the whole of lib/load, `load-inputs` the loaders of inputs (the
 * Terraform folder, and the plan, state and cdktf output with what they share).
 */
const ALIASES = { load: ['load-config', 'load-hcl', 'load-show'], 'load-inputs': ['load-hcl', 'load-show'] };

/** Tests run in-process: the unit tests of each scope, and the end-to-end scenarios with known answers. */
const SCOPES = {
  evaluate: {
    mutate: ['lib/evaluate/**/*.ts'],
    // Independently written inputs with known answers, in-process (2 s for all of them).
    tests: ['test/evaluate/**/*.test.ts', 'test/cli/scenarios.test.ts'],
  },
  // lib/load is three scopes, so that each can be measured from nothing within a working session on 2 cores (the
  // whole folder, over 5,000 mutants, takes 5 hours or more). `npm run mutation:load` runs all three at once.
  'load-config': {
    // Configurations (cdktf JSON and HCL) evaluated: modules, variables, expressions and operators.
    mutate: ['lib/load/config.ts', 'lib/load/expressions.ts', 'lib/load/operators.ts', 'lib/load/common.ts', 'lib/load/config-json.ts'],
    tests: LOAD_TESTS,
  },
  // The loaders of inputs were one scope, load-inputs (2,585 mutants): over 3 hours on 2 cores once the scan of .tf
  // files grew, more than a working session. Each half is a scope of its own; `load-inputs` runs both.
  'load-hcl': {
    // A Terraform folder: files merged and overridden, local modules, tfvars, and the scan of .tf text.
    // The HCL parser's worker-thread plumbing (lib/load/hcl-parser.ts) is tested by spawning processes and
    // waiting on deadlines: seconds per run, for every mutant. It is not mutated and its test does not run.
    mutate: ['lib/load/hcl.ts'],
    tests: LOAD_TESTS,
  },
  'load-show': {
    // Plan and state JSON, cdktf output, input detection, and the elements every loader builds.
    mutate: ['lib/load/plan.ts', 'lib/load/elements.ts', 'lib/load/synth.ts', 'lib/load/index.ts', 'lib/load/options.ts'],
    tests: LOAD_TESTS,
  },
  live: {
    // The live check (client, retries, collection, OBS reads, trace evidence, other accounts), against the loopback
    // emulator. Its tests mostly wait on sockets, timeouts and retries, so 4 workers on 2 cores pay: the folder's
    // 1,995 mutants took 95 minutes from nothing (Stryker's estimate with 2 workers was about 4 hours).
    mutate: ['lib/live/**/*.ts'],
    concurrency: 4,
    tests: ['test/live/**/*.test.ts', 'test/snapshot/**/*.test.ts'],
  },
  snapshot: {
    // What a live reading becomes: the snapshot's schema and its conversion to the model (the user restriction,
    // excluded services, transfers, projects, paging), against the conversion's own tests, in-process and fast.
    mutate: ['lib/snapshot/**/*.ts'],
    tests: ['test/snapshot/**/*.test.ts'],
  },
  policy: {
    // Tables, controls, waivers and the table importer, with the table and waiver files as the CLI reads them.
    mutate: ['lib/policy/**/*.ts'],
    // The importer is loaded lazily by `table import`, so the constants it defines at load (the HTML elements that
    // are blocks or hidden, the caption's pattern) are reached both at load and by the one CLI test that loads it
    // first; Stryker would run only that test against them. This scope's tests take 4 s: static mutants run
    // against all of them instead of being ignored.
    ignoreStatic: false,
    tests: [
      'test/policy/**/*.test.ts',
      'test/cli/table.test.ts',
      'test/cli/controls.test.ts',
      'test/evaluate/waivers.test.ts',
      'test/evaluate/controls.test.ts',
    ],
  },
};

/** Tests that spawn processes or wait on deadlines: they run dist/ or cost seconds, and never run on mutants. */
const EXCLUDED_TESTS = ['test/load/hcl-parser.test.ts'];

/** What a scope does unless it says otherwise. */
const DEFAULTS = { ignoreStatic: true, concurrency: 2 };

/** The scope MUTATION_SCOPE names, or all of them at once. Throws on a name it does not know. */
function selectScope(name = process.env.MUTATION_SCOPE) {
  if (!name) {
    const all = Object.values(SCOPES);
    return {
      name: 'all',
      mutate: all.flatMap((s) => s.mutate),
      tests: [...new Set(all.flatMap((s) => s.tests))],
      ...DEFAULTS,
    };
  }
  if (ALIASES[name]) {
    const parts = ALIASES[name].map((n) => SCOPES[n]);
    return { name, ...DEFAULTS, mutate: parts.flatMap((s) => s.mutate), tests: [...new Set(parts.flatMap((s) => s.tests))] };
  }
  const scope = SCOPES[name];
  if (!scope) {
    throw new Error(`MUTATION_SCOPE=${name}: not a scope; use one of ${[...Object.keys(SCOPES), ...Object.keys(ALIASES)].join(', ')}`);
  }
  return { name, ...DEFAULTS, ...scope };
}

module.exports = { SCOPES, EXCLUDED_TESTS, selectScope };
