import { obsStringToSign, signObs, verifyObs } from './obs-sign';

const DATE = 'Tue, 28 Jul 2020 06:29:47 GMT';
const NOW = new Date(Date.parse(DATE));
const creds = new Map([['AK1', 'SK1']]);

describe('obs-sign', () => {
  test("the documented example's StringToSign: GET an object's ACL, no MD5, no type, the Date, /bucket/key?acl", () => {
    const req = {
      method: 'GET',
      hostBucket: 'obs-test',
      path: '/log.conf',
      query: [['acl', '']] as Array<[string, string]>,
      headers: { date: DATE },
    };
    expect(obsStringToSign(req, 'OBS')).toBe(`GET\n\n\n${DATE}\n/obs-test/log.conf?acl`);
  });

  test('path style signs the path as sent; x-obs-* headers are canonical, sorted; the Date line is empty with x-obs-date', () => {
    const req = {
      method: 'GET',
      path: '/b',
      query: [
        ['versioning', ''],
        ['x', 'ignored'],
      ] as Array<[string, string]>,
      headers: { 'x-obs-security-token': ' tok ', 'x-obs-date': DATE, date: 'ignored', 'content-type': 'application/xml' },
    };
    expect(obsStringToSign(req, 'OBS')).toBe(`GET\n\napplication/xml\n\nx-obs-date:${DATE}\nx-obs-security-token:tok\n/b?versioning`);
  });

  test('verifies a signed request; refuses a tampered one, an unknown key and a stale date with OBS codes', () => {
    const req = {
      method: 'GET',
      path: '/b',
      query: [['acl', '']] as Array<[string, string]>,
      headers: { date: DATE } as Record<string, string>,
    };
    req.headers.authorization = signObs(req, 'AK1', 'SK1', 'AWS');
    expect(verifyObs(req, creds, NOW)).toEqual({ ok: true, ak: 'AK1', flavour: 'AWS' });
    expect(verifyObs({ ...req, path: '/c' }, creds, NOW)).toMatchObject({ ok: false, status: 403, code: 'SignatureDoesNotMatch' });
    expect(verifyObs(req, new Map([['AK2', 'SK1']]), NOW)).toMatchObject({ ok: false, code: 'InvalidAccessKeyId' });
    expect(verifyObs(req, creds, new Date(NOW.getTime() + 16 * 60 * 1000))).toMatchObject({ ok: false, code: 'RequestTimeTooSkewed' });
    expect(verifyObs({ ...req, headers: { date: DATE } }, creds, NOW)).toMatchObject({ ok: false, code: 'AccessDenied' });
  });
});
