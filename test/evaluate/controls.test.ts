import { CONTROLS, NON_CONTROL_RULES, NOTIFICATION_QUOTA } from '../../lib/evaluate/controls';
import { Resolver } from '../../lib/evaluate/resolve';
import type { Finding } from '../../lib/evaluate/verdict';
import { Element, LifecycleRule, Notification, UNRESOLVED, Value, known, ref, unknown } from '../../lib/model';
import { loadControls } from '../../lib/policy/controls';
import { BUCKET_NAME, OTHER_REGION, REGION, SCOPE, bucket, bucketPolicy, key, model, modelWith, notification, tracker } from './builders';

const T = 'huaweicloud_cts_tracker.system';
const B = 'huaweicloud_obs_bucket.traces';

function run(id: string, elements: Element[], retentionDays = 180): Finding[] {
  const m = model(...elements);
  return CONTROLS[id]({
    model: m,
    resolver: new Resolver(m),
    options: { retentionDays, regions: [REGION, OTHER_REGION] },
    severity: 'error',
    ruleId: id,
  });
}
const messages = (findings: Finding[]) => findings.map((f) => f.message);

/** Per control: elements that pass, that fail (with the message), and that cannot be verified (with the message). */
interface ControlCases {
  pass: Array<[string, Element[]]>;
  fail: Array<[string, Element[], string]>;
  cannotVerify: Array<[string, Element[], string]>;
}

const rules = (r: LifecycleRule[]) => known(r);
/** A bucket policy with one statement. */
const policy = (statement: Record<string, unknown>) => JSON.stringify({ Statement: [{ Resource: ['cts-audit-traces/*'], ...statement }] });
const PUBLIC = { Sid: 'Public', Effect: 'Allow', Principal: { ID: ['*'] }, Action: ['GetObject'] };

