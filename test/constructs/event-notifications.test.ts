import { EventNotifications, EventNotificationsProps, huaweicloud, notificationName } from '../../lib/constructs';
import { defaultTable } from '../../lib/policy/bundled';
import { OperationsTable, tableEvents } from '../../lib/policy/table';
import { makeStack, onlyResource, resourcesOf, synth, validationErrors } from './helpers';

const { SmnTopic } = huaweicloud.smnTopic;

const secops = { protocol: 'email' as const, endpoint: 'secops@example.com' };

function notificationsStack(props: EventNotificationsProps = { subscriptions: [secops] }) {
  const { stack, provider } = makeStack();
  const construct = new EventNotifications(stack, 'Events', { provider, ...props });
  return { stack, construct, json: synth(stack) };
}

/** Every (service, resource type, trace name) listed by the notifications, with repeats. */
function listedEvents(notifications: Array<Record<string, unknown>>): string[] {
  return notifications.flatMap((n) =>
    (n.operations as Array<{ service: string; resource: string; trace_names: string[] }>).flatMap((op) =>
      op.trace_names.map((t) => `${op.service}/${op.resource}/${t}`),
    ),
  );
}

const otherTable: OperationsTable = {
  kind: 'cts-operations-table',
  id: 'demo-widgets',
  title: 'Widget operations',
  service: 'DEMO',
  source: { document: 'Demo', table: 'Table 1', updated: '2026-01-01' },
  operations: [{ operation: 'Creating a widget', resourceType: 'Widget', traceName: 'createWidget' }],
};

