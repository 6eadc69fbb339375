/**
 * An independent verifier of Huawei Cloud "SDK-HMAC-SHA256" (AK/SK) request
 * signatures, written from the published algorithm (API Request Signing
 * Guide; see /work/shared/reference/huaweicloud-cts-facts.md section C), not
 * from the SDK's signer. The test emulator uses it to authenticate requests
 * the way API Gateway (APIG) does; sdk-hmac.test.ts checks it against the
 * documented worked example and against requests signed by the real
 * `@huaweicloud/huaweicloud-sdk-core`.
 *
 * Algorithm:
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n
 *                      CanonicalHeaders \n SignedHeaders \n PayloadHash
 *   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(HMAC-SHA256(key = SK bytes, StringToSign))
 *   Authorization    = "SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b;c, Signature=hex"
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'SDK-HMAC-SHA256';
/** How far X-Sdk-Date may be from the server clock (either way). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** Payload hash of an empty body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** APIG's error code for every authentication failure. */
export const AUTH_ERROR_CODE = 'APIG.0301';
const AUTH_PREFIX = 'Incorrect IAM authentication information: ';

export interface SignedRequest {
  method: string;
  /** The raw request path (no query), possibly percent-encoded. */
  path: string;
  /** Decoded key/value pairs, or the raw query string (with or without a leading "?"). */
  query: Array<[string, string]> | string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

export type VerifyResult = { ok: true; ak: string } | { ok: false; status: number; code: string; message: string };

export interface ParsedAuthorization {
  access: string;
  signedHeaders: string[];
  signature: string;
}

/** RFC 3986 encoding: everything but A-Z a-z 0-9 - _ . ~ is %XX (UTF-8, upper-case hex). */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** decodeURIComponent that leaves malformed escapes as they are instead of throwing. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value.replace(/%([0-9A-Fa-f]{2})/g, (m, hex: string) => {
      const code = parseInt(hex, 16);
      return code < 0x80 ? String.fromCharCode(code) : m;
    });
  }
}

/** Each segment decoded, then re-encoded; a trailing "/" is appended if missing. */
export function canonicalURI(rawPath: string): string {
  const path = rawPath === '' ? '/' : rawPath;
  const encoded = path
    .split('/')
    .map((segment) => uriEncode(safeDecode(segment)))
    .join('/');
  return encoded.endsWith('/') ? encoded : encoded + '/';
}

/** Parses a raw query string into decoded pairs ("+" is kept as a literal plus). */
export function parseQuery(raw: string): Array<[string, string]> {
  const text = raw.startsWith('?') ? raw.slice(1) : raw;
  if (text === '') return [];
  return text
    .split('&')
    .filter((part) => part !== '')
    .map((part): [string, string] => {
      const eq = part.indexOf('=');
      return eq < 0 ? [safeDecode(part), ''] : [safeDecode(part.slice(0, eq)), safeDecode(part.slice(eq + 1))];
    });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Keys sorted (then values, for repeated keys); key=value both encoded; joined with "&". */
export function canonicalQueryString(query: Array<[string, string]> | string): string {
  const pairs = typeof query === 'string' ? parseQuery(query) : query;
  return [...pairs]
    .sort((x, y) => compare(x[0], y[0]) || compare(x[1], y[1]))
    .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
    .join('&');
}

/** `name:value\n` for each signed header, in the order given; values trimmed. */
export function canonicalHeaders(headers: Record<string, string>, signedHeaders: string[]): string {
  return signedHeaders.map((name) => `${name}:${(headers[name] ?? '').trim()}\n`).join('');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** x-sdk-content-sha256 when present (e.g. UNSIGNED-PAYLOAD), else hex sha256 of the body. */
export function payloadHash(headers: Record<string, string>, body: Buffer): string {
  const declared = headers['x-sdk-content-sha256'];
  return declared !== undefined ? declared.trim() : sha256Hex(body);
}

/**
 * Parses `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b;c, Signature=hex`.
 * Returns undefined when the header is not of that form.
 */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  if (header === undefined) return undefined;
  const match = /^SDK-HMAC-SHA256\s+Access=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]+)\s*$/.exec(header.trim());
  if (!match) return undefined;
  const signedHeaders = match[2].split(';').map((h) => h.trim().toLowerCase());
  if (signedHeaders.some((h) => h === '')) return undefined;
  return { access: match[1], signedHeaders, signature: match[3].toLowerCase() };
}

