import type { Rule } from './controls';

/**
 * docs/rules.md, generated from policies/controls.json so that the rules'
 * documentation cannot drift from their metadata. Each rule's heading is its
 * id, which is the anchor reports link to (docs/rules.md#<id>).
 */
export function rulesMarkdown(rules: readonly Rule[]): string {
  const lines = [
    '# cts-audit rules',
    '',
    '<!-- Generated from policies/controls.json by `npm run generate:docs`; do not edit by hand. -->',
    '',
    'What `cts-audit check` verifies. An `error` finding, or any required event that is not covered or waived, fails the check (exit code 1).',
    '',
    '| Id | Severity | Applies to | Title |',
    '|---|---|---|---|',
    ...rules.map((r) => `| [${r.id}](#${r.id}) | ${r.severity} | ${r.appliesTo} | ${r.title} |`),
    '',
  ];
  for (const r of rules) {
    lines.push(
      `## ${r.id}`,
      '',
      `**${r.title}**`,
      '',
      `Severity: \`${r.severity}\`. Applies to: ${r.appliesTo}.`,
      '',
      r.description,
      '',
      `**Remediation:** ${r.remediation}`,
      '',
    );
  }
  return lines.join('\n');
}