const CASES: Record<string, ControlCases> = {
  'tracker-file-validation': {
    pass: [['validate_file on', [tracker(), bucket()]]],
    fail: [
      [
        'validate_file off',
        [tracker({ validateFile: known(false) }), bucket()],
        `${T} does not validate trace files (validate_file is off)`,
      ],
    ],
    cannotVerify: [
      [
        'validate_file unknown',
        [tracker({ validateFile: unknown('var.validate has no value') }), bucket()],
        `cannot verify whether ${T} validates trace files: var.validate has no value`,
      ],
    ],
  },
  'tracker-kms-encryption': {
    pass: [
      ['kms_id set', [tracker(), bucket()]],
      [
        'kms_id a reference to a key of the inputs',
        [tracker({ kmsId: ref('huaweicloud_kms_key.traces', 'id', '${huaweicloud_kms_key.traces.id}') }), bucket(), key()],
      ],
    ],
    fail: [
      [
        'kms_id not set',
        [tracker({ kmsId: known(undefined) }), bucket()],
        `${T} does not encrypt trace files with KMS (kms_id is not set)`,
      ],
    ],
    cannotVerify: [
      [
        'kms_id unknown',
        [tracker({ kmsId: unknown('var.kms_id has no value') }), bucket()],
        `cannot verify whether ${T} encrypts trace files with KMS: var.kms_id has no value`,
      ],
      [
        'kms_id a reference to a key not in the inputs',
        [tracker({ kmsId: ref('huaweicloud_kms_key.shared', 'id', '${huaweicloud_kms_key.shared.id}') }), bucket()],
        `cannot verify whether ${T} encrypts trace files with KMS: \${huaweicloud_kms_key.shared.id} refers to huaweicloud_kms_key.shared, which is not in the inputs`,
      ],
    ],
  },
  'tracker-lts-transfer': {
    pass: [['lts_enabled on', [tracker(), bucket()]]],
    fail: [
      ['lts_enabled off', [tracker({ ltsEnabled: known(false) }), bucket()], `${T} does not transfer traces to LTS (lts_enabled is off)`],
    ],
    cannotVerify: [
      [
        'lts_enabled unknown',
        [tracker({ ltsEnabled: unknown('var.lts') }), bucket()],
        `cannot verify whether ${T} transfers traces to LTS: var.lts`,
      ],
    ],
  },
  'bucket-private': {
    pass: [
      ['acl private', [tracker(), bucket()]],
      ['acl private, a policy resource that only denies deletes', [tracker(), bucket(), bucketPolicy()]],
      [
        'a policy that grants to one named account only',
        [
          tracker(),
          bucket({
            policy: known(
              policy({ Effect: 'Allow', Principal: { ID: ['domain/0970dd7a1300f5672ff2c003c60ae115:user/*'] }, Action: ['GetObject'] }),
            ),
          }),
        ],
      ],
      ['an empty policy', [tracker(), bucket({ policy: known('  ') })]],
      ['a policy with no statement', [tracker(), bucket({ policy: known('{"Version": "2"}') })]],
      [
        'a policy whose one statement is an object, not a list',
        [tracker(), bucket({ policy: known(JSON.stringify({ Statement: { Effect: 'Deny', Principal: '*' } })) })],
      ],
      ['a policy that is JSON but not an object', [tracker(), bucket({ policy: known('[1, 2]') })]],
      ['an Allow with no principal', [tracker(), bucket({ policy: known(policy({ Effect: 'Allow', Action: ['GetObject'] })) })]],
      [
        'an Allow to a principal that is a number',
        [tracker(), bucket({ policy: known(policy({ Effect: 'Allow', Principal: 7, Action: ['GetObject'] })) })],
      ],
      [
        'a policy resource for another bucket that opens it to everyone',
        [tracker(), bucket(), bucketPolicy({ bucket: known('website-assets'), policy: known(policy(PUBLIC)) })],
      ],
      [
        'a public policy resource referring to another bucket resource',
        [
          tracker(),
          bucket(),
          bucket({ address: 'huaweicloud_obs_bucket.site', name: known('site') }),
          bucketPolicy({
            bucket: ref('huaweicloud_obs_bucket.site', 'bucket', '${huaweicloud_obs_bucket.site.bucket}'),
            policy: known(policy(PUBLIC)),
          }),
        ],
      ],
    ],
    fail: [
      [
        'acl private, but its own policy allows GetObject to everyone ({"ID": ["*"]})',
        [tracker(), bucket({ policy: known(policy(PUBLIC)) })],
        `trace bucket ${B} is open to everyone: the policy of trace bucket ${B}, statement "Public", allows GetObject to principal *`,
      ],
      [
        'a policy resource, by reference, allowing everything to "*" (s3 form)',
        [
          tracker(),
          bucket(),
          bucketPolicy({
            bucket: ref(B, 'bucket', '${huaweicloud_obs_bucket.traces.bucket}'),
            policyFormat: known('s3'),
            policy: known(JSON.stringify({ Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' } })),
          }),
        ],
        `trace bucket ${B} is open to everyone: bucket policy huaweicloud_obs_bucket_policy.traces, statement 1, allows * to principal *`,
      ],
      [
        'a policy resource, by name, granting {"AWS": "*"} under a condition',
        [
          tracker(),
          bucket(),
          bucketPolicy({
            policy: known(
              policy({
                Sid: 'Ip',
                Effect: 'Allow',
                Principal: { AWS: '*' },
                Action: ['PutObject'],
                Condition: { IpAddress: { SourceIp: '0.0.0.0/0' } },
              }),
            ),
          }),
        ],
        `trace bucket ${B} is open to everyone: bucket policy huaweicloud_obs_bucket_policy.traces, statement "Ip", allows PutObject to principal *, under a condition the checker does not evaluate`,
      ],
      [
        'an Allow with NotPrincipal',
        [
          tracker(),
          bucket({ policy: known(policy({ Sid: 'AllBut', Effect: 'Allow', NotPrincipal: { ID: ['domain/x'] }, Action: ['GetObject'] })) }),
        ],
        `trace bucket ${B} is open to everyone but a few: the policy of trace bucket ${B}, statement "AllBut", allows GetObject with NotPrincipal`,
      ],
      [
        'a principal given as a list holding "*"',
        [tracker(), bucket({ policy: known(policy({ Effect: 'Allow', Principal: ['domain/x', '*'], Action: 'GetObject' })) })],
        `trace bucket ${B} is open to everyone: the policy of trace bucket ${B}, statement 1, allows GetObject to principal *`,
      ],
      [
        'a principal map keyed "*"',
        [tracker(), bucket({ policy: known(policy({ Effect: 'allow', Principal: { '*': 'x' }, NotAction: ['DeleteObject'] })) })],
        `trace bucket ${B} is open to everyone: the policy of trace bucket ${B}, statement 1, allows DeleteObject to principal *`,
      ],
      [
        'a second statement that opens it, after one that denies',
        [
          tracker(),
          bucket({
            policy: known(
              JSON.stringify({
                Statement: [
                  { Sid: 'Deny', Effect: 'Deny', Principal: '*', Action: ['DeleteObject'] },
                  { Effect: 'Allow', Principal: { ID: 'domain/a' }, Action: ['GetObject'] },
                  { Sid: 7, Effect: 'Allow', Principal: { ID: ['*'] }, Action: ['GetObject', 'ListBucket'] },
                ],
              }),
            ),
          }),
        ],
        `trace bucket ${B} is open to everyone: the policy of trace bucket ${B}, statement 3, allows GetObject, ListBucket to principal *`,
      ],
      ['acl public-read', [tracker(), bucket({ acl: known('public-read') })], `trace bucket ${B} is not private (acl = "public-read")`],
      [
        'acl public-read-write',
        [tracker(), bucket({ acl: known('public-read-write') })],
        `trace bucket ${B} is not private (acl = "public-read-write")`,
      ],
    ],
    cannotVerify: [
      [
        'acl unknown',
        [tracker(), bucket({ acl: unknown('var.acl has no value') })],
        `cannot verify the ACL of trace bucket ${B}: var.acl has no value`,
      ],
      [
        'a policy that is not JSON (jsonencode in HCL)',
        [tracker(), bucket({ policy: known('jsonencode({})') })],
        `cannot verify the policy of trace bucket ${B}: it is not JSON the checker can read (is it built with a function such as jsonencode? check a plan)`,
      ],
      [
        'a policy known only after apply',
        [tracker(), bucket(), bucketPolicy({ policy: unknown('policy is known only after apply') })],
        'cannot verify bucket policy huaweicloud_obs_bucket_policy.traces: policy is known only after apply',
      ],
      [
        'a policy resource whose bucket is unknown',
        [tracker(), bucket(), bucketPolicy({ bucket: unknown('var.bucket has no value') })],
        `cannot verify that bucket policy huaweicloud_obs_bucket_policy.traces does not open trace bucket ${B} to everyone: its bucket is unknown (var.bucket has no value)`,
      ],
      [
        'a statement that is not an object',
        [tracker(), bucket({ policy: known(JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*' }, 'Allow everyone'] })) })],
        `cannot verify the policy of trace bucket ${B}: statement 2 is not an object`,
      ],
      [
        'a principal interpolated from a value known only when Terraform runs',
        [
          tracker(),
          bucket({ policy: known(policy({ Sid: 'Who', Effect: 'Allow', Principal: { ID: [UNRESOLVED] }, Action: ['GetObject'] })) }),
        ],
        `cannot verify the policy of trace bucket ${B}: the principal of statement "Who" is known only when Terraform runs; check a plan`,
      ],
      [
        'an Effect interpolated from a value known only when Terraform runs',
        [
          tracker(),
          bucket({ policy: known(policy({ Sid: 'Maybe', Effect: UNRESOLVED, Principal: { ID: ['*'] }, Action: ['GetObject'] })) }),
        ],
        `cannot verify the policy of trace bucket ${B}: the Effect of statement "Maybe" is known only when Terraform runs; check a plan`,
      ],
      [
        "a policy resource naming a bucket by a literal, while the trace bucket's own name is unknown",
        [
          tracker({ bucketName: ref(B, 'bucket', '${huaweicloud_obs_bucket.traces.bucket}') }),
          bucket({ name: unknown('var.bucket has no value') }),
          bucketPolicy({ bucket: known('some-bucket'), policy: known(policy(PUBLIC)) }),
        ],
        `cannot verify that bucket policy huaweicloud_obs_bucket_policy.traces does not open trace bucket ${B} to everyone: its bucket is unknown (the name of ${B} is unknown: var.bucket has no value)`,
      ],
      [
        'a principal interpolated from a value known only when Terraform runs',
        [
          tracker(),
          bucket({ policy: known(policy({ Sid: 'Who', Effect: 'Allow', Principal: { ID: [UNRESOLVED] }, Action: ['GetObject'] })) }),
        ],
        `cannot verify the policy of trace bucket ${B}: the principal of statement "Who" is known only when Terraform runs; check a plan`,
      ],
    ],
  },
  'bucket-encrypted': {
    pass: [
      ['encryption on with kms', [tracker(), bucket()]],
      ['encryption on, no algorithm (the provider defaults to kms)', [tracker(), bucket({ sseAlgorithm: known(undefined) })]],
    ],
    fail: [
      ['encryption off', [tracker(), bucket({ encryption: known(false) })], `trace bucket ${B} is not encrypted (encryption is off)`],
      [
        'encryption with AES256',
        [tracker(), bucket({ sseAlgorithm: known('AES256') })],
        `trace bucket ${B} is encrypted with AES256, not a KMS key (sse_algorithm = "kms")`,
      ],
    ],
    cannotVerify: [
      [
        'encryption unknown',
        [tracker(), bucket({ encryption: unknown('var.enc') })],
        `cannot verify the encryption of trace bucket ${B}: var.enc`,
      ],
      [
        'algorithm unknown',
        [tracker(), bucket({ sseAlgorithm: unknown('var.alg') })],
        `cannot verify the encryption algorithm of trace bucket ${B}: var.alg`,
      ],
    ],
  },
  'bucket-versioned': {
    pass: [['versioning on', [tracker(), bucket()]]],
    fail: [
      ['versioning off', [tracker(), bucket({ versioning: known(false) })], `trace bucket ${B} does not keep versions (versioning is off)`],
    ],
    cannotVerify: [
      [
        'versioning unknown',
        [tracker(), bucket({ versioning: unknown('var.v') })],
        `cannot verify whether trace bucket ${B} keeps versions: var.v`,
      ],
    ],
  },
  'bucket-retention': {
    pass: [
      ['365 days', [tracker(), bucket()]],
      [
        'exactly the 180 days required',
        [tracker(), bucket({ lifecycleRules: rules([{ enabled: true, prefix: '', expirationDays: 180 }]) })],
      ],
      ['no lifecycle rule: kept forever', [tracker(), bucket({ lifecycleRules: rules([]) })]],
      ['a rule with transitions but no expiration', [tracker(), bucket({ lifecycleRules: rules([{ enabled: true, prefix: '' }]) })]],
      [
        'a short rule that is disabled',
        [tracker(), bucket({ lifecycleRules: rules([{ enabled: false, prefix: '', expirationDays: 7 }]) })],
      ],
      [
        "a short rule on another prefix than the tracker's",
        [
          tracker({ filePrefix: known('audit') }),
          bucket({ lifecycleRules: rules([{ enabled: true, prefix: 'tmp/', expirationDays: 7 }]) }),
        ],
      ],
      [
        'a short rule on another prefix than CloudTraces/',
        [tracker(), bucket({ lifecycleRules: rules([{ enabled: true, prefix: 'access-logs/', expirationDays: 7 }]) })],
      ],
    ],
    fail: [
      [
        '30 days',
        [tracker(), bucket({ lifecycleRules: rules([{ enabled: true, prefix: '', expirationDays: 30 }]) })],
        `trace bucket ${B} expires trace files after 30 days, under the required 180`,
      ],
      [
        'current versions kept 365 days, but noncurrent (overwritten or deleted) ones purged after 1 day',
        [tracker(), bucket({ lifecycleRules: rules([{ enabled: true, prefix: '', expirationDays: 365, noncurrentExpirationDays: 1 }]) })],
        `trace bucket ${B} deletes overwritten or deleted trace files (noncurrent versions) after 1 day, under the required 180`,
      ],
      [
        'the shortest of several short rules',
        [
          tracker(),
          bucket({
            lifecycleRules: rules([
              { enabled: true, prefix: '', expirationDays: 90 },
              { enabled: true, prefix: 'CloudTraces/', expirationDays: 60 },
            ]),
          }),
        ],
        `trace bucket ${B} expires trace files after 60 days, under the required 180`,
      ],
      [
        "a short rule on the tracker's prefix",
        [
          tracker({ filePrefix: known('audit') }),
          bucket({ lifecycleRules: rules([{ enabled: true, prefix: 'audit/', expirationDays: 30 }]) }),
        ],
        `trace bucket ${B} expires trace files after 30 days, under the required 180`,
      ],
      [
        "a short rule on a folder under the tracker's CloudTraces/",
        [
          tracker({ filePrefix: known('audit') }),
          bucket({ lifecycleRules: rules([{ enabled: true, prefix: 'audit/CloudTraces/cn-north-4/', expirationDays: 30 }]) }),
        ],
        `trace bucket ${B} expires trace files after 30 days, under the required 180`,
      ],
      [
        "a short rule on any prefix when the tracker's prefix is unknown",
        [
          tracker({ filePrefix: unknown('var.prefix') }),
          bucket({ lifecycleRules: rules([{ enabled: true, prefix: 'tmp/', expirationDays: 30 }]) }),
        ],
        `trace bucket ${B} expires trace files after 30 days, under the required 180`,
      ],
      [
        'a short rule on the prefix of one of two trackers writing to the bucket',
        [
          tracker({ filePrefix: known('a') }),
          tracker({ address: 'huaweicloud_cts_tracker.hk', region: known(OTHER_REGION), filePrefix: known('b') }),
          bucket({ lifecycleRules: rules([{ enabled: true, prefix: 'b/', expirationDays: 30 }]) }),
        ],
        `trace bucket ${B} expires trace files after 30 days, under the required 180`,
      ],
    ],
    cannotVerify: [
      [
        'lifecycle rules unknown',
        [tracker(), bucket({ lifecycleRules: unknown('a lifecycle_rule expiration has days that are not a literal number') })],
        `cannot verify how long trace bucket ${B} keeps trace files: a lifecycle_rule expiration has days that are not a literal number`,
      ],
    ],
  },
  'bucket-force-destroy': {
    pass: [['force_destroy off', [tracker(), bucket()]]],
    fail: [
      [
        'force_destroy on',
        [tracker(), bucket({ forceDestroy: known(true) })],
        `trace bucket ${B} can be force-destroyed with all its trace files (force_destroy = true)`,
      ],
    ],
    cannotVerify: [
      [
        'force_destroy unknown',
        [tracker(), bucket({ forceDestroy: unknown('var.fd') })],
        `cannot verify whether trace bucket ${B} can be force-destroyed: var.fd`,
      ],
    ],
  },
  'notification-quota': {
    pass: [['100 notifications in a region', notifications(100)]],
    fail: [
      [
        '101 notifications in a region',
        notifications(101),
        `${REGION} has 101 key event notifications; CTS allows at most 100 per region, so some would fail to apply`,
      ],
    ],
    // An unknown region: see 'cannot verify the quota ...' below.
    cannotVerify: [],
  },
  'notification-name-unique': {
    pass: [
      ['two names in a region', notifications(2)],
      [
        'one name in a plan and a state (the same notification)',
        [...notifications(1), ...notifications(1, { scope: 'plan.json', input: 'plan' })],
      ],
      ['one name in two regions', [...notifications(1), ...notifications(1, { region: known(OTHER_REGION) })]],
    ],
    fail: [
      [
        'two resources of one name in one configuration',
        [...notifications(1), notification({ address: 'huaweicloud_cts_notification.copy', name: known('n-0') })],
        `huaweicloud_cts_notification.copy and huaweicloud_cts_notification.n[0] are both named "n-0" in ${REGION}: CTS notification names are unique in a region, so one of them would fail to apply; rename one`,
      ],
      [
        'a counted notification whose instances share a name',
        [notification({ address: 'huaweicloud_cts_notification.n[*]', name: known('all'), instances: 150 })],
        `huaweicloud_cts_notification.n[*] stands for 150 notifications all named "all" in ${REGION}: CTS notification names are unique in a region, so all but one would fail to apply; give each instance its own name`,
      ],
    ],
    cannotVerify: [],
  },
};

/** n notifications named n-0 ... in a region. */
function notifications(n: number, overrides: Partial<Notification> = {}, from = 0): Notification[] {
  return Array.from({ length: n }, (_, i) =>
    notification({ address: `huaweicloud_cts_notification.n[${from + i}]`, name: known(`n-${from + i}`), ...overrides }),
  );
}

test('every control has cases here, and metadata in policies/controls.json', () => {
  expect(Object.keys(CASES).sort()).toEqual(Object.keys(CONTROLS).sort());
  const ids = loadControls().map((r) => r.id);
  for (const id of [...Object.keys(CONTROLS), ...NON_CONTROL_RULES]) expect(ids).toContain(id);
});

describe.each(Object.entries(CASES))('%s', (id, cases) => {
  const passes = cases.pass;
  test.each(passes)('passes: %s', (_, elements) => {
    expect(run(id, elements)).toEqual([]);
  });

  test.each(cases.fail)('fails: %s', (_, elements, message) => {
    const findings = run(id, elements);
    expect(messages(findings)).toEqual([message]);
    expect(findings[0]).toMatchObject({ ruleId: id, severity: 'error', region: REGION });
  });

  if (cases.cannotVerify.length > 0) {
    test.each(cases.cannotVerify)('cannot verify: %s', (_, elements, message) => {
      const findings = run(id, elements);
      expect(findings).toHaveLength(1);
      expect(findings[0].message.startsWith(message)).toBe(true);
      expect(findings[0]).toMatchObject({ ruleId: id, severity: 'error' });
    });
  }
});

describe('tracker controls', () => {
  const trackerControls = ['tracker-file-validation', 'tracker-kms-encryption', 'tracker-lts-transfer'];
  const bad = { validateFile: known(false), kmsId: known(undefined), ltsEnabled: known(false) };

  test.each(trackerControls)('%s says nothing about a disabled tracker', (id) => {
    expect(run(id, [tracker({ enabled: known(false), ...bad }), bucket()])).toEqual([]);
  });

  test.each(trackerControls)('%s checks a tracker whose enabled is unknown', (id) => {
    expect(run(id, [tracker({ enabled: unknown('var.on'), ...bad }), bucket()])).toHaveLength(1);
  });

  test('a finding locates the tracker, with its region', () => {
    const [f] = run('tracker-file-validation', [tracker({ validateFile: known(false), scope: 'plan.json', input: 'plan' }), bucket()]);
    expect(f).toEqual({
      ruleId: 'tracker-file-validation',
      severity: 'error',
      message: `${T} does not validate trace files (validate_file is off)`,
      address: T,
      region: REGION,
      location: { scope: 'plan.json', address: T, source: { file: 'plan.json' } },
    });
  });

  test('a finding on a tracker of unknown region has no region', () => {
    const [f] = run('tracker-lts-transfer', [tracker({ ltsEnabled: known(false), region: unknown('var.region') })]);
    expect(f).not.toHaveProperty('region');
  });

  test('the severity and rule id come from the context', () => {
    const m = model(tracker({ ltsEnabled: known(false) }));
    const [f] = CONTROLS['tracker-lts-transfer']({
      model: m,
      resolver: new Resolver(m),
      options: { retentionDays: 180, regions: [REGION] },
      severity: 'warning',
      ruleId: 'tracker-lts-transfer',
    });
    expect(f).toMatchObject({ severity: 'warning', ruleId: 'tracker-lts-transfer' });
  });
});

describe('bucket controls', () => {
  const bucketControls = ['bucket-private', 'bucket-encrypted', 'bucket-versioned', 'bucket-retention', 'bucket-force-destroy'];
  const badBucket = () =>
    bucket({
      acl: known('public-read'),
      encryption: known(false),
      versioning: known(false),
      forceDestroy: known(true),
      lifecycleRules: rules([{ enabled: true, prefix: '', expirationDays: 1 }]),
    });

  test.each(bucketControls)('%s: a trace bucket not in the inputs cannot be verified', (id) => {
    const findings = run(id, [tracker()]);
    expect(findings).toEqual([
      {
        ruleId: id,
        severity: 'error',
        message: `cannot verify bucket "cts-audit-traces", which ${T} writes trace files to: it is not defined in any input; pass the configuration or state that defines it`,
        address: T,
        region: REGION,
        location: expect.objectContaining({ address: T }),
      },
    ]);
  });

  test.each(bucketControls)('%s: a trace bucket of unknown name cannot be verified', (id) => {
    expect(messages(run(id, [tracker({ bucketName: unknown('var.bucket has no value') }), bucket()]))).toEqual([
      `cannot verify its bucket, which ${T} writes trace files to: it is not defined in any input; pass the configuration or state that defines it`,
    ]);
  });

  test.each(bucketControls)('%s: an LTS-only tracker has no bucket to check', (id) => {
    expect(run(id, [tracker({ bucketName: known(undefined) }), badBucket()])).toEqual([]);
  });

  test.each(bucketControls)('%s: the bucket of a disabled tracker is not checked', (id) => {
    expect(run(id, [tracker({ enabled: known(false) }), badBucket()])).toEqual([]);
  });

  test.each(bucketControls)('%s: a bucket no tracker writes to is not checked', (id) => {
    expect(
      run(id, [
        tracker({ bucketName: known('other-traces') }),
        bucket({ name: known('other-traces'), address: 'huaweicloud_obs_bucket.other' }),
        badBucket(),
      ]),
    ).toEqual([]);
  });

  test.each(bucketControls)('%s: a bucket two trackers write to is reported once', (id) => {
    const findings = run(id, [tracker(), tracker({ address: 'huaweicloud_cts_tracker.hk', region: known(OTHER_REGION) }), badBucket()]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ address: B, location: { address: B } });
  });

  test("a bucket referred to by address is found in the tracker's scope", () => {
    const findings = run('bucket-versioned', [
      tracker({ scope: 'cdktf.out#a', input: 'synth', bucketName: ref(B, 'bucket', `\${${B}.bucket}`) }),
      bucket({ scope: 'cdktf.out#a', input: 'synth', name: unknown('bucket is a variable'), versioning: known(false) }),
    ]);
    expect(findings).toEqual([
      expect.objectContaining({
        message: `trace bucket ${B} does not keep versions (versioning is off)`,
        location: expect.objectContaining({ scope: 'cdktf.out#a' }),
      }),
    ]);
  });

  test('retention honours the required days', () => {
    expect(messages(run('bucket-retention', [tracker(), bucket()], 400))).toEqual([
      `trace bucket ${B} expires trace files after 365 days, under the required 400`,
    ]);
    expect(
      run('bucket-retention', [tracker(), bucket({ lifecycleRules: rules([{ enabled: true, prefix: '', expirationDays: 30 }]) })], 30),
    ).toEqual([]);
  });
});

describe('notification-quota', () => {
  const run100 = (extra: Element[]) => run('notification-quota', [...notifications(100), ...extra]);

  test("the quota is CTS's fixed 100", () => {
    expect(NOTIFICATION_QUOTA).toBe(100);
  });

  test('the same notification in a plan and a state counts once', () => {
    expect(run100(notifications(100, { scope: 'plan.json', input: 'plan' }))).toEqual([]);
  });

  test('a new name in the plan beside 100 in the state is one too many', () => {
    expect(messages(run100(notifications(1, { scope: 'plan.json', input: 'plan' }, 100)))).toEqual([
      `${REGION} has 101 key event notifications; CTS allows at most 100 per region, so some would fail to apply`,
    ]);
  });

  test('a notification that stands for many instances counts for each', () => {
    expect(messages(run('notification-quota', [notification({ address: 'n[*]', name: unknown('count.index'), instances: 101 })]))).toEqual([
      `${REGION} has 101 key event notifications; CTS allows at most 100 per region, so some would fail to apply`,
    ]);
    expect(run('notification-quota', [notification({ address: 'n[*]', name: unknown('count.index'), instances: 100 })])).toEqual([]);
  });

  test('a notification of unknown name counts on its own', () => {
    const f = run100([notification({ address: 'huaweicloud_cts_notification.extra', name: unknown('var.name') })]);
    expect(f).toEqual([
      {
        ruleId: 'notification-quota',
        severity: 'error',
        region: REGION,
        message: expect.stringContaining('has 101 key event notifications'),
      },
    ]);
  });

  test('the quota is per region', () => {
    expect(run('notification-quota', [...notifications(60), ...notifications(60, { region: known(OTHER_REGION) }, 60)])).toEqual([]);
    expect(run('notification-quota', [...notifications(60), ...notifications(101, { region: known(OTHER_REGION) }, 60)])).toEqual([
      expect.objectContaining({
        region: OTHER_REGION,
        message: `${OTHER_REGION} has 101 key event notifications; CTS allows at most 100 per region, so some would fail to apply`,
      }),
    ]);
  });

  test("cannot verify the quota when a notification's region is unknown and it could be the 101st", () => {
    // 100 notifications in cn-north-4 and one more whose provider region is a variable:
    // it may well be in cn-north-4, and a value the control cannot see is a finding, never a pass.
    const f = run100([
      notification({
        address: 'huaweicloud_cts_notification.extra',
        name: known('extra'),
        region: unknown('the provider region is var.region'),
      }),
    ]);
    expect(f).toEqual([expect.objectContaining({ ruleId: 'notification-quota', message: expect.stringContaining('cannot verify') })]);
  });
});

test('bucket-private: a part not read that reaches the bucket (a module given it, a plan that defers) cannot be verified', () => {
  const sharing = 'module.sharing (source "acme/bucket-sharing/huaweicloud") is not read: only local modules (./ or ../) are';
  const runWith = (reaches: { scope: string; addresses: string[] | '*' }) => {
    const m = modelWith({ diagnostics: [{ source: { file: 'main.tf' }, message: sharing, hides: true, reaches }] }, tracker(), bucket());
    return messages(
      CONTROLS['bucket-private']({
        model: m,
        resolver: new Resolver(m),
        options: { retentionDays: 180, regions: [REGION] },
        severity: 'error',
        ruleId: 'bucket-private',
      }),
    );
  };
  const expected = [`cannot verify that no bucket policy opens trace bucket ${B} to everyone: ${sharing}`];
  expect(runWith({ scope: SCOPE, addresses: [B] })).toEqual(expected);
  expect(runWith({ scope: SCOPE, addresses: '*' })).toEqual(expected);
  expect(runWith({ scope: SCOPE, addresses: ['huaweicloud_obs_bucket.other'] })).toEqual([]);
  expect(runWith({ scope: 'other-stack', addresses: '*' })).toEqual([]);
});

describe('bucket-private: an ACL resource (huaweicloud_obs_bucket_acl) replaces the bucket ACL', () => {
  const B = 'huaweicloud_obs_bucket.traces';
  const acl = (bucketValue: Value<string>, publicAccess: string[] | 'unknown') =>
    ({
      scope: 'state.json',
      address: 'huaweicloud_obs_bucket_acl.open',
      input: 'state',
      source: { file: 'state.json' },
      region: known(REGION),
      type: 'bucket-acl',
      bucket: bucketValue,
      publicAccess: publicAccess === 'unknown' ? unknown('var.public has no value') : known(publicAccess),
    }) as Element;

  test.each<[string, Element[], string[]]>([
    [
      'a public READ grant on the trace bucket, by name',
      [tracker(), bucket(), acl(known(BUCKET_NAME), ['READ'])],
      [`trace bucket ${B} is open to everyone: bucket ACL huaweicloud_obs_bucket_acl.open grants READ to all users (public_permission)`],
    ],
    [
      'a public grant by reference to the bucket',
      [tracker(), bucket(), acl(ref(B, 'bucket', `\${${B}.bucket}`), ['READ_ACP', 'WRITE'])],
      [
        `trace bucket ${B} is open to everyone: bucket ACL huaweicloud_obs_bucket_acl.open grants READ_ACP, WRITE to all users (public_permission)`,
      ],
    ],
    ['no public grant', [tracker(), bucket(), acl(known(BUCKET_NAME), [])], []],
    ['a public grant on another bucket', [tracker(), bucket(), acl(known('website-assets'), ['READ'])], []],
    [
      'a public grant whose bucket cannot be seen',
      [tracker(), bucket(), acl(unknown('var.bucket has no value'), ['READ'])],
      [
        `cannot verify that bucket ACL huaweicloud_obs_bucket_acl.open does not open trace bucket ${B} to everyone: its bucket cannot be seen: var.bucket has no value`,
      ],
    ],
    [
      'public accesses that cannot be seen',
      [tracker(), bucket(), acl(known(BUCKET_NAME), 'unknown')],
      [`cannot verify bucket ACL huaweicloud_obs_bucket_acl.open of trace bucket ${B}: var.public has no value`],
    ],
  ])('%s', (_name, elements, expected) => {
    expect(messages(run('bucket-private', elements))).toEqual(expected);
  });
});
