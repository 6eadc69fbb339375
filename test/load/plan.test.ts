import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPath } from '../../lib/load';
import { isPlan, isState, loadPlan, loadState } from '../../lib/load/plan';
import { Bucket, LoadedInput, Notification, Topic, Tracker, known } from '../../lib/model';

const PROVIDER = 'registry.terraform.io/huaweicloud/huaweicloud';

/** A small plan in the shape of `terraform show -json plan.out` (format 1.2). */
function plan(overrides: Record<string, unknown> = {}) {
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    variables: { region: { value: 'cn-north-4' } },
    planned_values: {
      root_module: {
        resources: [
          {
            address: 'huaweicloud_smn_topic.audit',
            mode: 'managed',
            type: 'huaweicloud_smn_topic',
            name: 'audit',
            provider_name: PROVIDER,
            schema_version: 0,
            values: { name: 'cts_audit', region: 'cn-north-4' },
            sensitive_values: {},
          },
        ],
        child_modules: [
          {
            address: 'module.audit',
            resources: [
              {
                address: 'module.audit.huaweicloud_cts_notification.this',
                mode: 'managed',
                type: 'huaweicloud_cts_notification',
                name: 'this',
                provider_name: PROVIDER,
                schema_version: 0,
                values: {
                  name: 'modelarts',
                  operation_type: 'customized',
                  enabled: true,
                  operations: [{ service: 'ModelArts', resource: 'Notebook', trace_names: ['createNotebook'] }],
                  filter: [],
                  operation_users: [],
                },
                sensitive_values: {},
              },
            ],
          },
        ],
      },
    },
    resource_changes: [
      {
        address: 'huaweicloud_smn_topic.audit',
        change: { actions: ['create'], before: null, after: {}, after_unknown: { topic_urn: true, id: true } },
      },
      {
        address: 'module.audit.huaweicloud_cts_notification.this',
        module_address: 'module.audit',
        change: { actions: ['create'], before: null, after: {}, after_unknown: { smn_topic: true, region: true, id: true } },
      },
    ],
    configuration: {
      provider_config: {
        huaweicloud: { name: 'huaweicloud', full_name: PROVIDER, expressions: { region: { references: ['var.region'] } } },
      },
      root_module: {
        resources: [
          {
            address: 'huaweicloud_smn_topic.audit',
            mode: 'managed',
            type: 'huaweicloud_smn_topic',
            name: 'audit',
            provider_config_key: 'huaweicloud',
            expressions: {},
          },
        ],
        module_calls: {
          audit: {
            source: './modules/audit',
            expressions: { topic_urn: { references: ['huaweicloud_smn_topic.audit.topic_urn', 'huaweicloud_smn_topic.audit'] } },
            module: {
              resources: [
                {
                  address: 'huaweicloud_cts_notification.this',
                  mode: 'managed',
                  type: 'huaweicloud_cts_notification',
                  name: 'this',
                  provider_config_key: 'huaweicloud',
                  expressions: { smn_topic: { references: ['var.topic_urn'] } },
                },
              ],
            },
          },
        },
      },
    },
    ...overrides,
  };
}

describe('plan JSON', () => {
  // Loaded in each test, not while jest collects the tests: `npm run mutation` credits a mutant's tests by what
  // runs inside them, so a result computed at collection would kill no mutant.
  let loaded: LoadedInput;
  let notification: Notification;
  beforeEach(() => {
    loaded = loadPlan('plan.json', plan(), { cwd: '/' });
    notification = loaded.elements.find((e) => e.type === 'notification') as Notification;
  });

  test('reads resources of the root and child modules, with their JSON pointers', () => {
    expect(loaded.elements.map((e) => [e.type, e.address, e.source.pointer])).toEqual([
      ['topic', 'huaweicloud_smn_topic.audit', '/planned_values/root_module/resources/0'],
      ['notification', 'module.audit.huaweicloud_cts_notification.this', '/planned_values/root_module/child_modules/0/resources/0'],
    ]);
  });

  test('an unknown-after-apply value is replaced by the reference in the configuration, through a module input', () => {
    expect(notification.topic).toEqual({
      kind: 'ref',
      address: 'huaweicloud_smn_topic.audit',
      attribute: 'topic_urn',
      expression: 'huaweicloud_smn_topic.audit.topic_urn',
    });
  });

  test("an unknown region comes from the provider configuration, through the plan's variables", () => {
    expect(notification.region).toEqual({ kind: 'known', value: 'cn-north-4' });
  });

  test('an unknown value with nothing to follow is unknown, saying so', () => {
    const p = plan();
    p.configuration.root_module.module_calls.audit.module.resources[0].expressions = {} as never;
    const n = loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification;
    expect(n.topic).toEqual({
      kind: 'unknown',
      reason:
        'module.audit.huaweicloud_cts_notification.this.smn_topic is known only after apply, and its expression refers to no resource the checker can follow; check the state after apply (terraform show -json)',
    });
  });

  test('a partly unknown value is unknown', () => {
    const p = plan();
    (p.resource_changes[1].change.after_unknown as Record<string, unknown>).operations = [{ trace_names: [false, true] }];
    const n = loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification;
    expect(n.operations.kind).toBe('unknown');
  });

  test('a resource planned for deletion is not in planned_values, so it is not in the model', () => {
    const p = plan();
    p.resource_changes.push({
      address: 'huaweicloud_cts_tracker.system',
      change: { actions: ['delete'], before: { enabled: true }, after: null, after_unknown: {} },
    } as never);
    expect(loadPlan('plan.json', p).elements.some((e) => e.type === 'tracker')).toBe(false);
  });

  test('a provider with no region makes the region unknown, saying where it would come from', () => {
    const p = plan();
    p.configuration.provider_config.huaweicloud.expressions = {} as never;
    const n = loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification;
    expect(n.region).toEqual({
      kind: 'unknown',
      reason: 'provider huaweicloud sets no region (it comes from HW_REGION_NAME when Terraform runs); set region on the provider',
    });
  });
});

describe('what a plan or state says of itself', () => {
  test('an errored plan is refused: its planned values are incomplete', () => {
    expect(() => loadPlan('plan.json', plan({ errored: true, complete: false, applyable: false }))).toThrow(
      'plan.json: /errored: the plan errored (terraform plan failed), so its planned values are incomplete; fix the errors and plan again',
    );
  });

  test('a plan that is not complete is read, with a diagnostic saying what is not checked, that hides what it defers', () => {
    expect(loadPlan('plan.json', plan({ complete: false })).diagnostics).toEqual([
      {
        hides: true,
        reaches: { scope: 'plan.json', addresses: '*' },
        source: { file: 'plan.json', pointer: '/complete' },
        message:
          'plan.json is not a complete plan (complete: false): resources it defers are not checked; plan again once nothing is deferred',
      },
    ]);
    expect(loadPlan('plan.json', plan({ complete: true })).diagnostics).toEqual([]);
  });

  test.each([
    ['2.0', '"2.0"'],
    [1, 'number'],
  ])('format_version %s is refused', (version, shown) => {
    const message = `is ${shown}; the checker reads the JSON output formats 0.1, 0.2 and 1.x of terraform show -json (Terraform 0.12 and later, OpenTofu)`;
    expect(() => loadPlan('plan.json', plan({ format_version: version }))).toThrow(`plan.json: /format_version: ${message}`);
    expect(() => loadState('state.json', { format_version: version, values: {} })).toThrow(`state.json: /format_version: ${message}`);
  });
});

