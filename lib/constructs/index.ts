/**
 * cts-audit constructs for CDK for Terraform. This is the only part of the
 * package that loads cdktf; import it as `cts-audit/constructs`.
 */
export * from './trace-bucket';
export * from './audit-tracker';
export * from './read-only-audit';
export * from './event-notifications';
export * from './notebook-audit';
export * from './coverage-check';
export { HuaweicloudProvider, type HuaweicloudProviderConfig } from './generated/huaweicloud/provider';
export * as huaweicloud from './generated/huaweicloud';
