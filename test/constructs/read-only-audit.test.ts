import { ReadOnlyAudit, ReadOnlyAuditProps } from '../../lib/constructs';
import { HuaweicloudProvider } from '../../lib/constructs/generated/huaweicloud/provider';
import { parseTable } from '../../lib/policy/table';
import { makeStack, onlyResource, resourcesOf, synth, validationErrors } from './helpers';

function readOnlyStack(props: Partial<ReadOnlyAuditProps> = {}) {
  const { stack, provider } = makeStack();
  const audit = new ReadOnlyAudit(stack, 'ReadOnly', { provider, ...props });
  return { stack, audit, json: synth(stack) };
}

/** An OBS table of one row. */
const obsTableOf = (id: string, operation: Record<string, unknown>) =>
  parseTable(
    {
      kind: 'cts-operations-table',
      id,
      title: 'OBS bucket operations',
      service: 'OBS',
      source: { document: 'Auditing OBS', table: 'Table 1', updated: '2026-01-31' },
      operations: [operation],
    },
    `${id}.json`,
  );

const obsTable = obsTableOf('obs-buckets', {
  operation: 'Listing buckets',
  resourceType: 'bucket',
  traceName: 'listBuckets',
  readOnly: true,
});

describe('ReadOnlyAudit', () => {
  test("defaults: read-only logs of the bundled table's service, not of every service, global traces synchronized", () => {
    const { json, audit } = readOnlyStack();
    expect(onlyResource(json, 'huaweicloud_cts_configuration')).toEqual({
      provider: 'huaweicloud',
      is_support_read_only: false,
      support_read_only_services: ['ModelArts'],
      is_sync_global_trace: true,
    });
    expect(audit.services).toEqual(['ModelArts']);
  });

  test('keepServices are kept beside every service of the tables, each once', () => {
    const { json } = readOnlyStack({ keepServices: ['IAM', 'ModelArts', 'ECS'], tables: [obsTable] });
    expect(onlyResource(json, 'huaweicloud_cts_configuration').support_read_only_services).toEqual(['OBS', 'IAM', 'ModelArts', 'ECS']);
  });

  test('a table of writes only adds no service: only read-only events need their reads reported', () => {
    const writes = obsTableOf('obs-writes', {
      operation: 'Deleting a bucket',
      resourceType: 'bucket',
      traceName: 'deleteBucket',
      readOnly: false,
    });
    const { json, audit } = readOnlyStack({ tables: [writes, obsTable] });
    expect(onlyResource(json, 'huaweicloud_cts_configuration').support_read_only_services).toEqual(['OBS']);
    expect(readOnlyStack({ tables: [writes] }).audit.services).toEqual([]);
    expect(audit.services).toEqual(['OBS']);
  });

  test('allServices reports every service (is_support_read_only) and lists none', () => {
    const { json, audit } = readOnlyStack({ allServices: true, keepServices: ['IAM'] });
    expect(onlyResource(json, 'huaweicloud_cts_configuration')).toEqual({
      provider: 'huaweicloud',
      is_support_read_only: true,
      is_sync_global_trace: true,
    });
    expect(audit.services).toEqual([]);
  });

  test('syncGlobalTrace: false is passed through', () => {
    expect(onlyResource(readOnlyStack({ syncGlobalTrace: false }).json, 'huaweicloud_cts_configuration').is_sync_global_trace).toBe(false);
  });

  test('fails with a service name CTS would not take', () => {
    expect(() => readOnlyStack({ keepServices: ['Model Arts'] })).toThrow(
      'test/ReadOnly: keepServices has "Model Arts", which is not a CTS service type (a letter, then letters, digits, "_" or "-")',
    );
  });

  test('fails with no table', () => {
    expect(() => readOnlyStack({ tables: [] })).toThrow(
      'test/ReadOnly: no table: give at least one traced-operations table whose reads must be reported',
    );
  });

  test('two in one region fail validation once, naming the other: the one applied last would win', () => {
    const { stack, provider } = makeStack();
    new ReadOnlyAudit(stack, 'A', { provider });
    new ReadOnlyAudit(stack, 'B', { provider, keepServices: ['IAM'] });
    const hk = new HuaweicloudProvider(stack, 'hk', { region: 'ap-southeast-1', alias: 'hk' });
    new ReadOnlyAudit(stack, 'C', { provider: hk });
    expect(resourcesOf(synth(stack), 'huaweicloud_cts_configuration')).toHaveLength(3);
    const [error] = validationErrors(stack);
    expect(
      error
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.startsWith('[')),
    ).toEqual([
      '[test/A] CTS has one configuration per region, and test/B configures cn-north-4 too: the one applied last would win; keep one and give it every service (keepServices)',
    ]);
  });
});