describe("a bucket's policy, optional and computed", () => {
  const bucketPlan = (actions: string[]) => ({
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          {
            address: 'huaweicloud_obs_bucket.traces',
            mode: 'managed',
            type: 'huaweicloud_obs_bucket',
            name: 'traces',
            provider_name: PROVIDER,
            values: { bucket: 'traces', acl: 'private', region: 'cn-north-4' },
          },
        ],
      },
    },
    resource_changes: [{ address: 'huaweicloud_obs_bucket.traces', change: { actions, after_unknown: { policy: true } } }],
    configuration: {
      root_module: {
        resources: [
          {
            address: 'huaweicloud_obs_bucket.traces',
            type: 'huaweicloud_obs_bucket',
            name: 'traces',
            expressions: { bucket: { constant_value: 'traces' } },
          },
        ],
      },
    },
  });
  const policyOf = (actions: string[]) => (loadPlan('plan.json', bucketPlan(actions)).elements[0] as Bucket).policy;

  test('is none for a bucket to be created that the configuration gives no policy', () => {
    expect(policyOf(['create'])).toEqual({ kind: 'known', value: undefined });
    expect(policyOf(['delete', 'create'])).toEqual({ kind: 'known', value: undefined });
  });

  test('stays unknown for an existing bucket: whatever policy it has is what it keeps', () => {
    expect(policyOf(['update']).kind).toBe('unknown');
  });
});

describe('state JSON', () => {
  const state = {
    format_version: '1.0',
    terraform_version: '1.9.8',
    values: {
      root_module: {
        resources: [
          {
            address: 'huaweicloud_cts_tracker.system',
            mode: 'managed',
            type: 'huaweicloud_cts_tracker',
            name: 'system',
            provider_name: PROVIDER,
            values: {
              region: 'cn-north-4',
              enabled: true,
              bucket_name: 'acme-traces',
              lts_enabled: true,
              validate_file: true,
              kms_id: 'key',
              exclude_service: null,
              status: 'enabled',
            },
          },
          { address: 'data.huaweicloud_cts_trackers.all', mode: 'data', type: 'huaweicloud_cts_tracker', name: 'all', values: {} },
        ],
      },
    },
  };

  test('reads deployed values; data sources are not resources', () => {
    const { elements } = loadState('state.json', state);
    expect(elements).toHaveLength(1);
    const t = elements[0] as Tracker;
    expect([t.region, t.enabled, t.bucketName, t.excludeServices]).toEqual([
      { kind: 'known', value: 'cn-north-4' },
      { kind: 'known', value: true },
      { kind: 'known', value: 'acme-traces' },
      { kind: 'known', value: [] },
    ]);
  });

  test('is told apart from a plan', () => {
    expect([isState(state), isPlan(state), isPlan(plan()), isState(plan())]).toEqual([true, false, true, false]);
  });
});

describe('input detection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cts-audit-load-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  test.each<[string, () => string, string]>([
    ['a missing file', () => join(dir, 'nope.json'), 'nope.json: no such file or folder'],
    [
      'malformed JSON',
      () => write('bad.json', '{"format_version": "1.2",\n "planned_values": [1,]}'),
      "bad.json: 2:23: invalid JSON: Unexpected token ']'",
    ],
    [
      'malformed JSON, quoting none of the file back',
      () => write('bad2.json', '{"secret": "s3cr3t-value",\n "x": }'),
      "bad2.json: 2:7: invalid JSON: Unexpected token '}'",
    ],
    ['an empty file', () => write('empty.json', ''), 'empty.json: file is empty; expected JSON'],
    ['JSON of another kind', () => write('package.json', '{"name": "x"}'), 'package.json: is JSON but not an input the checker knows'],
    [
      'a folder without manifest.json',
      () => {
        mkdirSync(join(dir, 'folder'), { recursive: true });
        return join(dir, 'folder');
      },
      'folder: is a folder with neither a cdktf manifest.json nor Terraform files (.tf, .tf.json)',
    ],
    [
      'a manifest that is not one',
      () => (mkdirSync(join(dir, 'out'), { recursive: true }), write('out/manifest.json', '{"version": "0.21.0"}'), join(dir, 'out')),
      'manifest.json: stacks: not a cdktf manifest: expected an object of stacks; is this a cdktf.out folder?',
    ],
    [
      'a manifest stack without its path',
      () => (
        mkdirSync(join(dir, 'out2'), { recursive: true }),
        write('out2/manifest.json', '{"stacks": {"audit": {}}}'),
        join(dir, 'out2')
      ),
      "manifest.json: stacks.audit.synthesizedStackPath: missing: expected the path of the stack's cdk.tf.json",
    ],
    [
      'a cdktf stack that is not an object',
      () => (
        mkdirSync(join(dir, 'out3/stacks/audit'), { recursive: true }),
        write('out3/manifest.json', '{"stacks": {"audit": {"synthesizedStackPath": "stacks/audit/cdk.tf.json"}}}'),
        write('out3/stacks/audit/cdk.tf.json', '[]'),
        join(dir, 'out3')
      ),
      'cdk.tf.json: not a Terraform JSON configuration: expected an object',
    ],
    [
      'a plan whose root module is not an object',
      () => write('plan2.json', JSON.stringify({ format_version: '1.2', planned_values: { root_module: [] } })),
      'plan2.json: /planned_values/root_module: expected an object',
    ],
  ])('%s is an input error naming the file', async (_name, make, message) => {
    await expect(loadPath(make(), { cwd: dir })).rejects.toThrow(message);
  });

  test('detects each kind by content', async () => {
    const p = write('tfplan.json', JSON.stringify(plan()));
    const s = write('tfstate.json', JSON.stringify({ format_version: '1.0', terraform_version: '1.9.8', values: { root_module: {} } }));
    const c = write('cdk.tf.json', JSON.stringify({ resource: {} }));
    const kinds = await Promise.all([p, s, c].map(async (f) => (await loadPath(f, { cwd: dir }))[0].kind));
    expect(kinds).toEqual(['plan', 'state', 'synth']);
  });
});

