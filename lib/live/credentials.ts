/**
 * The credentials the live check signs with, and the one way error text
 * leaves it: short and with anything that looks like a signature cut out.
 * The API client and the OBS reader both use them.
 */

/** Access key credentials, as the Terraform provider reads them. */
export interface Credentials {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken?: string;
}

/**
 * Keeps error text short and free of secrets: the SDK's messages can
 * include a URL (with query) but never headers; cut anything that looks
 * like an Authorization value anyway.
 */
export function clean(message: string): string {
  return message
    .replace(/SDK-HMAC-SHA256[^\n]*/g, 'SDK-HMAC-SHA256 [redacted]')
    .replace(/\b(AWS|OBS) [A-Za-z0-9]+:[A-Za-z0-9+/=]+/g, '$1 [redacted]')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}
