import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Subscription, SubscriptionProtocol } from './event-notifications';
import { NotebookAudit } from './notebook-audit';
import { OBS_PRINCIPAL, PRINCIPAL_FORMS } from './trace-bucket';

/** Name of the stack the default app synthesizes. */
export const DEFAULT_STACK = 'cts-audit';

/** The endpoint used when no subscriber is configured. `.invalid` can never deliver mail. */
export const PLACEHOLDER_ENDPOINT = 'cts-audit-placeholder@example.invalid';

/** Terraform variable that must be set to true to deploy with the placeholder subscriber. */
export const ALLOW_PLACEHOLDER_VARIABLE = 'cts_audit_allow_placeholder_subscriber';

/** Terraform variable that must be set to true to deploy a bucket policy that no deployer may change. */
export const ALLOW_LOCKED_GUARD_VARIABLE = 'cts_audit_allow_locked_guard';

/** What the default app deploys, read from context and environment. */
export interface DefaultAppSettings {
  readonly regions: string[];
  readonly subscriptions: Subscription[];
  /** True when `subscriptions` is only the placeholder. */
  readonly placeholder: boolean;
  readonly retentionDays?: number;
  /** The identity Terraform deploys with, exempt from the guard on the bucket policy and lifecycle. */
  readonly deployerPrincipal?: string;
  readonly warnings: string[];
}

const PROTOCOLS: readonly SubscriptionProtocol[] = [
  'email',
  'sms',
  'http',
  'https',
  'functionstage',
  'functiongraph',
  'callnotify',
  'wechat',
  'dingding',
  'feishu',
  'welink',
];
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/**
 * Reads the default app's settings. Context (cdktf.json "context") wins over
 * the environment; a bad value throws a message naming the setting.
 *
 * @param context reads a context key
 * @param env the environment
 */
export function readSettings(context: (key: string) => unknown, env: NodeJS.ProcessEnv): DefaultAppSettings {
  const warnings: string[] = [];
  const setting = (key: string, envName: string): { value: string; from: string } | undefined => {
    const fromContext = context(key);
    if (fromContext !== undefined && fromContext !== null && fromContext !== '') {
      return { value: Array.isArray(fromContext) ? fromContext.join(',') : String(fromContext), from: `context "${key}"` };
    }
    const fromEnv = env[envName];
    return fromEnv ? { value: fromEnv, from: envName } : undefined;
  };
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);

  const regionSetting = setting('regions', 'CTS_AUDIT_REGIONS');
  const regions = regionSetting ? list(regionSetting.value) : [env.HW_REGION_NAME || 'cn-north-4'];
  for (const region of regions) {
    if (!REGION.test(region)) {
      throw new Error(`${regionSetting?.from ?? 'HW_REGION_NAME'}: "${region}" is not a region name such as cn-north-4`);
    }
  }

  const subscriberSetting = setting('subscribers', 'CTS_AUDIT_SUBSCRIBERS');
  const subscriptions: Subscription[] = [];
  for (const entry of subscriberSetting ? list(subscriberSetting.value) : []) {
    const colon = entry.indexOf(':');
    const protocol = entry.slice(0, colon) as SubscriptionProtocol;
    if (colon < 1 || !PROTOCOLS.includes(protocol) || colon === entry.length - 1) {
      throw new Error(
        `${subscriberSetting?.from}: "${entry}" is not protocol:endpoint with protocol one of ${PROTOCOLS.join(', ')}, ` +
          'e.g. email:secops@example.com',
      );
    }
    subscriptions.push({ protocol, endpoint: entry.slice(colon + 1) });
  }
  const placeholder = subscriptions.length === 0;
  if (placeholder) {
    subscriptions.push({ protocol: 'email', endpoint: PLACEHOLDER_ENDPOINT, remark: 'PLACEHOLDER: set CTS_AUDIT_SUBSCRIBERS' });
    warnings.push(
      `no subscriber configured (CTS_AUDIT_SUBSCRIBERS or context "subscribers"): using the placeholder ${PLACEHOLDER_ENDPOINT}; ` +
        'terraform plan and cdktf deploy will refuse it until real subscribers are set',
    );
  }

  const retention = setting('retentionDays', 'CTS_AUDIT_RETENTION_DAYS');
  let retentionDays: number | undefined;
  if (retention) {
    retentionDays = Number(retention.value);
    if (!Number.isInteger(retentionDays)) throw new Error(`${retention.from}: "${retention.value}" is not a whole number of days`);
  }
  const deployer = setting('deployer', 'CTS_AUDIT_DEPLOYER');
  if (deployer && !OBS_PRINCIPAL.test(deployer.value)) {
    throw new Error(`${deployer.from}: "${deployer.value}" is not an OBS policy principal: use ${PRINCIPAL_FORMS}`);
  }
  if (!deployer) {
    warnings.push(
      'no deployer configured (CTS_AUDIT_DEPLOYER or context "deployer"): the trace bucket policy would deny everyone, ' +
        'Terraform included, changes to itself and to the retention rules; terraform plan and cdktf deploy will refuse it until ' +
        'the identity that runs terraform is set',
    );
  }
  return { regions, subscriptions, placeholder, retentionDays, deployerPrincipal: deployer?.value, warnings };
}

/** Adds the default stack to `app`. */
export function buildDefaultApp(app: App, settings: DefaultAppSettings): TerraformStack {
  const stack = new TerraformStack(app, DEFAULT_STACK);
  const audit = new NotebookAudit(stack, 'NotebookAudit', {
    regions: settings.regions,
    subscriptions: settings.subscriptions,
    retentionDays: settings.retentionDays,
    deployerPrincipal: settings.deployerPrincipal,
    tags: { 'managed-by': 'cts-audit' },
  });
  if (settings.deployerPrincipal === undefined) {
    const allow = new TerraformVariable(stack, ALLOW_LOCKED_GUARD_VARIABLE, {
      type: 'bool',
      default: false,
      description: 'Deploy a trace bucket policy that denies everyone, Terraform included, changes to itself and to the retention rules.',
    });
    for (const { bucket } of audit.regions) {
      if (!bucket.policy) continue;
      bucket.policy.lifecycle = {
        precondition: [
          {
            condition: allow.booleanValue,
            errorMessage:
              'No deployer is configured, so the trace bucket policy would deny PutBucketPolicy, DeleteBucketPolicy and ' +
              'PutLifecycleConfiguration to everyone, including the identity that runs terraform: a later deploy could not change ' +
              'them. Set CTS_AUDIT_DEPLOYER (e.g. domain/<account-id>:user/<user-id>) and synthesize again, ' +
              `or pass -var ${ALLOW_LOCKED_GUARD_VARIABLE}=true to deploy it anyway.`,
          },
        ],
      };
    }
  }
  if (settings.placeholder) {
    const allow = new TerraformVariable(stack, ALLOW_PLACEHOLDER_VARIABLE, {
      type: 'bool',
      default: false,
      description: 'Deploy even though the only subscriber is the cts-audit placeholder, which notifies no one.',
    });
    for (const { notifications } of audit.regions) {
      for (const sub of notifications.subscriptions) {
        sub.lifecycle = {
          precondition: [
            {
              condition: allow.booleanValue,
              errorMessage:
                `The only subscriber is the placeholder ${PLACEHOLDER_ENDPOINT}, which notifies no one. ` +
                'Set CTS_AUDIT_SUBSCRIBERS (e.g. email:secops@example.com) and synthesize again, ' +
                `or pass -var ${ALLOW_PLACEHOLDER_VARIABLE}=true to deploy it anyway.`,
            },
          ],
        };
      }
    }
  }
  return stack;
}
