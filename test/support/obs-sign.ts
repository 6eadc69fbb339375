/**
 * An independent verifier of OBS request signatures (the "signature in a
 * header" method), written from Huawei's published algorithm (OBS API
 * reference, "Authentication of Signature in a Header" and "V2 Common
 * Requests"), not from the OBS SDK's signer. The emulator authenticates OBS
 * requests with it; obs-sign.test.ts checks it against the documented
 * example and against requests signed by `esdk-obs-nodejs`.
 *
 *   StringToSign  = VERB \n Content-MD5 \n Content-Type \n Date \n
 *                   CanonicalizedHeaders CanonicalizedResource
 *   Signature     = Base64(HMAC-SHA1(SK, UTF-8(StringToSign)))
 *   Authorization = "OBS AK:Signature" (headers x-obs-*) or "AWS AK:Signature" (headers x-amz-*)
 *
 * Date is empty when an x-obs-date (x-amz-date) header is sent; that header
 * is then among the canonicalized ones. CanonicalizedResource is the bucket
 * and key as addressed: "/bucket/" + path with a virtual-hosted bucket
 * (bucket.obs.region...), the request path itself ("/bucket", "/bucket/key")
 * in path style; then the sub-resources of the query, sorted, as "?acl" or
 * "?name=value" joined with "&".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far Date may be from the server clock (either way). */
export const OBS_MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** The query parameters OBS signs (the sub-resources), as far as the emulator serves them. */
export const SUB_RESOURCES = new Set([
  'acl',
  'policy',
  'versioning',
  'encryption',
  'lifecycle',
  'storagePolicy',
  'storageClass',
  'location',
  'logging',
  'tagging',
  'object-lock',
  'versionId',
  'uploadId',
]);

export interface ObsRequest {
  method: string;
  /** The bucket when addressed by host name (virtual-hosted style); undefined in path style. */
  hostBucket?: string;
  /** The raw request path, as sent (percent-encoded). */
  path: string;
  /** Decoded query parameters in order. */
  query: Array<[string, string]>;
  /** Header names in lower case. */
  headers: Record<string, string>;
}

export type ObsVerifyResult =
  { ok: true; ak: string; flavour: 'OBS' | 'AWS' } | { ok: false; status: number; code: string; message: string };

export function obsStringToSign(req: ObsRequest, flavour: 'OBS' | 'AWS'): string {
  const prefix = flavour === 'OBS' ? 'x-obs-' : 'x-amz-';
  const h = req.headers;
  const date = h[`${prefix}date`] !== undefined ? '' : (h['date'] ?? '');
  const canonical = new Map<string, string[]>();
  for (const [name, value] of Object.entries(h)) {
    if (!name.startsWith(prefix)) continue;
    canonical.set(name, [...(canonical.get(name) ?? []), value.trim()]);
  }
  const headerLines = [...canonical.keys()]
    .sort()
    .map((name) => `${name}:${canonical.get(name)!.join(',')}\n`)
    .join('');
  const subs = req.query
    .filter(([k]) => SUB_RESOURCES.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`));
  const addressed = req.hostBucket !== undefined ? `/${req.hostBucket}${req.path}` : req.path;
  const resource = `${addressed}${subs.length > 0 ? `?${subs.join('&')}` : ''}`;
  return [req.method, h['content-md5'] ?? '', h['content-type'] ?? '', date, headerLines + resource].join('\n');
}

export function obsSignature(sk: string, text: string): string {
  return createHmac('sha1', Buffer.from(sk, 'utf8')).update(Buffer.from(text, 'utf8')).digest('base64');
}

/** Signs a request as a client would (for tests). */
export function signObs(req: ObsRequest, ak: string, sk: string, flavour: 'OBS' | 'AWS' = 'OBS'): string {
  return `${flavour} ${ak}:${obsSignature(sk, obsStringToSign(req, flavour))}`;
}

/** Verifies a request's Authorization header: the errors are OBS's (403 with its codes). */
export function verifyObs(req: ObsRequest, credentials: Map<string, string>, now: Date): ObsVerifyResult {
  const m = /^(OBS|AWS) ([^:\s]+):(\S+)$/.exec(req.headers['authorization'] ?? '');
  if (!m) return { ok: false, status: 403, code: 'AccessDenied', message: 'Access Denied' };
  const [, flavour, ak, given] = m as unknown as [string, 'OBS' | 'AWS', string, string];
  const sk = credentials.get(ak);
  if (sk === undefined) {
    return {
      ok: false,
      status: 403,
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    };
  }
  const prefix = flavour === 'OBS' ? 'x-obs-' : 'x-amz-';
  const when = Date.parse(req.headers[`${prefix}date`] ?? req.headers['date'] ?? '');
  if (Number.isNaN(when) || Math.abs(when - now.getTime()) > OBS_MAX_CLOCK_SKEW_MS) {
    return {
      ok: false,
      status: 403,
      code: 'RequestTimeTooSkewed',
      message: 'The difference between the request time and the server time is too large.',
    };
  }
  const expected = Buffer.from(obsSignature(sk, obsStringToSign(req, flavour)));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return {
      ok: false,
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    };
  }
  return { ok: true, ak, flavour };
}
