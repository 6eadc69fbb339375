import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { defaultTable } from '../policy/bundled';
import { OperationsTable, SERVICE_TYPE_PATTERN, tableEvents } from '../policy/table';
import { CtsConfiguration } from './generated/huaweicloud/cts-configuration';
import { findInStack, misuse, regionKey, resourceRegion } from './util';

/** Properties of a {@link ReadOnlyAudit}. */
export interface ReadOnlyAuditProps {
  /** The provider of the region to configure; its region is the one whose read-only reporting this sets. */
  readonly provider?: TerraformProvider;

  /**
   * The traced-operations tables whose read-only events must be recorded:
   * the services of their read-only rows are reported.
   *
   * @default - the bundled ModelArts notebook table
   */
  readonly tables?: OperationsTable[];

  /**
   * Other services whose read-only audit logs are on today and must stay
   * on. CTS's configuration is one per region and project, and its
   * `support_read_only_services` replaces the whole list: a service not
   * given here (nor in a table) stops being reported.
   *
   * @default - none
   */
  readonly keepServices?: string[];

  /**
   * Report read-only operations of every service (`is_support_read_only`),
   * not only those of the tables and `keepServices`. More traces, and more
   * cost.
   *
   * @default false
   */
  readonly allServices?: boolean;

  /**
   * Synchronize the traces of global services (IAM, for example) from the
   * central region into this region (`is_sync_global_trace`). On by
   * default: the construct adopts the region's configuration, and it must
   * never record less than the account did; turning it off drops global
   * services' traces from this region's trail.
   *
   * @default true
   */
  readonly syncGlobalTrace?: boolean;
}

/**
 * CTS's configuration of one region: it makes CTS report the read-only
 * operations (queries, such as "Obtaining notebook instances") of the
 * audited services, which CTS records only where read-only audit logs are
 * on. One per region and project: creating it adopts and overwrites the
 * region's configuration, and deleting it does not restore the old one.
 */
export class ReadOnlyAudit extends Construct {
  /** The configuration resource. */
  public readonly configuration: CtsConfiguration;
  /** The services whose read-only operations are reported (empty with `allServices`: every service). */
  public readonly services: readonly string[];

  public constructor(scope: Construct, id: string, props: ReadOnlyAuditProps = {}) {
    super(scope, id);
    const tables = props.tables ?? [defaultTable()];
    if (tables.length === 0) misuse(this, 'no table: give at least one traced-operations table whose reads must be reported');
    for (const service of props.keepServices ?? []) {
      if (!SERVICE_TYPE_PATTERN.test(service)) {
        misuse(this, `keepServices has "${service}", which is not a CTS service type (a letter, then letters, digits, "_" or "-")`);
      }
    }
    const all = props.allServices ?? false;
    // Only services with read-only events need their reads reported: a table of writes (the tamper alarm) adds none.
    const reading = tables.flatMap((table) =>
      tableEvents(table)
        .filter((e) => e.readOnly)
        .map((e) => e.service),
    );
    this.services = all ? [] : [...new Set([...reading, ...(props.keepServices ?? [])])];
    this.configuration = new CtsConfiguration(this, 'Configuration', {
      provider: props.provider,
      isSupportReadOnly: all,
      isSyncGlobalTrace: props.syncGlobalTrace ?? true,
      supportReadOnlyServices: all ? undefined : [...this.services],
    });
    this.node.addValidation({ validate: () => this.oneInRegion() });
  }

  /** CTS has one configuration per region: two in a stack would overwrite each other. */
  private oneInRegion(): string[] {
    const region = regionKey(resourceRegion(this.configuration));
    const others = findInStack(this, ReadOnlyAudit).filter(
      (other) => other !== this && regionKey(resourceRegion(other.configuration)) === region,
    );
    return others.length > 0 && others.every((o) => o.node.path > this.node.path)
      ? [
          `CTS has one configuration per region, and ${others.map((o) => o.node.path).join(', ')} configure${others.length === 1 ? 's' : ''} ${region} too: the one applied last would win; keep one and give it every service (keepServices)`,
        ]
      : [];
  }
}
