/**
 * Control metadata (id, title, severity, description, remediation) as data
 * in `policies/controls.json`, apart from the logic that checks it, the way
 * cdk-nag keeps rule metadata in its packs. docs/rules.md is generated from it.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors';
import { readJsonFile } from '../json';
import { policiesDir } from './bundled';
import { describeIssues } from './issues';

export const CONTROLS_KIND = 'cts-audit-controls';

export const RuleSchema = z
  .object({
    id: z.string().regex(/^[a-z]+(-[a-z]+)*$/, 'must be lower-case words joined by "-"'),
    title: z.string().startsWith('Ensure ', 'must be phrased as the compliant state: "Ensure ..."'),
    severity: z.enum(['error', 'warning', 'note']),
    appliesTo: z.enum(['event', 'tracker', 'bucket', 'region', 'waiver', 'input']),
    description: z.string().min(20),
    remediation: z.string().min(10),
    /** Where the rule is documented: its anchor in docs/rules.md, which is generated with one anchor per id. */
    docs: z.string().regex(/^docs\/rules\.md#[a-z]+(-[a-z]+)*$/, 'must be docs/rules.md#<id>'),
  })
  .strict();

export const ControlsFileSchema = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal(CONTROLS_KIND),
    rules: z.array(RuleSchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${r.id}"` });
      seen.add(r.id);
      if (r.docs !== ruleDocs(r.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'docs'],
          message: `must be ${ruleDocs(r.id)}, the anchor docs/rules.md has for this id`,
        });
      }
    });
  });

export type Rule = z.infer<typeof RuleSchema>;

/** Severity of a finding, as SARIF levels. An `error` finding fails the check. */
export type Severity = 'error' | 'warning' | 'note';

/** A control or the event-coverage rule, as described in `policies/controls.json`. */
export interface RuleInfo {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly description: string;
  readonly remediation: string;
  /** Anchor in docs/rules.md. */
  readonly docs: string;
}

/** Loads and validates a controls file (default: the bundled one). */
export function loadControls(file: string = join(policiesDir(), 'controls.json')): Rule[] {
  const data = readJsonFile(file);
  const result = ControlsFileSchema.safeParse(data);
  if (!result.success) {
    const { where, problem } = describeIssues(result.error.issues, data);
    throw new InputError(file, where, problem);
  }
  return result.data.rules;
}

/** The documentation anchor of a rule in docs/rules.md. */
export function ruleDocs(id: string): string {
  return `docs/rules.md#${id}`;
}

/** Rule metadata as reporters see it. */
export function ruleInfo(rule: Rule): RuleInfo {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    description: rule.description,
    remediation: rule.remediation,
    docs: rule.docs,
  };
}