const otherWrites: OperationsTable = {
  ...otherTable,
  operations: [{ operation: 'Creating a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: false }],
};

describe('EventNotifications', () => {
  describe('defaults', () => {
    const { json } = notificationsStack();

    test('creates one topic, its subscription, and one customized notification for the ModelArts notebook table', () => {
      expect(resourcesOf(json, 'huaweicloud_smn_topic')).toHaveLength(1);
      expect(onlyResource(json, 'huaweicloud_smn_subscription')).toMatchObject({ protocol: 'email', endpoint: 'secops@example.com' });
      const notification = onlyResource(json, 'huaweicloud_cts_notification');
      expect(notification).toMatchObject({
        name: 'cts_audit_modelarts_notebook',
        operation_type: 'customized',
        agency_name: 'cts_admin_trust',
        enabled: true,
        smn_topic: `\${huaweicloud_smn_topic.${Object.keys(json.resource.huaweicloud_smn_topic)[0]}.topic_urn}`,
      });
      expect(notification.filter).toBeUndefined();
      expect(notification.operation_users).toBeUndefined();
    });

    test('lists every (resource type, trace name) of the table exactly once, under service ModelArts', () => {
      const listed = listedEvents(resourcesOf(json, 'huaweicloud_cts_notification'));
      const expected = tableEvents(defaultTable()).map((e) => `ModelArts/${e.resourceType}/${e.traceName}`);
      expect(listed).toHaveLength(22);
      expect([...listed].sort()).toEqual([...expected].sort());
    });

    test('groups operations by resource type, one operations block each', () => {
      const ops = onlyResource(json, 'huaweicloud_cts_notification').operations as Array<{ resource: string }>;
      expect(ops.map((o) => o.resource)).toEqual([
        'Notebook',
        'NotebookImage',
        'NotebookImageGroups',
        'NotebookApp',
        'CombineTmsTag',
        'NotebookTmsTag',
      ]);
    });
  });

  describe('props', () => {
    test("grouping: 'resourceType' makes one notification per resource type with valid names", () => {
      const { json } = notificationsStack({ subscriptions: [secops], grouping: 'resourceType' });
      const notifications = resourcesOf(json, 'huaweicloud_cts_notification');
      expect(notifications.map((n) => n.name).sort()).toEqual([
        'cts_audit_modelarts_notebook_CombineTmsTag',
        'cts_audit_modelarts_notebook_Notebook',
        'cts_audit_modelarts_notebook_NotebookApp',
        'cts_audit_modelarts_notebook_NotebookImage',
        'cts_audit_modelarts_notebook_NotebookImageGroups',
        'cts_audit_modelarts_notebook_NotebookTmsTag',
      ]);
      expect(listedEvents(notifications)).toHaveLength(22);
    });

    test("grouping: 'resourceType' keeps apart one resource type of two services of a table, naming the service", () => {
      const twoServices: OperationsTable = {
        ...otherTable,
        operations: [
          { operation: 'Creating a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: false },
          { operation: 'Deleting a widget', resourceType: 'Widget', traceName: 'deleteWidget', readOnly: false, service: 'OTHER' },
        ],
      };
      const { json, construct } = notificationsStack({ subscriptions: [secops], grouping: 'resourceType', tables: [twoServices] });
      expect(construct.notificationNames).toEqual(['cts_audit_demo_widgets_DEMO_Widget', 'cts_audit_demo_widgets_OTHER_Widget']);
      expect(listedEvents(resourcesOf(json, 'huaweicloud_cts_notification')).sort()).toEqual([
        'DEMO/Widget/createWidget',
        'OTHER/Widget/deleteWidget',
      ]);
    });

    test('several tables: one notification each, each listing its own service', () => {
      const { json, construct } = notificationsStack({ subscriptions: [secops], tables: [defaultTable(), otherTable] });
      const notifications = resourcesOf(json, 'huaweicloud_cts_notification');
      expect(construct.notificationNames).toEqual(['cts_audit_modelarts_notebook', 'cts_audit_demo_widgets']);
      const demo = notifications.find((n) => n.name === 'cts_audit_demo_widgets');
      expect(listedEvents([demo as Record<string, unknown>])).toEqual(['DEMO/Widget/createWidget']);
    });

    test('topicUrn notifies an existing topic and creates no topic', () => {
      const urn = 'urn:smn:cn-north-4:0970dd7a1300f5672ff2c003c60ae115:secops';
      const { json, construct } = notificationsStack({ topicUrn: urn });
      expect(json.resource.huaweicloud_smn_topic).toBeUndefined();
      expect(onlyResource(json, 'huaweicloud_cts_notification').smn_topic).toBe(urn);
      expect(construct.topicUrn).toBe(urn);
    });

    test('topicName, namePrefix, enabled, filter and operationUsers are passed through', () => {
      const { json } = notificationsStack({
        subscriptions: [secops],
        topicName: 'ml-audit',
        namePrefix: 'acme',
        enabled: false,
        filter: { condition: 'AND', rules: ['code != 200', 'trace_rating = warning'] },
        operationUsers: [{ group: 'ml-engineers', users: ['alice', 'bob'] }],
      });
      expect(onlyResource(json, 'huaweicloud_smn_topic').name).toBe('ml-audit');
      expect(onlyResource(json, 'huaweicloud_cts_notification')).toMatchObject({
        name: 'acme_modelarts_notebook',
        enabled: false,
        // A block list of at most one item synthesizes as one object, which Terraform's JSON syntax accepts.
        filter: { condition: 'AND', rule: ['code != 200', 'trace_rating = warning'] },
        operation_users: [{ group: 'ml-engineers', users: ['alice', 'bob'] }],
      });
    });

    test('subscriptions of each protocol, and addSubscription', () => {
      const { stack, provider } = makeStack();
      const events = new EventNotifications(stack, 'Events', {
        provider,
        subscriptions: [secops, { protocol: 'https', endpoint: 'https://hooks.example.com/cts', remark: 'SIEM' }],
      });
      events.addSubscription({ protocol: 'functiongraph', endpoint: 'urn:fss:cn-north-4:0970dd7a:function:default:notify:latest' });
      const subs = resourcesOf(synth(stack), 'huaweicloud_smn_subscription');
      expect(subs.map((s) => [s.protocol, s.endpoint, s.remark])).toEqual([
        ['email', 'secops@example.com', undefined],
        ['https', 'https://hooks.example.com/cts', 'SIEM'],
        ['functiongraph', 'urn:fss:cn-north-4:0970dd7a:function:default:notify:latest', undefined],
      ]);
    });
  });

  describe('read-only events to a second topic', () => {
    const pager = { protocol: 'sms' as const, endpoint: '+8613800000000' };
    const mailbox = { protocol: 'email' as const, endpoint: 'audit-reads@example.com' };

    test('writes notify the first topic and reads the second, each table split in two, every event once', () => {
      const { json, construct } = notificationsStack({ subscriptions: [pager], readOnlyTopic: { subscriptions: [mailbox] } });
      const main = construct.topic?.friendlyUniqueId as string;
      const second = construct.readOnlyTopic?.friendlyUniqueId as string;
      const topic = (id: string) => json.resource.huaweicloud_smn_topic[id];
      expect([topic(main).name, topic(main).display_name]).toEqual([construct.topicName, 'CTS key event notifications']);
      expect([topic(second).name, topic(second).display_name]).toEqual([
        expect.stringMatching(/^cts_audit_reads_[0-9a-f]{8}$/),
        'CTS key event notifications (read-only operations)',
      ]);
      expect(resourcesOf(json, 'huaweicloud_smn_topic')).toHaveLength(2);
      expect(
        resourcesOf(json, 'huaweicloud_smn_subscription')
          .map((s) => `${s.endpoint} ${s.topic_urn}`)
          .sort(),
      ).toEqual([
        `+8613800000000 \${huaweicloud_smn_topic.${main}.topic_urn}`,
        `audit-reads@example.com \${huaweicloud_smn_topic.${second}.topic_urn}`,
      ]);
      expect(construct.readOnlySubscriptions).toHaveLength(1);
      const notifications = construct.notifications.map((n) => json.resource.huaweicloud_cts_notification[n.friendlyUniqueId]);
      expect(notifications.map((n) => [n.name, n.smn_topic])).toEqual([
        ['cts_audit_modelarts_notebook', `\${huaweicloud_smn_topic.${main}.topic_urn}`],
        ['cts_audit_modelarts_notebook_reads', `\${huaweicloud_smn_topic.${second}.topic_urn}`],
      ]);
      const reads = tableEvents(defaultTable())
        .filter((e) => e.readOnly)
        .map((e) => `ModelArts/${e.resourceType}/${e.traceName}`);
      expect(listedEvents([notifications[1]]).sort()).toEqual(reads.sort());
      expect(listedEvents([notifications[0]])).toHaveLength(22 - reads.length);
      expect(construct.readOnlyTopicUrn).toEqual(expect.stringMatching(/^\$\{TfToken\[TOKEN\.\d+\]\}$/));
    });

    test('an existing topic of read-only events, by URN, creates no second topic; a table without reads is not split', () => {
      const urn = 'urn:smn:cn-north-4:0970dd7a1300f5672ff2c003c60ae115:audit-reads';
      const { json, construct } = notificationsStack({
        subscriptions: [pager],
        readOnlyTopic: { topicUrn: urn },
        grouping: 'resourceType',
        tables: [otherWrites],
      });
      expect(resourcesOf(json, 'huaweicloud_smn_topic')).toHaveLength(1);
      expect(construct.readOnlyTopicUrn).toBe(urn);
      expect(construct.notificationNames).toEqual(['cts_audit_demo_widgets_Widget']);
    });

    test('fails validation when the created topic of read-only events has no subscriber', () => {
      const { stack } = notificationsStack({ subscriptions: [pager], readOnlyTopic: {} });
      expect(validationErrors(stack).join('\n')).toContain(
        'the topic of read-only events has no subscription, so no one would be notified of them; add one with readOnlyTopic.subscriptions',
      );
    });
  });

  test('topicDisplayName, enterpriseProjectId and dependsOn are passed through', () => {
    const { stack, provider } = makeStack();
    const after = new SmnTopic(stack, 'Other', { provider, name: 'other' });
    const events = new EventNotifications(stack, 'Events', {
      provider,
      subscriptions: [secops],
      topicDisplayName: 'ML audit',
      enterpriseProjectId: 'b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50',
      readOnlyTopic: { subscriptions: [secops], displayName: 'ML audit (reads)' },
      dependsOn: [after],
    });
    const json = synth(stack);
    const topics = [events.topic, events.readOnlyTopic].map((tp) => json.resource.huaweicloud_smn_topic[tp?.friendlyUniqueId as string]);
    expect(topics.map((tp) => [tp.display_name, tp.enterprise_project_id])).toEqual([
      ['ML audit', 'b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50'],
      ['ML audit (reads)', 'b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50'],
    ]);
    expect(resourcesOf(json, 'huaweicloud_cts_notification').map((n) => n.depends_on)).toEqual([
      [`huaweicloud_smn_topic.${after.friendlyUniqueId}`],
      [`huaweicloud_smn_topic.${after.friendlyUniqueId}`],
    ]);
    expect(events.notifications).toHaveLength(2);
  });

  describe('catalog check', () => {
    test("reads CTS's catalog once per service, and each notification's precondition names what the catalog lacks", () => {
      const { json } = notificationsStack({ subscriptions: [secops], tables: [otherTable] });
      const data = (json as unknown as { data: Record<string, Record<string, unknown>> }).data.huaweicloud_cts_operations;
      const [id] = Object.keys(data);
      expect(Object.values(data)).toEqual([{ provider: 'huaweicloud', service_type: 'DEMO' }]);
      const catalog = `data.huaweicloud_cts_operations.${id}.operations`;
      const missing =
        `setsubtract(toset(["DEMO/Widget/createWidget"]), toset(flatten([for c in [${catalog}] : [for o in (c == null ? [] : c) : ` +
        '[for n in (o.operation_list == null ? [] : o.operation_list) : "${o.service_type}/${o.resource_type}/${n}"]]])))';
      expect(onlyResource(json, 'huaweicloud_cts_notification').lifecycle).toEqual({
        precondition: [
          {
            condition: `\${length(${missing}) == 0}`,
            error_message: `CTS's catalog of operations in this region (data source huaweicloud_cts_operations, GET /v3/{project_id}/operations) does not list \${join(", ", sort(${missing}))}, which notification cts_audit_demo_widgets would notify: CTS would never send it for them. Check the table against the account (cts-audit table verify --live) and correct it; only where the catalog is known to lag, turn this check off (catalogCheck: false).`,
          },
        ],
      });
      expect((json.terraform as { required_version?: string }).required_version).toBe('>= 1.5.0');
    });

    test("each notification's precondition reads the catalogs of its own services only", () => {
      const { json } = notificationsStack({ subscriptions: [secops], grouping: 'resourceType', tables: [defaultTable(), otherTable] });
      const data = (json as unknown as { data: Record<string, Record<string, Record<string, unknown>>> }).data.huaweicloud_cts_operations;
      expect(
        Object.values(data)
          .map((d) => String(d.service_type))
          .sort(),
      ).toEqual(['DEMO', 'ModelArts']);
      const demo = resourcesOf(json, 'huaweicloud_cts_notification').find((n) => n.name === 'cts_audit_demo_widgets_Widget');
      const [pre] = (demo?.lifecycle as { precondition: Array<{ condition: string }> }).precondition;
      expect(pre.condition).toContain('[for c in [data.huaweicloud_cts_operations.Events_Catalog-DEMO_');
      expect(pre.condition).not.toContain('Catalog-ModelArts');
      expect(listedEvents(resourcesOf(json, 'huaweicloud_cts_notification'))).toHaveLength(23);
    });

    test('catalogCheck: false reads no catalog and adds no precondition', () => {
      const { json } = notificationsStack({ subscriptions: [secops], catalogCheck: false });
      expect((json as { data?: unknown }).data).toBeUndefined();
      expect(onlyResource(json, 'huaweicloud_cts_notification').lifecycle).toBeUndefined();
      expect((json.terraform as { required_version?: string }).required_version).toBeUndefined();
    });
  });

  describe('misuse', () => {
    test.each<[string, EventNotificationsProps, string]>([
      [
        'fails with an e-mail endpoint that is not an address',
        { subscriptions: [{ protocol: 'email', endpoint: 'secops' }] },
        'test/Events: subscription endpoint "secops" is not an e-mail address, as protocol email needs',
      ],
      [
        'fails with a plain-HTTP endpoint for https',
        { subscriptions: [{ protocol: 'https', endpoint: 'http://hooks.example.com' }] },
        'test/Events: subscription endpoint "http://hooks.example.com" is not a URL starting with https://, as protocol https needs',
      ],
      [
        'fails with a function endpoint that is not a URN',
        { subscriptions: [{ protocol: 'functiongraph', endpoint: 'notify' }] },
        'test/Events: subscription endpoint "notify" is not a function URN (urn:fss:...), as protocol functiongraph needs',
      ],
      [
        'fails with a name prefix CTS would refuse',
        { namePrefix: 'cts-audit' },
        'test/Events: namePrefix "cts-audit" is not valid: use a letter, then up to 39 letters, digits and "_"',
      ],
      [
        'fails with an invalid topic name',
        { topicName: '-bad', subscriptions: [secops] },
        'test/Events: topicName "-bad" is not valid: use 1 to 255 letters, digits, "_" and "-", starting with a letter or digit',
      ],
      [
        'fails with subscriptions for an existing topic',
        { topicUrn: 'urn:smn:cn-north-4:p:t', subscriptions: [secops] },
        "test/Events: topicName, topicDisplayName and subscriptions apply to a created topic; with topicUrn, manage the existing topic's subscriptions where it is defined",
      ],
      [
        'fails with a filter rule CTS does not support',
        { subscriptions: [secops], filter: { condition: 'AND', rules: ['user = alice'] } },
        'test/Events: filter rule "user = alice" is not valid: write "<field> = <value>" or "<field> != <value>" with field api_version, code, trace_rating, trace_type, resource_id or resource_name',
      ],
      [
        'fails with an empty filter',
        { subscriptions: [secops], filter: { condition: 'OR', rules: [] } },
        'test/Events: filter.rules is empty; give at least one rule, or leave filter out',
      ],
      [
        'fails with no table',
        { subscriptions: [secops], tables: [] },
        'test/Events: tables is empty; give at least one table, or leave it out for the ModelArts notebook table',
      ],
      [
        'fails with a display name for an existing topic',
        { topicUrn: 'urn:smn:cn-north-4:p:t', topicDisplayName: 'Audit' },
        "test/Events: topicName, topicDisplayName and subscriptions apply to a created topic; with topicUrn, manage the existing topic's subscriptions where it is defined",
      ],
      [
        'fails with subscriptions for an existing topic of read-only events',
        { subscriptions: [secops], readOnlyTopic: { topicUrn: 'urn:smn:cn-north-4:p:reads', subscriptions: [secops] } },
        "test/Events: readOnlyTopic's topicName, displayName and subscriptions apply to a created topic; with its topicUrn, manage the existing topic's subscriptions where it is defined",
      ],
      [
        'fails with an invalid name for the topic of read-only events',
        { subscriptions: [secops], readOnlyTopic: { topicName: 'reads!', subscriptions: [secops] } },
        'test/Events: readOnlyTopic.topicName "reads!" is not valid: use 1 to 255 letters, digits, "_" and "-", starting with a letter or digit',
      ],
      [
        'fails with an enterprise project and no topic to create',
        { topicUrn: 'urn:smn:cn-north-4:p:t', enterpriseProjectId: '0' },
        'test/Events: enterpriseProjectId applies to created topics, and with topicUrn none is created',
      ],
      [
        'fails when two resource types would give one notification name',
        {
          subscriptions: [secops],
          grouping: 'resourceType',
          tables: [
            {
              ...otherTable,
              operations: [
                { operation: 'Creating a widget', resourceType: 'Widget.v1', traceName: 'createWidget' },
                { operation: 'Deleting a widget', resourceType: 'Widget_v1', traceName: 'deleteWidget' },
              ],
            },
          ],
        },
        'test/Events: notifications for demo-widgets_Widget.v1 and demo-widgets_Widget_v1 would both be named cts_audit_demo_widgets_Widget_v1 (CTS names keep only letters, digits and "_"); rename a table or a resource type',
      ],
    ])('%s', (_name, props, message) => {
      const { stack, provider } = makeStack();
      expect(() => new EventNotifications(stack, 'Events', { provider, ...props })).toThrow(new Error(message));
    });
  });

  test('addSubscription to an existing topic fails, saying where to subscribe', () => {
    const { stack, provider } = makeStack();
    const events = new EventNotifications(stack, 'Events', { provider, topicUrn: 'urn:smn:cn-north-4:p:t' });
    expect(() => events.addSubscription(secops)).toThrow(
      'test/Events: addSubscription needs a created topic; subscribe to an existing topic where it is defined',
    );
  });

  describe('whole-stack validation', () => {
    test('fails when a created topic has no subscriber', () => {
      const { stack, provider } = makeStack();
      new EventNotifications(stack, 'Events', { provider, topicName: 'lonely' });
      expect(validationErrors(stack).join('\n')).toContain(
        'topic lonely has no subscription, so no one would be notified; add one with subscriptions or addSubscription()',
      );
    });

    test('fails past the quota of 100 notifications per region, naming it', () => {
      const { stack, provider } = makeStack();
      const many = Array.from({ length: 101 }, (_, i) => ({ ...otherTable, id: `t${i}` }));
      new EventNotifications(stack, 'Events', { provider, subscriptions: [secops], tables: many });
      expect(validationErrors(stack).join('\n')).toContain(
        "CTS allows at most 100 key event notifications per region (a fixed quota), and this stack defines 101 in cn-north-4; use grouping: 'table' or fewer tables",
      );
    });

    test('100 notifications in a region are allowed', () => {
      const { stack, provider } = makeStack();
      const many = Array.from({ length: 100 }, (_, i) => ({ ...otherTable, id: `t${i}` }));
      new EventNotifications(stack, 'Events', { provider, subscriptions: [secops], tables: many });
      expect(validationErrors(stack)).toEqual([]);
    });

    test('fails when two constructs would create notifications of the same name in a region', () => {
      const { stack, provider } = makeStack();
      new EventNotifications(stack, 'A', { provider, subscriptions: [secops] });
      new EventNotifications(stack, 'B', { provider, subscriptions: [secops] });
      expect(validationErrors(stack).join('\n')).toContain(
        '[test/A] notification names must be unique in a region; also defined elsewhere in cn-north-4: cts_audit_modelarts_notebook (test/B); set a different namePrefix',
      );
    });
  });

  describe('notificationName', () => {
    test('keeps short names and replaces characters CTS refuses', () => {
      expect(notificationName('cts_audit', 'modelarts-notebook')).toBe('cts_audit_modelarts_notebook');
    });

    test('cuts long names to 64 characters with a hash, keeping them unique', () => {
      const a = notificationName('cts_audit', `${'x'.repeat(60)}_Notebook`);
      const b = notificationName('cts_audit', `${'x'.repeat(60)}_NotebookApp`);
      expect(a).toHaveLength(64);
      expect(a).toMatch(/^[A-Za-z0-9_]{1,64}$/);
      expect(a).not.toBe(b);
    });
  });
});