describe('regions and addresses a plan or state does not give', () => {
  const notificationOf = (p: ReturnType<typeof plan>) =>
    loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification;

  test('a provider region built by an expression the checker cannot evaluate', () => {
    const p = plan();
    p.configuration.provider_config.huaweicloud.expressions = { region: { references: ['local.region'] } } as never;
    expect(notificationOf(p).region).toEqual({
      kind: 'unknown',
      reason: 'the region of provider huaweicloud is an expression the checker cannot evaluate; set it to a literal or a variable',
    });
  });

  test('a provider region from a variable the plan does not hold', () => {
    const p = plan({ variables: {} });
    expect(notificationOf(p).region).toEqual({
      kind: 'unknown',
      reason: 'the region of provider huaweicloud is an expression the checker cannot evaluate; set it to a literal or a variable',
    });
  });

  test("a region the resource sets but that is unknown stays unknown: never the provider's", () => {
    const p = plan();
    const resource = p.configuration.root_module.module_calls.audit.module.resources[0] as { expressions: Record<string, unknown> };
    resource.expressions.region = {};
    expect(notificationOf(p).region).toEqual({
      kind: 'unknown',
      reason:
        'module.audit.huaweicloud_cts_notification.this.region is known only after apply, and its expression refers to no resource the checker can follow; check the state after apply (terraform show -json)',
    });
    resource.expressions.region = { references: ['huaweicloud_smn_topic.audit.region', 'huaweicloud_smn_topic.audit'] };
    expect(notificationOf(p).region).toEqual({
      kind: 'ref',
      address: 'module.audit.huaweicloud_smn_topic.audit',
      attribute: 'region',
      expression: 'huaweicloud_smn_topic.audit.region',
    });
  });

  test('a region the resource sets to "" is the provider\'s, as the provider reads it', () => {
    const p = plan();
    const resource = p.configuration.root_module.module_calls.audit.module.resources[0] as { expressions: Record<string, unknown> };
    resource.expressions.region = { constant_value: '' };
    expect(notificationOf(p).region).toEqual({ kind: 'known', value: 'cn-north-4' });
  });

  test('a resource with no provider configuration key', () => {
    const p = plan();
    delete (p.configuration.root_module.module_calls.audit.module.resources[0] as { provider_config_key?: string }).provider_config_key;
    expect(notificationOf(p).region).toEqual({
      kind: 'unknown',
      reason: 'the plan gives no region for this resource and no provider configuration for it',
    });
  });

  test('a state resource with no region', () => {
    const state = {
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            { address: 'huaweicloud_smn_topic.t', mode: 'managed', type: 'huaweicloud_smn_topic', name: 't', values: { name: 't' } },
          ],
        },
      },
    };
    expect(loadState('state.json', state).elements[0].region).toEqual({
      kind: 'unknown',
      reason: 'the state has no region for this resource',
    });
  });

  test('a resource of a modeled type without an address is refused, naming the place', () => {
    const state = {
      format_version: '1.0',
      values: { root_module: { resources: [{ mode: 'managed', type: 'huaweicloud_smn_topic', values: {} }] } },
    };
    expect(() => loadState('state.json', state)).toThrow(
      'state.json: /values/root_module/resources/0/address: missing: every resource has an address',
    );
    const numeric = { ...state, values: { root_module: { resources: [{ ...state.values.root_module.resources[0], address: 7 }] } } };
    expect(() => loadState('state.json', numeric)).toThrow(
      'state.json: /values/root_module/resources/0/address: 7, not a string: every resource has an address',
    );
  });
});

describe('plan and state details', () => {
  test.each<[string, unknown, boolean, boolean]>([
    ['a plan with planned_values', { format_version: '1.2', planned_values: {} }, true, false],
    ['a plan with only resource_changes', { format_version: '1.2', resource_changes: [] }, true, false],
    ['a state with values', { format_version: '1.0', values: {} }, false, true],
    ['an empty state, with only terraform_version', { format_version: '1.0', terraform_version: '1.9.8' }, false, true],
    ['neither: no format_version', { planned_values: {}, values: {} }, false, false],
    ['neither: only a format_version', { format_version: '1.0' }, false, false],
    ['neither: a list', [{ format_version: '1.0', values: {} }], false, false],
    ['neither: null', null, false, false],
  ])('%s', (_name, doc, plan, state) => {
    expect([isPlan(doc), isState(doc)]).toEqual([plan, state]);
  });

  test.each<[unknown, string | undefined]>([
    ['0.1', undefined],
    ['0.2', undefined],
    ['0.3', 'is "0.3"'],
    ['1.0', undefined],
    ['1.10', undefined],
    ['1.2.3', 'is "1.2.3"'],
    ['v1.2', 'is "v1.2"'],
    ['1.', 'is "1."'],
    ['11.0', 'is "11.0"'],
    ['1.0-beta-and-a-very-long-suffix', 'is "1.0-beta-and-a-very-"'],
    [undefined, 'is undefined'],
  ])('format_version %j', (version, refused) => {
    const load = () => loadState('state.json', { format_version: version, values: { root_module: {} } });
    if (refused === undefined) expect(load().elements).toEqual([]);
    else {
      expect(load).toThrow(
        `state.json: /format_version: ${refused}; the checker reads the JSON output formats 0.1, 0.2 and 1.x of terraform show -json (Terraform 0.12 and later, OpenTofu)`,
      );
    }
  });

  test('a state whose root module is not an object is refused; a state with no root module holds nothing', () => {
    expect(() => loadState('state.json', { format_version: '1.0', values: { root_module: 'x' } })).toThrow(
      'state.json: /values/root_module: expected an object',
    );
    expect(loadState('state.json', { format_version: '1.0' })).toEqual({
      file: 'state.json',
      kind: 'state',
      elements: [],
      diagnostics: [],
      objects: {},
    });
  });

  test('resource changes that are not well formed are passed over; actions keep only strings', () => {
    const p = plan();
    p.resource_changes = [
      null,
      { address: 7, change: { after_unknown: { smn_topic: true } } },
      { address: 'module.audit.huaweicloud_cts_notification.this', change: 'x' },
      ...p.resource_changes,
    ] as never;
    const n = loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification;
    expect(n.topic.kind).toBe('ref');
  });

  /** A module tree `levels` deep (the root is level 0), each module with a topic and resources that are skipped. */
  const nestedModules = (levels: number) => {
    const resource = (depth: number) => ({
      address: `${'module.m.'.repeat(depth)}huaweicloud_smn_topic.t`,
      mode: 'managed',
      type: 'huaweicloud_smn_topic',
      values: { id: `t${depth}`, name: `t${depth}`, region: 'cn-north-4' },
    });
    let module: Record<string, unknown> = { resources: [resource(levels)] };
    for (let depth = levels - 1; depth >= 0; depth--) {
      module = {
        resources: [
          resource(depth),
          null,
          { mode: 'data', type: 'huaweicloud_smn_topic', address: 'd' },
          { mode: 'managed', type: 'aws_sns_topic', address: 'a' },
        ],
        child_modules: [module, 'not a module'],
      };
    }
    return module;
  };

  test('child modules are read 100 deep; resources that are not objects, data or unmodeled are skipped', () => {
    const { elements, objects } = loadState('state.json', { format_version: '1.0', values: { root_module: nestedModules(100) } });
    expect(elements.map((e) => (e as Topic).name)).toEqual(Array.from({ length: 101 }, (_, depth) => known(`t${depth}`)));
    expect(elements[1].source.pointer).toBe('/values/root_module/child_modules/0/resources/0');
    // The digests are of every managed object, the other provider's too (the same address "a" at each level).
    expect(Object.keys(objects ?? {})).toHaveLength(102);
    const { priorState } = loadPlan('plan.json', {
      format_version: '1.2',
      planned_values: {},
      prior_state: { values: { root_module: nestedModules(100) } },
    });
    expect(Object.values(priorState ?? {})).toEqual(Array.from({ length: 101 }, (_, depth) => `t${depth}`));
  });

  test('BUG: modules nested deeper are refused, not read in part (a resource below the limit went unseen)', () => {
    const pointer = `/child_modules/0`.repeat(101);
    const tooDeep = 'modules nested more than 100 deep; no Terraform configuration nests so deep';
    expect(() => loadState('state.json', { format_version: '1.0', values: { root_module: nestedModules(101) } })).toThrow(
      `state.json: /values/root_module${pointer}: ${tooDeep}`,
    );
    expect(() => loadPlan('plan.json', { format_version: '1.2', planned_values: { root_module: nestedModules(101) } })).toThrow(
      `plan.json: /planned_values/root_module${pointer}: ${tooDeep}`,
    );
    expect(() =>
      loadPlan('plan.json', { format_version: '1.2', planned_values: {}, prior_state: { values: { root_module: nestedModules(101) } } }),
    ).toThrow(`plan.json: /prior_state/values/root_module${pointer}: ${tooDeep}`);
    let config: Record<string, unknown> = { resources: [] };
    for (let depth = 0; depth < 101; depth++) config = { module_calls: { 'm/~': { module: config } } };
    expect(() => loadPlan('plan.json', { format_version: '1.2', planned_values: {}, configuration: { root_module: config } })).toThrow(
      `plan.json: /configuration/root_module${'/module_calls/m~1~0/module'.repeat(101)}: ${tooDeep}`,
    );
    config = (config.module_calls as Record<string, { module: Record<string, unknown> }>)['m/~'].module;
    expect(loadPlan('plan.json', { format_version: '1.2', planned_values: {}, configuration: { root_module: config } }).elements).toEqual(
      [],
    );
  });

  test('a resource address over 512 characters is clipped', () => {
    const address = `huaweicloud_smn_topic.${'x'.repeat(600)}`;
    const { elements } = loadState('state.json', {
      format_version: '1.0',
      values: {
        root_module: { resources: [{ address, mode: 'managed', type: 'huaweicloud_smn_topic', values: { region: 'cn-north-4' } }] },
      },
    });
    expect(elements[0].address.length).toBeLessThan(address.length);
    expect(address.startsWith(elements[0].address.slice(0, 100))).toBe(true);
  });

  test('part of a value known only after apply, nested deep or in a list', () => {
    const p = plan();
    (p.resource_changes[1].change.after_unknown as Record<string, unknown>).operations = [{ trace_names: [[false, [true]]] }];
    const n = loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification;
    expect(n.operations).toEqual({
      kind: 'unknown',
      reason:
        'part of module.audit.huaweicloud_cts_notification.this.operations is known only after apply; check the state after apply (terraform show -json)',
    });
    const flat = plan();
    (flat.resource_changes[1].change.after_unknown as Record<string, unknown>).operations = [{ trace_names: [false] }];
    expect((loadPlan('plan.json', flat).elements.find((e) => e.type === 'notification') as Notification).operations.kind).toBe('known');
  });

  test('BUG: a marker nested deeper than any attribute is taken to hold an unknown part (one deeper than 50 was read as known)', () => {
    const operationsOf = (marker: unknown) => {
      const p = plan();
      (p.resource_changes[1].change.after_unknown as Record<string, unknown>).operations = marker;
      return (loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification).operations.kind;
    };
    const nested = (levels: number, inner: unknown) => Array.from({ length: levels }).reduce<unknown>((x) => [x], inner);
    expect([operationsOf(nested(50, true)), operationsOf(nested(60, true)), operationsOf(nested(51, false))]).toEqual([
      'unknown',
      'unknown',
      'unknown',
    ]);
    expect([operationsOf(nested(50, false)), operationsOf(nested(49, {}))]).toEqual(['known', 'known']);
  });

  test("a provider configuration key of a module ('module.audit:huaweicloud') finds the provider by its name", () => {
    const p = plan();
    p.configuration.root_module.module_calls.audit.module.resources[0].provider_config_key = 'module.audit:huaweicloud';
    const n = loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification;
    expect(n.region).toEqual({ kind: 'known', value: 'cn-north-4' });
    p.configuration.provider_config = {
      'module.audit:huaweicloud': { name: 'huaweicloud', full_name: PROVIDER, expressions: { region: { constant_value: 'cn-south-1' } } },
    } as never;
    expect((loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification).region).toEqual({
      kind: 'known',
      value: 'cn-south-1',
    });
    // The module's own configuration wins over the root's of the same name.
    p.configuration.provider_config = {
      huaweicloud: { name: 'huaweicloud', expressions: { region: { constant_value: 'cn-north-4' } } },
      'module.audit:huaweicloud': { name: 'huaweicloud', expressions: { region: { constant_value: 'cn-east-3' } } },
    } as never;
    expect((loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification).region).toEqual(known('cn-east-3'));
  });

  test("a resource's own region in the plan wins; an empty one does not", () => {
    const p = plan();
    const notificationValues = p.planned_values.root_module.child_modules[0].resources[0].values as Record<string, unknown>;
    notificationValues.region = 'ap-southeast-1';
    delete (p.resource_changes[1].change.after_unknown as Record<string, unknown>).region;
    expect((loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification).region).toEqual({
      kind: 'known',
      value: 'ap-southeast-1',
    });
    notificationValues.region = '';
    expect((loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification).region).toEqual({
      kind: 'known',
      value: 'cn-north-4',
    });
  });

  test('an unknown reference through a module input whose argument is a literal, or that refers to nothing followed', () => {
    const p = plan();
    p.configuration.root_module.module_calls.audit.expressions = { topic_urn: { constant_value: 'urn:smn:cn-north-4:p:t' } } as never;
    const n = loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification;
    expect(n.topic).toEqual({
      kind: 'unknown',
      reason:
        'module.audit.huaweicloud_cts_notification.this.smn_topic is known only after apply, and its expression refers to no resource the checker can follow; check the state after apply (terraform show -json)',
    });
    p.configuration.root_module.module_calls.audit.expressions = { topic_urn: { references: ['var.upstream', 'local.x', 7] } } as never;
    expect((loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification).topic.kind).toBe('unknown');
  });
});

