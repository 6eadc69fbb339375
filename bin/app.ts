#!/usr/bin/env node
/**
 * The default cdktf app (`cdktf.json` runs the compiled `dist/bin/app.js`):
 * one stack, `cts-audit`, auditing ModelArts notebooks with NotebookAudit.
 *
 * Settings, from cdktf context (`cdktf.json` "context", or `--context`
 * style env CDKTF_CONTEXT_JSON) or the environment; context wins:
 *   regions      / CTS_AUDIT_REGIONS      comma-separated regions
 *                                         (default: HW_REGION_NAME, else cn-north-4)
 *   subscribers  / CTS_AUDIT_SUBSCRIBERS  comma-separated protocol:endpoint pairs,
 *                                         e.g. email:secops@example.com,https:https://hooks.example.com/cts
 *   retentionDays / CTS_AUDIT_RETENTION_DAYS
 *   deployer     / CTS_AUDIT_DEPLOYER     the identity that runs terraform, in OBS policy form
 *                                         (domain/<account-id>:user/<user-id>, :agency/<name> or :root)
 *
 * With no subscriber, a placeholder e-mail endpoint is used so that synth
 * and the checker work out of the box; a precondition then fails any
 * `terraform plan` or `cdktf deploy` until real subscribers are set.
 */
import { App } from 'cdktf';
import { buildDefaultApp, readSettings } from '../lib/constructs/default-app';

const app = new App();
let settings: ReturnType<typeof readSettings>;
try {
  settings = readSettings((key) => app.node.tryGetContext(key), process.env);
} catch (e) {
  // A bad setting is the user's to fix: one line saying which and why, no stack trace.
  process.stderr.write(`cts-audit: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
for (const warning of settings.warnings) process.stderr.write(`cts-audit: warning: ${warning}\n`);
buildDefaultApp(app, settings);
app.synth();
