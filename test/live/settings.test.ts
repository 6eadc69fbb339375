import { InputError } from '../../lib/errors';
import { endpoints, readAccount, targetsOf } from '../../lib/live';
import { retryable } from '../../lib/live/client';

const P1 = '0970dd7a1300f5672ff2c003c60ae115';
const P2 = 'b7f1e0c2d3a4b5c6d7e8f9a0b1c2d3e4';

describe('targets', () => {
  test.each<[string, string[], string[], string | undefined, unknown]>([
    ['one region, no project: found through IAM later', ['cn-north-4'], [], undefined, [{ region: 'cn-north-4' }]],
    ['one region, HW_PROJECT_ID', ['cn-north-4'], [], P1, [{ region: 'cn-north-4', projectId: P1 }]],
    [
      'one region, two projects',
      ['cn-north-4'],
      [P1, P2],
      undefined,
      [
        { region: 'cn-north-4', projectId: P1 },
        { region: 'cn-north-4', projectId: P2 },
      ],
    ],
    [
      'two regions, one with a project',
      ['cn-north-4', 'ap-southeast-1'],
      [`ap-southeast-1=${P2}`],
      P1,
      [{ region: 'cn-north-4' }, { region: 'ap-southeast-1', projectId: P2 }],
    ],
  ])('%s', (_name, regions, projects, env, want) => {
    expect(targetsOf(regions, projects, env)).toEqual(want);
  });

  test.each<[string[], string[], string]>([
    [
      ['cn-north-4', 'ap-southeast-1'],
      [P1],
      `--project-id: ${P1}: with several regions, write REGION=PROJECT_ID (a project belongs to one region)`,
    ],
    [
      ['cn-north-4'],
      [`eu-west-101=${P1}`],
      `--project-id: eu-west-101=${P1} names region eu-west-101, which is not among the --region values`,
    ],
    [['cn-north-4'], ['prod'], '--project-id: "prod" is not a project id (32 hexadecimal digits)'],
  ])('refuses %j %j', (regions, projects, message) => {
    expect(() => targetsOf(regions, projects, undefined)).toThrow(message);
  });
});

describe('endpoints', () => {
  test('default: https://<service>.<region>.<cloud>', () => {
    expect(endpoints([], 'myhuaweicloud.com')('cts', 'cn-north-4')).toBe('https://cts.cn-north-4.myhuaweicloud.com');
    expect(endpoints([], 'myhuaweicloud.eu')('smn', 'eu-west-101')).toBe('https://smn.eu-west-101.myhuaweicloud.eu');
  });

  test('an override per service, with {region}', () => {
    const e = endpoints(['cts=http://127.0.0.1:8080/cts/{region}/'], 'myhuaweicloud.com');
    expect([e('cts', 'ap-southeast-1'), e('iam', 'ap-southeast-1')]).toEqual([
      'http://127.0.0.1:8080/cts/ap-southeast-1',
      'https://iam.ap-southeast-1.myhuaweicloud.com',
    ]);
  });

  test('a bad override is an input error', () => {
    expect(() => endpoints(['ecs=https://x'], 'c')).toThrow(
      '--endpoint: "ecs=https://x" is not SERVICE=URL with SERVICE one of cts, smn, iam, obs, organizations',
    );
    expect(() => endpoints(['obs=ftp://x'], 'c')).toThrow('is not SERVICE=URL');
  });

  test('OBS: https://obs.<region>.<cloud> by default; an override is a host without a path, which the OBS SDK would drop', () => {
    expect(endpoints([], 'myhuaweicloud.com')('obs', 'cn-north-4')).toBe('https://obs.cn-north-4.myhuaweicloud.com');
    expect(endpoints(['obs=http://127.0.0.1:9000/'], 'c')('obs', 'cn-north-4')).toBe('http://127.0.0.1:9000');
    expect(endpoints(['obs=https://obs.{region}.example.com'], 'c')('obs', 'eu-west-101')).toBe('https://obs.eu-west-101.example.com');
    expect(() => endpoints(['obs=http://127.0.0.1:9000/obs/{region}'], 'c')).toThrow(
      '--endpoint: "obs=http://127.0.0.1:9000/obs/{region}": an OBS endpoint is a scheme, host and port, without a path, e.g. obs=https://obs.{region}.example.com',
    );
  });
});

describe('readAccount', () => {
  const context = { now: () => new Date(), tool: { name: 't', version: '0' } };
  test.each<[NodeJS.ProcessEnv, string]>([
    [{}, 'HW_ACCESS_KEY: not set: the live check signs its requests with HW_ACCESS_KEY and HW_SECRET_KEY'],
    [{ HW_ACCESS_KEY: 'AK' }, 'HW_SECRET_KEY: not set'],
    [{ HW_ACCESS_KEY: 'AK', HW_SECRET_KEY: 'SK' }, '--region: required with --live (or set HW_REGION_NAME)'],
  ])('refuses missing settings, naming them: %j', async (env, message) => {
    await expect(readAccount({ regions: [], projectIds: [], endpoints: [] }, env, context)).rejects.toThrow(InputError);
    await expect(readAccount({ regions: [], projectIds: [], endpoints: [] }, env, context)).rejects.toThrow(message);
  });
});

test.each<[string, Parameters<typeof retryable>[0], boolean]>([
  ['no answer', { service: 'cts', method: 'GET', path: '/', query: {}, error: { message: 'timeout' } }, true],
  ['429', { service: 'cts', method: 'GET', path: '/', query: {}, status: 429, error: { message: 'throttled' } }, true],
  ['503', { service: 'cts', method: 'GET', path: '/', query: {}, status: 503, error: { message: 'unavailable' } }, true],
  ['403', { service: 'cts', method: 'GET', path: '/', query: {}, status: 403, error: { code: 'CTS.0002', message: 'denied' } }, false],
  [
    '401',
    { service: 'cts', method: 'GET', path: '/', query: {}, status: 401, error: { code: 'APIG.0301', message: 'bad signature' } },
    false,
  ],
  ['200', { service: 'cts', method: 'GET', path: '/', query: {}, status: 200, body: {} }, false],
])('retryable: %s', (_name, answer, want) => {
  expect(retryable(answer)).toBe(want);
});