describe('references followed through nested module instances', () => {
  /** A plan with module.outer["a"].module.inner[0], whose notification's topic comes from the root through two inputs. */
  function nested(outerTopic: unknown, innerTopic: unknown = { references: ['var.topic'] }) {
    const address = 'module.outer["a"].module.inner[0].huaweicloud_cts_notification.n';
    return {
      format_version: '1.2',
      planned_values: {
        root_module: {
          child_modules: [
            {
              address: 'module.outer["a"]',
              child_modules: [
                {
                  address: 'module.outer["a"].module.inner[0]',
                  resources: [
                    {
                      address,
                      mode: 'managed',
                      type: 'huaweicloud_cts_notification',
                      name: 'n',
                      values: { name: 'n', operation_type: 'complete', enabled: true, region: 'cn-north-4' },
                    },
                  ],
                },
              ],
            },
          ],
        },
      },
      resource_changes: [{ address, change: { actions: ['create'], after_unknown: { smn_topic: true } } }],
      configuration: {
        root_module: {
          module_calls: {
            outer: {
              expressions: { topic: outerTopic },
              module: {
                module_calls: {
                  inner: {
                    expressions: { topic: innerTopic },
                    module: {
                      resources: [
                        {
                          address: 'huaweicloud_cts_notification.n',
                          provider_config_key: 'huaweicloud',
                          expressions: { smn_topic: { references: ['var.topic'] } },
                        },
                      ],
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
  }
  const topicOf = (p: unknown) => (loadPlan('plan.json', p).elements[0] as Notification).topic;

  test('a root resource attribute, through the inputs of both modules', () => {
    expect(topicOf(nested({ references: ['huaweicloud_smn_topic.t.topic_urn', 'huaweicloud_smn_topic.t'] }))).toEqual({
      kind: 'ref',
      address: 'huaweicloud_smn_topic.t',
      attribute: 'topic_urn',
      expression: 'huaweicloud_smn_topic.t.topic_urn',
    });
  });

  test('an expression with several references (a conditional, a function) is unknown, not its first reference', () => {
    expect(
      topicOf(
        nested({
          references: [
            'local.topics.audit',
            'local.topics',
            'huaweicloud_smn_topic.t.topic_urn',
            'huaweicloud_smn_topic.t',
            'huaweicloud_smn_topic.u.topic_urn',
            'huaweicloud_smn_topic.u',
          ],
        }),
      ),
    ).toEqual({
      kind: 'unknown',
      reason:
        'its expression refers to local.topics.audit, huaweicloud_smn_topic.t.topic_urn, huaweicloud_smn_topic.u.topic_urn; which value it takes is known only after apply',
    });
  });

  test('an instance of a counted resource is one reference, whatever Terraform lists with it', () => {
    expect(
      topicOf(nested({ references: ['huaweicloud_smn_topic.t[0].topic_urn', 'huaweicloud_smn_topic.t[0]', 'huaweicloud_smn_topic.t'] })),
    ).toEqual({
      kind: 'ref',
      address: 'huaweicloud_smn_topic.t[0]',
      attribute: 'topic_urn',
      expression: 'huaweicloud_smn_topic.t[0].topic_urn',
    });
  });

  test('a resource of the outer module instance, named with its instance key', () => {
    expect(topicOf(nested({ constant_value: 'x' }, { references: ['huaweicloud_smn_topic.local.topic_urn'] }))).toEqual({
      kind: 'ref',
      address: 'module.outer["a"].huaweicloud_smn_topic.local',
      attribute: 'topic_urn',
      expression: 'huaweicloud_smn_topic.local.topic_urn',
    });
  });

  test('an input with nothing to follow is unknown, saying so', () => {
    expect(topicOf(nested({ references: ['local.x.y'] })).kind).toBe('unknown');
    expect(topicOf(nested(undefined)).kind).toBe('unknown');
  });

  const NOTHING_TO_FOLLOW =
    'module.outer["a"].module.inner[0].huaweicloud_cts_notification.n.smn_topic is known only after apply, and its expression refers to no resource the checker can follow; check the state after apply (terraform show -json)';

  test.each([
    'local.topics.audit',
    'module.m.topic_urn',
    'data.huaweicloud_smn_topics.t.topics',
    'each.value.topic_urn',
    'count.index.value',
    'path.module.x',
    'terraform.workspace.x',
    'var.topic.urn',
    'nounderscore.t.topic_urn',
    'huaweicloud_smn_topic.t',
  ])('a reference to %s alone is no resource attribute: unknown', (reference) => {
    expect(topicOf(nested({ references: [reference] }))).toEqual({ kind: 'unknown', reason: NOTHING_TO_FOLLOW });
  });

  test('a reference is dropped only for a longer one of the same object, not for another resource whose name it begins', () => {
    expect(
      topicOf(nested({ references: ['huaweicloud_smn_topic.t', 'huaweicloud_smn_topic.tx.topic_urn', 'huaweicloud_smn_topic.tx'] })),
    ).toEqual({
      kind: 'unknown',
      reason:
        'its expression refers to huaweicloud_smn_topic.t, huaweicloud_smn_topic.tx.topic_urn; which value it takes is known only after apply',
    });
    expect(
      topicOf(
        nested({ references: ['huaweicloud_smn_topic.t["a"].topic_urn', 'huaweicloud_smn_topic.t["a"]', 'huaweicloud_smn_topic.t'] }),
      ),
    ).toEqual({
      kind: 'ref',
      address: 'huaweicloud_smn_topic.t["a"]',
      attribute: 'topic_urn',
      expression: 'huaweicloud_smn_topic.t["a"].topic_urn',
    });
  });

  test('references that are not strings are passed over; references that are not a list are none', () => {
    expect(topicOf(nested({ references: [7, null, 'huaweicloud_smn_topic.t.topic_urn'] })).kind).toBe('ref');
    expect(topicOf(nested({ references: 'huaweicloud_smn_topic.t.topic_urn' })).kind).toBe('unknown');
  });
});

describe('objects a plan deletes beside the current ones', () => {
  const TRACKER = 'huaweicloud_cts_tracker';
  /** A system tracker in planned_values; with no region, its region is unknown until apply. */
  const planned = (name: string, region?: string) => ({
    address: `${TRACKER}.${name}`,
    mode: 'managed',
    type: TRACKER,
    name,
    provider_name: PROVIDER,
    values: { enabled: true, bucket_name: 'cts-traces', lts_enabled: true, ...(region ? { region } : {}) },
  });
  /** Its change; `before` is the object in the prior state (null for a create). */
  const change = (
    name: string,
    actions: string[],
    before: Record<string, unknown> | null = { region: 'cn-north-4' },
    deposed?: string,
  ) => ({
    address: `${TRACKER}.${name}`,
    mode: 'managed',
    type: TRACKER,
    name,
    provider_name: PROVIDER,
    ...(deposed ? { deposed } : {}),
    change: { actions, before, after: actions.join() === 'delete' ? null : {}, after_unknown: {} },
  });
  const trackerPlan = (resources: unknown[], changes: unknown[], configured: string[] = []) => ({
    format_version: '1.2',
    planned_values: { root_module: { resources } },
    resource_changes: changes,
    configuration: {
      provider_config: { huaweicloud: { name: 'huaweicloud', expressions: { region: { constant_value: 'cn-north-4' } } } },
      root_module: {
        resources: configured.map((name) => ({
          address: `${TRACKER}.${name}`,
          type: TRACKER,
          name,
          provider_config_key: 'huaweicloud',
          expressions: {},
        })),
      },
    },
  });
  const doubts = (doc: unknown) =>
    (loadPlan('plan.json', doc).elements.filter((e) => e.type === 'tracker') as Tracker[]).map((t) => [t.address, t.mayNotExist]);
  const deletes = (object: string, advice: string) =>
    `the plan deletes ${object}, whose delete disables the project's system tracker (delete_tracker = true deletes it), and Terraform does not make this tracker's create or update run after it; ${advice}`;

  test('BUG: a deposed object listed after the current one does not replace what is known only after apply', () => {
    const p = plan();
    (p.resource_changes[1].change.after_unknown as Record<string, unknown>).filter = true;
    p.resource_changes.push({
      address: 'module.audit.huaweicloud_cts_notification.this',
      module_address: 'module.audit',
      deposed: '5f2a9c1e',
      change: { actions: ['delete'], before: { filter: [] }, after: null, after_unknown: {} },
    } as never);
    const n = loadPlan('plan.json', p).elements.find((e) => e.type === 'notification') as Notification;
    expect(n.filtered).toEqual({
      kind: 'unknown',
      reason:
        'module.audit.huaweicloud_cts_notification.this.filter is known only after apply, and its expression refers to no resource the checker can follow; check the state after apply (terraform show -json)',
    });
  });

  test('BUG: a deposed notification that is only deleted is no element and changes nothing of the current one, listed before or after it', () => {
    const deposed = {
      address: 'module.audit.huaweicloud_cts_notification.this',
      module_address: 'module.audit',
      deposed: '5f2a9c1e',
      change: { actions: ['delete'], before: { filter: [{ condition: 'AND', rule: ['code = 200'] }] }, after: null, after_unknown: {} },
    };
    const without = loadPlan('plan.json', plan()).elements;
    for (const changes of [
      [deposed, ...plan().resource_changes],
      [...plan().resource_changes, deposed],
    ]) {
      expect(loadPlan('plan.json', plan({ resource_changes: changes })).elements).toEqual(without);
    }
  });

  test('BUG: a tracker replaced create-before-destroy may not exist: the delete of its old object runs last', () => {
    expect(doubts(trackerPlan([planned('system', 'cn-north-4')], [change('system', ['create', 'delete'])], ['system']))).toEqual([
      [
        'huaweicloud_cts_tracker.system',
        "the plan replaces it create-before-destroy, so the provider's delete of the old object runs last and disables the system tracker (delete_tracker = true deletes it); replace it destroy-first (no create_before_destroy), or apply and check the state",
      ],
    ]);
  });

  test('BUG: a tracker deleted at another address (renamed without a moved block) makes each tracker that may be in its region one that may not exist', () => {
    const doc = trackerPlan(
      [planned('audit', 'cn-north-4'), planned('sg', 'ap-southeast-1'), planned('unsure')],
      [
        change('audit', ['create'], null),
        change('system', ['delete']),
        change('sg', ['no-op'], { region: 'ap-southeast-1' }),
        change('unsure', ['create'], null),
      ],
      ['audit', 'sg'],
    );
    const why = deletes('huaweicloud_cts_tracker.system', 'use a moved block if it was renamed, or apply and check the state');
    expect(doubts(doc)).toEqual([
      ['huaweicloud_cts_tracker.audit', why],
      ['huaweicloud_cts_tracker.sg', undefined],
      ['huaweicloud_cts_tracker.unsure', why],
    ]);
  });

  test("BUG: a deposed tracker object the plan deletes, or another tracker's old object replaced create-before-destroy, leaves each tracker of the region one that may not exist", () => {
    const deposed = trackerPlan(
      [planned('system', 'cn-north-4')],
      [change('system', ['no-op']), change('system', ['delete'], { region: 'cn-north-4' }, '5f2a9c1e')],
      ['system'],
    );
    expect(doubts(deposed)).toEqual([
      [
        'huaweicloud_cts_tracker.system',
        deletes('the deposed object 5f2a9c1e of huaweicloud_cts_tracker.system', 'apply and check the state'),
      ],
    ]);
    const replaced = trackerPlan(
      [planned('a', 'cn-north-4'), planned('b', 'cn-north-4')],
      [change('a', ['create', 'delete']), change('b', ['update'])],
      ['a', 'b'],
    );
    expect(doubts(replaced)[1]).toEqual([
      'huaweicloud_cts_tracker.b',
      deletes(
        'the old object of huaweicloud_cts_tracker.a (replaced create-before-destroy)',
        'replace huaweicloud_cts_tracker.a destroy-first (no create_before_destroy), or apply and check the state',
      ),
    ]);
  });

  test("BUG: a deleted tracker's region is its own, else its provider's; one whose region cannot be known may be in any", () => {
    const sg = planned('sg', 'ap-southeast-1');
    const fromProvider = trackerPlan([planned('system', 'cn-north-4'), sg], [change('system', ['create', 'delete'], {})], ['system']);
    expect(doubts(fromProvider).map(([, why]) => why !== undefined)).toEqual([true, false]);
    const nowhere = trackerPlan([sg], [change('old', ['delete'], {})]);
    expect(doubts(nowhere)).toEqual([
      [
        'huaweicloud_cts_tracker.sg',
        deletes('huaweicloud_cts_tracker.old', 'use a moved block if it was renamed, or apply and check the state'),
      ],
    ]);
  });

  test('a tracker whose own region is not known may be where a tracker is deleted; an empty prior region is none', () => {
    const doc = trackerPlan([planned('system')], [change('old', ['delete'], { region: 'ap-southeast-1' })]);
    (doc.configuration.provider_config.huaweicloud.expressions as Record<string, unknown>) = {};
    expect(doubts(doc)).toEqual([
      [
        'huaweicloud_cts_tracker.system',
        deletes('huaweicloud_cts_tracker.old', 'use a moved block if it was renamed, or apply and check the state'),
      ],
    ]);
    // A prior region "" is no region: the deleted tracker's region is its provider's, the tracker's own here.
    const cn = trackerPlan([planned('system', 'cn-north-4')], [change('old', ['delete'], { region: '' })], ['old']);
    expect(doubts(cn).map(([, why]) => why !== undefined)).toEqual([true]);
    const sg = trackerPlan([planned('system', 'ap-southeast-1')], [change('old', ['delete'], { region: '' })], ['old']);
    expect(doubts(sg)).toEqual([['huaweicloud_cts_tracker.system', undefined]]);
  });

  test('a tracker replaced destroy-first, created, updated or left alone is as planned', () => {
    const doc = trackerPlan(
      [planned('a', 'cn-north-4'), planned('b', 'cn-north-4'), planned('c', 'cn-north-4'), planned('d', 'cn-north-4')],
      [change('a', ['delete', 'create']), change('b', ['create'], null), change('c', ['update']), change('d', ['no-op'])],
      ['a', 'b', 'c', 'd'],
    );
    expect(doubts(doc).map(([, why]) => why)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('resources of the trail the checker does not model, in a plan or state', () => {
  test('each is a resource-unmodeled diagnostic with its address and place; harmless ones and other services are not', () => {
    const state = {
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            {
              address: 'huaweicloud_smn_topic_attributes.policy',
              mode: 'managed',
              type: 'huaweicloud_smn_topic_attributes',
              name: 'policy',
              values: {},
            },
            {
              address: 'huaweicloud_smn_message_template.t',
              mode: 'managed',
              type: 'huaweicloud_smn_message_template',
              name: 't',
              values: {},
            },
            { address: 'huaweicloud_vpc.v', mode: 'managed', type: 'huaweicloud_vpc', name: 'v', values: {} },
            { address: 'data.huaweicloud_obs_buckets.all', mode: 'data', type: 'huaweicloud_obs_buckets', name: 'all', values: {} },
          ],
          child_modules: [
            {
              address: 'module.m',
              resources: [
                {
                  address: 'module.m.huaweicloud_obs_bucket_replication.r',
                  mode: 'managed',
                  type: 'huaweicloud_obs_bucket_replication',
                  name: 'r',
                  values: {},
                },
              ],
            },
          ],
        },
      },
    };
    const loaded = loadState('state.json', state);
    expect(loaded.diagnostics.map((d) => [d.rule, d.address, d.source])).toEqual([
      ['resource-unmodeled', 'huaweicloud_smn_topic_attributes.policy', { file: 'state.json', pointer: '/values/root_module/resources/0' }],
      [
        'resource-unmodeled',
        'module.m.huaweicloud_obs_bucket_replication.r',
        { file: 'state.json', pointer: '/values/root_module/child_modules/0/resources/0' },
      ],
    ]);
    expect(loaded.diagnostics[0].message).toBe(
      'huaweicloud_smn_topic_attributes.policy is a huaweicloud_smn_topic_attributes, which can change what CTS records, who is notified or who can reach the trace files, and which the checker does not model: it cannot vouch for the trail beside it; review what it does and waive this finding (resource-unmodeled, address huaweicloud_smn_topic_attributes.policy) with the reason, or remove it',
    );
  });
});

describe('a state of Terraform 0.12 (format_version 0.1)', () => {
  test('is read: its shape is the one read', () => {
    const state = {
      format_version: '0.1',
      terraform_version: '0.12.31',
      values: {
        root_module: {
          resources: [
            {
              address: 'huaweicloud_cts_tracker.system',
              mode: 'managed',
              type: 'huaweicloud_cts_tracker',
              name: 'system',
              provider_name: 'huaweicloud',
              schema_version: 0,
              values: { id: 'system', enabled: false, region: 'cn-north-4', bucket_name: 'b' },
            },
          ],
        },
      },
    };
    const [t] = loadState('state.json', state).elements as Tracker[];
    expect([t.address, t.enabled, t.region, t.mayNotExist]).toEqual([
      'huaweicloud_cts_tracker.system',
      known(false),
      known('cn-north-4'),
      undefined,
    ]);
  });
});

describe('objects of a state that are not what the cloud will have, or not of Huawei Cloud', () => {
  const resource = (extra: Record<string, unknown>, type = 'huaweicloud_cts_tracker', name = 'system') => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    provider_name: PROVIDER,
    values: { id: `${name}-id`, region: 'cn-north-4', enabled: true, bucket_name: 'b', status: 'enabled', name: 'n' },
    ...extra,
  });
  const state = (...resources: object[]) => loadState('state.json', { format_version: '1.0', values: { root_module: { resources } } });

  test('BUG: a deposed tracker object is destroyed by the next apply, which disables the system tracker: no tracker of its region proves anything', () => {
    const { elements } = state(
      resource({}),
      resource({ deposed_key: '5f2a9c1e' }),
      resource({ values: { region: 'ap-southeast-1' } }, undefined, 'hk'),
    );
    expect(elements.map((e) => [e.address, e.mayNotExist])).toEqual([
      [
        'huaweicloud_cts_tracker.system',
        "the state holds the deposed object 5f2a9c1e of huaweicloud_cts_tracker.system, which the next apply destroys, and its delete disables the project's system tracker (delete_tracker = true deletes it); apply and check the state",
      ],
      [
        'huaweicloud_cts_tracker.system',
        'huaweicloud_cts_tracker.system is the deposed object 5f2a9c1e, which a create-before-destroy replacement left behind and the next apply destroys; apply and check the state',
      ],
      ['huaweicloud_cts_tracker.hk', undefined],
    ]);
    // Its id is not the current object's.
    expect(elements[1].resourceId).toBeUndefined();
  });

  test('BUG: a deposed notification proves nothing; the current one is as it is', () => {
    const { elements } = state(
      resource({}, 'huaweicloud_cts_notification', 'n'),
      resource({ deposed_key: '00000001' }, 'huaweicloud_cts_notification', 'n'),
    );
    expect(elements.map((e) => e.mayNotExist)).toEqual([
      undefined,
      'huaweicloud_cts_notification.n is the deposed object 00000001, which a create-before-destroy replacement left behind and the next apply destroys; apply and check the state',
    ]);
  });

  test('BUG: a tainted object proves nothing: an apply failed part-way through it', () => {
    const [t] = state(resource({ tainted: true })).elements;
    expect(t.mayNotExist).toBe(
      'huaweicloud_cts_tracker.system is tainted (an apply failed part-way through it): the next apply replaces it, and its values may not be what the cloud has; apply and check the state',
    );
  });

  test("BUG: a resource of another provider (a fork with the same resource types) proves nothing; Huawei Cloud's, from any registry, does", () => {
    const of = (provider_name: string) => state(resource({ provider_name })).elements[0].mayNotExist;
    expect(of('registry.terraform.io/someone/huaweicloud')).toBe(
      "huaweicloud_cts_tracker.system is managed by the provider registry.terraform.io/someone/huaweicloud, not huaweicloud/huaweicloud, whose behaviour the checker knows; use Huawei Cloud's provider",
    );
    for (const name of [
      'registry.terraform.io/huaweicloud/huaweicloud',
      'registry.opentofu.org/huaweicloud/huaweicloud',
      'huaweicloud/huaweicloud',
      'huaweicloud',
    ]) {
      expect(of(name)).toBeUndefined();
    }
  });

  test("a plan's prior state: a deposed object's id is not the current object's", () => {
    const input = loadPlan('plan.json', {
      ...plan(),
      prior_state: {
        format_version: '1.0',
        values: {
          root_module: {
            resources: [
              resource({}, 'huaweicloud_cts_notification', 'n'),
              resource({ deposed_key: '00000001', values: { id: 'old-id' } }, 'huaweicloud_cts_notification', 'n'),
            ],
          },
        },
      },
    });
    expect(input.priorState).toEqual({ 'huaweicloud_cts_notification.n': 'n-id' });
  });
});

describe("a plan's provider in another account or project", () => {
  const withProvider = (expressions: Record<string, unknown>) => {
    const p = plan();
    const provider = { name: 'huaweicloud', full_name: PROVIDER, expressions: { region: { references: ['var.region'] }, ...expressions } };
    return loadPlan('plan.json', { ...p, configuration: { ...p.configuration, provider_config: { huaweicloud: provider } } });
  };
  const regions = (input: LoadedInput) => input.elements.map((e) => e.region);

  test("BUG: a provider that assumes an agency's role puts its resources in an unknown place, whatever their region", () => {
    const input = withProvider({
      assume_role: [{ agency_name: { constant_value: 'log_archive_admin' }, domain_name: { constant_value: 'acme' } }],
    });
    expect(regions(input)).toEqual([
      {
        kind: 'unknown',
        reason:
          "provider huaweicloud assumes an agency's role (assume_role), so its resources are in the account of that agency, not the one checked; check that account with --live",
      },
      {
        kind: 'unknown',
        reason:
          "provider huaweicloud assumes an agency's role (assume_role), so its resources are in the account of that agency, not the one checked; check that account with --live",
      },
    ]);
  });

  test("BUG: a provider working in another project than its region's puts its resources in an unknown place", () => {
    expect(regions(withProvider({ project_name: { constant_value: 'cn-north-4_dev' } }))[0]).toEqual({
      kind: 'unknown',
      reason:
        'provider huaweicloud works in project "cn-north-4_dev", not its region\'s default project (project_name), and CTS trackers and notifications are per project; check that project with --live',
    });
    expect(regions(withProvider({ project_name: { references: ['var.project'] } }))[0]).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('provider huaweicloud works in a project the checker cannot evaluate'),
    });
  });

  test("its region's default project, or none, or no role: the resources are where they say", () => {
    for (const expressions of [
      { project_name: { constant_value: 'cn-north-4' } },
      { project_name: { constant_value: null } },
      { assume_role: [] },
      {},
    ]) {
      expect(regions(withProvider(expressions))[0]).toEqual(known('cn-north-4'));
    }
  });
});

describe('parts of a plan or state missing or of another shape, read for what they can prove', () => {
  const notificationOf = (doc: unknown) => loadPlan('plan.json', doc).elements.find((e) => e.type === 'notification') as Notification;

  test('resource changes that are not a list are none: every planned value is as shown', () => {
    const n = notificationOf({ ...plan(), resource_changes: { 'module.audit.huaweicloud_cts_notification.this': {} } });
    expect([n.topic, n.region]).toEqual([known(undefined), known('cn-north-4')]);
  });

  test('a plan without configuration follows nothing and has no provider to take a region from', () => {
    const n = notificationOf({ ...plan(), configuration: undefined });
    expect([n.topic, n.region]).toEqual([
      {
        kind: 'unknown',
        reason:
          'module.audit.huaweicloud_cts_notification.this.smn_topic is known only after apply, and its expression refers to no resource the checker can follow; check the state after apply (terraform show -json)',
      },
      { kind: 'unknown', reason: 'the plan gives no region for this resource and no provider configuration for it' },
    ]);
  });

  test('configuration resources and module calls that are not well formed are passed over', () => {
    const p = plan();
    const root = p.configuration.root_module as Record<string, unknown>;
    root.resources = [null, { address: 7 }, ...(root.resources as unknown[])];
    root.module_calls = { broken: null, ...(root.module_calls as object) };
    const n = notificationOf(p);
    expect([n.topic.kind, n.region]).toEqual(['ref', known('cn-north-4')]);
  });

  test('a provider region whose references are not a list cannot be evaluated', () => {
    const p = plan();
    p.configuration.provider_config.huaweicloud.expressions = { region: { references: 'var.region' } } as never;
    expect(notificationOf(p).region).toEqual({
      kind: 'unknown',
      reason: 'the region of provider huaweicloud is an expression the checker cannot evaluate; set it to a literal or a variable',
    });
  });

  test('an expression of more than three references names the first three', () => {
    const p = plan();
    p.configuration.root_module.module_calls.audit.module.resources[0].expressions = {
      smn_topic: {
        references: ['huaweicloud_smn_topic.a', 'huaweicloud_smn_topic.b', 'huaweicloud_smn_topic.c', 'huaweicloud_smn_topic.d'],
      },
    } as never;
    expect(notificationOf(p).topic).toEqual({
      kind: 'unknown',
      reason:
        'its expression refers to huaweicloud_smn_topic.a, huaweicloud_smn_topic.b, huaweicloud_smn_topic.c, ...; which value it takes is known only after apply',
    });
  });

  test("a prior state's resources, values and child modules of another shape give no ids", () => {
    const priorState = (root_module: unknown) => loadPlan('plan.json', { ...plan(), prior_state: { values: { root_module } } }).priorState;
    const topic = (address: string, values: unknown) => ({ address, mode: 'managed', type: 'huaweicloud_smn_topic', values });
    expect(priorState({ resources: { a: topic('huaweicloud_smn_topic.a', { id: 'a' }) }, child_modules: {} })).toEqual({});
    expect(
      priorState({
        resources: [
          topic('huaweicloud_smn_topic.a', null),
          topic('huaweicloud_smn_topic.b', { id: '' }),
          topic('huaweicloud_smn_topic.c', { id: 7 }),
          { ...topic('huaweicloud_smn_topic.d', { id: 'd' }), mode: 'data' },
          { ...topic('huaweicloud_smn_topic.e', { id: 'e' }), address: 5 },
          topic('huaweicloud_smn_topic.f', { id: 'f' }),
        ],
        child_modules: [{ resources: [topic('module.m.huaweicloud_smn_topic.g', { id: 'g' })] }, null],
      }),
    ).toEqual({ 'huaweicloud_smn_topic.f': 'f', 'module.m.huaweicloud_smn_topic.g': 'g' });
  });

  test('a state resource whose values are not an object has none: no name, and no region', () => {
    const { elements } = loadState('state.json', {
      format_version: '1.0',
      values: {
        root_module: { resources: [{ address: 'huaweicloud_smn_topic.t', mode: 'managed', type: 'huaweicloud_smn_topic', values: 'x' }] },
      },
    });
    expect(elements).toEqual([
      expect.objectContaining({
        address: 'huaweicloud_smn_topic.t',
        name: { kind: 'unknown', reason: 'name is not set' },
        region: { kind: 'unknown', reason: 'the state has no region for this resource' },
      }),
    ]);
    expect(elements[0].resourceId).toBeUndefined();
  });

  test('actions that are not a list are no actions: a tracker "deleted" by a string is not deleted', () => {
    const tracker = (region: string) => ({
      address: 'huaweicloud_cts_tracker.system',
      mode: 'managed',
      type: 'huaweicloud_cts_tracker',
      values: { region, enabled: true, bucket_name: 'b' },
    });
    const doc = (actions: unknown) => ({
      format_version: '1.2',
      planned_values: { root_module: { resources: [tracker('cn-north-4')] } },
      resource_changes: [
        { address: 'huaweicloud_cts_tracker.old', type: 'huaweicloud_cts_tracker', change: { actions, before: null, after: null } },
      ],
    });
    expect((loadPlan('plan.json', doc('delete')).elements[0] as Tracker).mayNotExist).toBeUndefined();
    // The same change with its actions as a list deletes a tracker whose region (no before, no configuration) may be any.
    expect((loadPlan('plan.json', doc(['delete'])).elements[0] as Tracker).mayNotExist).toMatch(
      /^the plan deletes huaweicloud_cts_tracker\.old,/,
    );
  });

  test("a deleted tracker whose prior values are not an object takes its provider's region", () => {
    const tracker = (name: string, region: string) => ({
      address: `huaweicloud_cts_tracker.${name}`,
      mode: 'managed',
      type: 'huaweicloud_cts_tracker',
      values: { region, enabled: true, bucket_name: 'b' },
    });
    const doc = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [tracker('cn', 'cn-north-4'), tracker('sg', 'ap-southeast-1')] } },
      resource_changes: [
        { address: 'huaweicloud_cts_tracker.old', type: 'huaweicloud_cts_tracker', change: { actions: ['delete'], before: 'x' } },
      ],
      configuration: {
        provider_config: { 'huaweicloud.sg': { expressions: { region: { constant_value: 'ap-southeast-1' } } } },
        root_module: { resources: [{ address: 'huaweicloud_cts_tracker.old', provider_config_key: 'huaweicloud.sg', expressions: {} }] },
      },
    };
    expect(loadPlan('plan.json', doc).elements.map((e) => [e.address, e.mayNotExist !== undefined])).toEqual([
      ['huaweicloud_cts_tracker.cn', false],
      ['huaweicloud_cts_tracker.sg', true],
    ]);
  });

  test('a deposed tracker object of a state with no region may be in any region', () => {
    const { elements } = loadState('state.json', {
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            { address: 'huaweicloud_cts_tracker.t', mode: 'managed', type: 'huaweicloud_cts_tracker', values: { region: 'cn-north-4' } },
            { address: 'huaweicloud_cts_tracker.t', mode: 'managed', type: 'huaweicloud_cts_tracker', deposed_key: 'd1', values: {} },
          ],
        },
      },
    });
    expect(elements[0].mayNotExist).toBe(
      "the state holds the deposed object d1 of huaweicloud_cts_tracker.t, which the next apply destroys, and its delete disables the project's system tracker (delete_tracker = true deletes it); apply and check the state",
    );
  });
});

describe('the digests of the objects of a state or a prior state', () => {
  const module = (...resources: object[]) => ({ root_module: { resources } });
  const object = (extra: object) => ({ address: 'huaweicloud_smn_topic.t', mode: 'managed', type: 'huaweicloud_smn_topic', ...extra });
  const digests = (values: object) => loadState('state.json', { format_version: '1.0', values }).objects;

  test('one per current managed object, of its values with keys in any order; a deposed object has none', () => {
    const a = digests(module(object({ values: { name: 't', region: 'r' } }), object({ deposed_key: 'd1', values: { name: 'old' } })));
    const b = digests(module(object({ values: { region: 'r', name: 't' } })));
    const c = digests(module(object({ values: { region: 'r', name: 'u' } })));
    expect(Object.keys(a ?? {})).toEqual(['huaweicloud_smn_topic.t']);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a?.['huaweicloud_smn_topic.t']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('an object without values has the digest of null; a plan has digests only with a prior state', () => {
    expect(digests(module(object({})))).toEqual(digests(module(object({ values: null }))));
    expect(digests(module(object({})))).not.toEqual(digests(module(object({ values: {} }))));
    expect(loadPlan('plan.json', plan()).objects).toBeUndefined();
    expect(loadPlan('plan.json', { ...plan(), prior_state: { values: module(object({ values: {} })) } }).objects).toEqual(
      digests(module(object({ values: {} }))),
    );
  });
});
