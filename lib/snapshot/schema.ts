/**
 * Snapshots: the raw API answers of a live check, with when, where and for
 * which project they were read, and nothing else: no header, no credential,
 * no token. `cts-audit check SNAPSHOT` re-evaluates one offline through the
 * same conversion as the live check, so it gives the same verdict; an
 * auditor can keep it as evidence.
 */
import { z } from 'zod';
import { InputError } from '../errors';
import { REGION_NAME } from '../model';
import { describeIssues } from '../policy/issues';
import type { Answer } from './answer';

export const SNAPSHOT_KIND = 'cts-audit-snapshot';

/**
 * A time with its zone (ISO 8601), kept as UTC in the form toISOString gives, so that times compare as text in the
 * order they happened: `2026-12-01T08:00:00+08:00` is an hour before `2026-12-01T01:00:00Z`.
 */
const Instant = z
  .string()
  .refine(
    (s) => {
      const at = Date.parse(s);
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(s) || !Number.isFinite(at)) return false;
      // No 30 February: in UTC, the date and time written are the ones that parse.
      return !s.endsWith('Z') || new Date(at).toISOString().slice(0, 16) === s.slice(0, 16);
    },
    { message: 'must be a time with its time zone (ISO 8601), such as 2026-11-25T12:00:00.000Z' },
  )
  .transform((s) => new Date(Date.parse(s)).toISOString());

const AnswerSchema = z
  .object({
    service: z.enum(['cts', 'smn', 'iam', 'organizations', 'obs']),
    /** POST only for IAM's temporary credentials, recorded only when they were refused (no body: never a credential). */
    method: z.enum(['GET', 'POST']),
    path: z.string(),
    query: z.record(z.string(), z.string()),
    status: z.number().int().optional(),
    body: z.unknown().optional(),
    error: z.object({ code: z.string().optional(), message: z.string() }).strict().optional(),
    attempts: z.number().int().min(1),
  })
  .strict()
  .superRefine((a, ctx) => {
    // Only a success has a body: the live check records none with an error, so such an answer was edited.
    if (a.body !== undefined && (a.error !== undefined || a.status === undefined || a.status < 200 || a.status > 299)) {
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: `is kept with ${a.error !== undefined ? 'an error' : `status ${a.status ?? '(none)'}`}: only a success has a body`,
      });
    }
  });

const PlaceSchema = z
  .object({
    /**
     * The account read, as it was named (`--account`, `--accounts`, or the organization's account name), when
     * the check read other accounts through an agency; absent for the account of the credentials.
     */
    account: z.string().min(1).optional(),
    /** That account's id (domain id), when known. */
    accountId: z.string().min(1).optional(),
    region: z.string().regex(REGION_NAME, 'must be a region name such as cn-north-4'),
    /** Absent when the project of the region could not be found. */
    projectId: z.string().min(1).optional(),
    /** Read at (ISO time). */
    readAt: Instant,
    answers: z.array(AnswerSchema),
  })
  .strict()
  .superRefine((place, ctx) => {
    // One answer per request: two answers to one request (an enabled and a disabled tracker) cannot both be true.
    const seen = new Map<string, number>();
    place.answers.forEach((a, i) => {
      const request = JSON.stringify([
        a.service,
        a.method,
        a.path,
        Object.entries(a.query).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
      ]);
      const first = seen.get(request);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['answers', i],
          message: `answers the request of answers[${first}] again: a reading has one answer per request`,
        });
      }
      seen.set(request, first ?? i);
    });
  });

export const SnapshotSchema = z
  .object({
    kind: z.literal(SNAPSHOT_KIND),
    schemaVersion: z.literal(1),
    createdAt: Instant,
    tool: z.object({ name: z.string(), version: z.string() }).strict(),
    cloud: z.string(),
    places: z.array(PlaceSchema),
  })
  .strict();

export type Snapshot = z.infer<typeof SnapshotSchema>;
export type Place = z.infer<typeof PlaceSchema>;

/** True when parsed JSON is a snapshot (by its kind). */
export function isSnapshot(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && (doc as { kind?: unknown }).kind === SNAPSHOT_KIND;
}

/** Validates a parsed snapshot file. */
export function parseSnapshot(doc: unknown, file: string): Snapshot {
  const result = SnapshotSchema.safeParse(doc);
  if (!result.success) {
    const { where, problem } = describeIssues(result.error.issues, doc);
    throw new InputError(file, where, problem);
  }
  return result.data;
}

/** The answer to a path in a place, if it was read. */
export function answerFor(place: Place, service: Answer['service'], path: string, query?: Record<string, string>): Answer | undefined {
  return place.answers.find(
    (a) => a.service === service && a.path === path && (!query || Object.entries(query).every(([k, v]) => a.query[k] === v)),
  ) as Answer | undefined;
}
