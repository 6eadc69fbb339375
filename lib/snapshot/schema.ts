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
  .strict();

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
    readAt: z.string(),
    answers: z.array(AnswerSchema),
  })
  .strict();

export const SnapshotSchema = z
  .object({
    kind: z.literal(SNAPSHOT_KIND),
    schemaVersion: z.literal(1),
    createdAt: z.string(),
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
