/**
 * Waivers: accepted exceptions, each with a reason and an expiry, kept in a
 * JSON file given with `--waivers`. As in cdk-nag, a waiver must say why
 * (at least ten characters), and waived results stay visible in every report.
 */
import { z } from 'zod';
import { InputError } from '../errors';
import { readJsonFile } from '../json';
import { describeIssues } from './issues';

export const WaiverSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .describe(
        'An event id (<service>/<resourceType>/<traceName>, e.g. ModelArts/Notebook/listNotebook) or a control id (e.g. tracker-lts-transfer).',
      ),
    region: z.string().min(1).optional().describe('Only this region. Default: every region.'),
    address: z.string().min(1).optional().describe('Only this resource address. Default: every address.'),
    status: z
      .enum(['partial', 'unknown', 'uncovered'])
      .optional()
      .describe(
        'Events only: only while the event is this bad or better (partial is better than unknown, unknown than uncovered), so that a waiver granted for a filter (partial) does not hide the notification disabled later (uncovered). Default: any status.',
      ),
    reason: z.string().trim().min(10, 'must explain the exception in at least 10 characters').describe('Why the exception is accepted.'),
    expires: z.iso.date('must be a date in the form YYYY-MM-DD').describe('Last day the waiver applies.'),
  })
  .strict();

export const WaiversFileSchema = z
  .object({
    $schema: z.string().optional(),
    waivers: z.array(WaiverSchema),
  })
  .strict();

export type Waiver = z.infer<typeof WaiverSchema>;

/**
 * Reads and validates a waivers file; problems name the file and the waiver.
 *
 * @param shownAs the file's name in messages (default: `file`)
 */
export function loadWaivers(file: string, shownAs: string = file): Waiver[] {
  const data = readJsonFile(file, shownAs);
  const result = WaiversFileSchema.safeParse(data);
  if (!result.success) {
    const { where, problem } = describeIssues(result.error.issues, data, (d, path) => {
      const w =
        path[0] === 'waivers' && typeof path[1] === 'number' ? (d as { waivers?: Array<{ id?: unknown }> }).waivers?.[path[1]] : undefined;
      return typeof w?.id === 'string' ? `waiver "${w.id}"` : undefined;
    });
    throw new InputError(shownAs, where, problem);
  }
  return result.data.waivers;
}