/**
 * The canonical request. Signed headers come from `signedHeaders`, else from
 * the request's Authorization header, else every header but Authorization
 * (sorted), which is what the Node SDK signs.
 */
export function canonicalRequest(req: SignedRequest, signedHeaders?: string[]): string {
  const names =
    signedHeaders ??
    parseAuthorization(req.headers['authorization'])?.signedHeaders ??
    Object.keys(req.headers)
      .map((h) => h.toLowerCase())
      .filter((h) => h !== 'authorization')
      .sort();
  return [
    req.method.toUpperCase(),
    canonicalURI(req.path),
    canonicalQueryString(req.query),
    canonicalHeaders(req.headers, names),
    names.join(';'),
    payloadHash(req.headers, req.body),
  ].join('\n');
}

export function stringToSign(sdkDate: string, canonicalRequestText: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequestText)}`;
}

/** hex(HMAC-SHA256(key = SK bytes, StringToSign)). */
export function signature(sk: string, stringToSignText: string): string {
  return createHmac('sha256', sk).update(stringToSignText).digest('hex');
}

/** Parses X-Sdk-Date (`YYYYMMDDTHHmmssZ`, UTC). */
export function parseSdkDate(value: string | undefined): Date | undefined {
  const m = value === undefined ? null : /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Reject impossible dates such as month 13 (Date.UTC would roll them over).
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? date : undefined;
}

/** Formats a date as X-Sdk-Date. */
export function formatSdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * The Authorization header for a request, signing every header it holds (as
 * the Node SDK does). Set `host` and `x-sdk-date` in `req.headers` first.
 */
export function signRequest(req: SignedRequest, ak: string, sk: string): string {
  const names = Object.keys(req.headers)
    .map((h) => h.toLowerCase())
    .filter((h) => h !== 'authorization')
    .sort();
  const sdkDate = req.headers['x-sdk-date'];
  if (sdkDate === undefined) throw new Error('signRequest: set headers["x-sdk-date"] first');
  const sig = signature(sk, stringToSign(sdkDate, canonicalRequest(req, names)));
  return `${ALGORITHM} Access=${ak}, SignedHeaders=${names.join(';')}, Signature=${sig}`;
}

function fail(message: string): VerifyResult {
  return { ok: false, status: 401, code: AUTH_ERROR_CODE, message: AUTH_PREFIX + message };
}

/** Verifies a request the way API Gateway does for AK/SK authentication. */
export function verifySignature(req: SignedRequest, credentials: Map<string, string>, now: Date): VerifyResult {
  const authorization = req.headers['authorization'];
  if (authorization === undefined || authorization.trim() === '') {
    return fail('x-auth-token not found');
  }
  const auth = parseAuthorization(authorization);
  if (!auth) {
    return fail('unsupported or malformed Authorization header, expected "SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=..."');
  }
  const sdkDateText = req.headers['x-sdk-date'];
  if (sdkDateText === undefined) return fail('x-sdk-date not found');
  const sdkDate = parseSdkDate(sdkDateText);
  if (!sdkDate) return fail('x-sdk-date is not of the form YYYYMMDDTHHmmssZ');
  if (Math.abs(now.getTime() - sdkDate.getTime()) > MAX_CLOCK_SKEW_MS) {
    return fail('the request is expired, x-sdk-date differs from the server time by more than 15 minutes');
  }
  if (!auth.signedHeaders.includes('host')) return fail('host is not among the SignedHeaders');
  const sk = credentials.get(auth.access);
  if (sk === undefined) return fail('Get secretKey failed');
  const expected = signature(sk, stringToSign(sdkDateText.trim(), canonicalRequest(req, auth.signedHeaders)));
  const given = Buffer.from(auth.signature, 'utf8');
  const wanted = Buffer.from(expected, 'utf8');
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return fail('verify aksk signature fail');
  }
  return { ok: true, ak: auth.access };
}
