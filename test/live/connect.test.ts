/**
 * The live check's settings at their edges: regions and projects from options and the environment, the endpoint
 * domain, endpoint overrides, and what readAccount sends (the security token) and gives back.
 */
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DEFAULT_CLOUD, connect, endpoints, readAccount, targetsOf } from '../../lib/live';

const P1 = '0970dd7a1300f5672ff2c003c60ae115';
const P2 = 'b7f1e0c2d3a4b5c6d7e8f9a0b1c2d3e4';
const keys = { HW_ACCESS_KEY: 'AK', HW_SECRET_KEY: 'SK' };
const none = { regions: [], projectIds: [], endpoints: [] };

describe('connect', () => {
  const targets = (settings: Partial<Parameters<typeof connect>[0]>, env: NodeJS.ProcessEnv = {}) => {
    const c = connect({ ...none, ...settings }, { ...keys, ...env });
    c.client.close();
    return c;
  };

  test('regions from --region, each once; else HW_REGION_NAME; --region wins', () => {
    expect(targets({ regions: ['cn-north-4', 'cn-north-4', 'ap-southeast-1'] }).targets).toEqual([
      { region: 'cn-north-4' },
      { region: 'ap-southeast-1' },
    ]);
    expect(targets({}, { HW_REGION_NAME: 'eu-west-101' }).targets).toEqual([{ region: 'eu-west-101' }]);
    expect(targets({ regions: ['cn-north-4'] }, { HW_REGION_NAME: 'eu-west-101' }).targets).toEqual([{ region: 'cn-north-4' }]);
  });

  test('the endpoint domain: HW_CLOUD, else the default; an empty HW_CLOUD is not set', () => {
    expect(DEFAULT_CLOUD).toBe('myhuaweicloud.com');
    expect(targets({ regions: ['cn-north-4'] }).cloud).toBe('myhuaweicloud.com');
    expect(targets({ regions: ['cn-north-4'] }, { HW_CLOUD: '' }).cloud).toBe('myhuaweicloud.com');
    expect(targets({ regions: ['cn-north-4'] }, { HW_CLOUD: 'myhuaweicloud.eu' }).cloud).toBe('myhuaweicloud.eu');
  });
});

describe('targetsOf at the edges', () => {
  test('HW_PROJECT_ID is for one region given without --project-id, and for nothing else', () => {
    expect(targetsOf(['cn-north-4', 'ap-southeast-1'], [], P1)).toEqual([{ region: 'cn-north-4' }, { region: 'ap-southeast-1' }]);
    expect(targetsOf(['cn-north-4'], [P2], P1)).toEqual([{ region: 'cn-north-4', projectId: P2 }]);
    expect(targetsOf(['cn-north-4'], [`cn-north-4=${P2}`, P2], P1)).toEqual([{ region: 'cn-north-4', projectId: P2 }]);
  });

  test.each<[string[], string]>([
    [[`=${P1}`], `--project-id: "=${P1}" is not a project id (32 hexadecimal digits)`],
    [[`x${P1}`], `--project-id: "x${P1}" is not a project id`],
    [[`${P1}x`], `--project-id: "${P1}x" is not a project id`],
    [[`cn-north-4=${P1.slice(1)}`], `--project-id: "${P1.slice(1)}" is not a project id`],
  ])('refuses %j', (projects, message) => {
    expect(() => targetsOf(['cn-north-4'], projects, undefined)).toThrow(message);
  });

  test('project ids are hexadecimal in either case', () => {
    expect(targetsOf(['cn-north-4'], [P1.toUpperCase()], undefined)).toEqual([{ region: 'cn-north-4', projectId: P1.toUpperCase() }]);
  });
});

describe('endpoints at the edges', () => {
  test.each([
    ['=https://x', 'not SERVICE=URL'],
    ['cts', 'not SERVICE=URL'],
    ['cts=', 'not SERVICE=URL'],
    ['cts=xhttps://x', 'not SERVICE=URL'],
    ['cts=https://x y', 'not SERVICE=URL'],
    ['cts=https://', 'not SERVICE=URL'],
    ['obs=https://h/x', 'an OBS endpoint is a scheme, host and port, without a path'],
  ])('refuses %j', (override, message) => {
    expect(() => endpoints([override], 'c')).toThrow(message);
  });

  test.each([
    ['cts', 'cts=http://127.0.0.1:1/cts//', 'http://127.0.0.1:1/cts'],
    ['smn', 'smn=https://smn.{region}.example.com', 'https://smn.ap-southeast-1.example.com'],
    ['iam', 'iam=https://iam.example.com/{region}/{region}', 'https://iam.example.com/ap-southeast-1/ap-southeast-1'],
    ['obs', 'obs=http://127.0.0.1:9000', 'http://127.0.0.1:9000'],
  ] as const)('%s overridden', (service, override, url) => {
    expect(endpoints([override], 'c')(service, 'ap-southeast-1')).toBe(url);
  });

  test('the last override of a service wins', () => {
    expect(endpoints(['cts=https://a', 'cts=https://b'], 'c')('cts', 'r')).toBe('https://b');
  });
});

describe('readAccount', () => {
  let server: Server;
  let url: string;
  const seen: IncomingMessage[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(req.url?.startsWith('/v3/projects') ? JSON.stringify({ projects: [{ id: P1, name: 'cn-north-4' }] }) : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  test('signs with the security token when there is one, finds the project, and gives a snapshot of the place with the tool', async () => {
    const progress: Array<[number, number]> = [];
    const snapshot = await readAccount(
      { regions: ['cn-north-4'], projectIds: [], endpoints: ['cts', 'smn', 'iam'].map((s) => `${s}=${url}`), retries: 0 },
      { ...keys, HW_SECURITY_TOKEN: 'TOKEN-1', HW_CLOUD: 'example.com' },
      {
        now: () => new Date('2026-11-25T12:00:00Z'),
        tool: { name: 'cts-audit', version: '9.9.9' },
        progress: (d, t) => progress.push([d, t]),
      },
    );
    expect(snapshot).toMatchObject({
      cloud: 'example.com',
      tool: { name: 'cts-audit', version: '9.9.9' },
      places: [{ region: 'cn-north-4', projectId: P1, readAt: '2026-11-25T12:00:00.000Z' }],
    });
    expect(progress).toEqual([[1, 1]]);
    expect(seen.length).toBeGreaterThan(4);
    for (const req of seen) expect(req.headers['x-security-token']).toBe('TOKEN-1');
  });

  test('HW_DOMAIN_ID is sent as X-Domain-Id on domain-level requests, and only when set', async () => {
    const headers = async (env: NodeJS.ProcessEnv) => {
      const { client } = connect({ regions: ['cn-north-4'], projectIds: [], endpoints: [`iam=${url}`], retries: 0 }, { ...keys, ...env });
      const before = seen.length;
      try {
        await client.global('iam', 'cn-north-4', 'GET', '/v3/auth/domains');
      } finally {
        client.close();
      }
      return seen.slice(before).map((req) => req.headers['x-domain-id']);
    };
    expect(await headers({ HW_DOMAIN_ID: 'd0000000000000000000000000000001' })).toEqual(['d0000000000000000000000000000001']);
    expect(await headers({ HW_DOMAIN_ID: '' })).toEqual([undefined]);
    expect(await headers({})).toEqual([undefined]);
  });
});
