import { diffModels } from '../../lib/evaluate/diff';
import { Element, Model, known, mergeInputs, ref, unknown } from '../../lib/model';
import { OTHER_REGION, PROJECT, REGION, configuration, notification, subscription, topic, tracker, urn } from './builders';

const SUB_PROJECT = '1aed40714227270ba1ba29e35a5ca4e1';

/** The intended side: a plan's tracker, notification and topic (no project). */
const intended = (): Model =>
  mergeInputs([{ file: 'plan.json', kind: 'plan', elements: [tracker(), notification(), topic(), subscription()], diagnostics: [] }]);

/** A live side: the elements of each project read, with the readings. */
function live(byProject: Record<string, Element[]>, region = REGION): Model {
  const elements = Object.entries(byProject).flatMap(([project, list]) =>
    list.map((e) => ({ ...e, scope: `live:${region}/${project}`, input: 'live' as const, project, region: known(region) })),
  );
  return mergeInputs([
    { file: 'live', kind: 'live', elements, diagnostics: [], readings: Object.keys(byProject).map((project) => ({ region, project })) },
  ]);
}

const deployedAsIntended = (): Element[] => [
  tracker({ status: 'enabled' }),
  notification({ topic: known(urn()) }),
  topic({ urn: known(urn()) }),
  subscription({ topic: known(urn()) }),
];

const messages = (m: Model) => diffModels(intended(), m).map((d) => `${d.region}  ${d.message}`);

describe('diffModels', () => {
  test('what is deployed as intended: no difference', () => {
    expect(messages(live({ [PROJECT]: deployedAsIntended() }))).toEqual([]);
  });

  test('a disabled tracker and a notification that lost an event', () => {
    const [t, n, ...rest] = deployedAsIntended();
    const changed = [
      { ...t, status: 'disabled', enabled: known(false) },
      { ...n, operations: known([{ service: 'ModelArts', resource: 'Notebook', traceNames: ['createNotebook'] }]) },
      ...rest,
    ] as Element[];
    expect(messages(live({ [PROJECT]: changed }))).toEqual([
      expect.stringMatching(
        /^cn-north-4 {2}notification cts-audit-modelarts: operations deployed lack .*ModelArts\/Notebook\/deleteNotebook, /,
      ),
      `${REGION}  tracker system: enabled is false deployed, true intended`,
    ]);
  });

  test('trackers and notifications that could not be read are differences, never "no difference" or "not deployed"', () => {
    const denied = 'the CTS trackers of cn-north-4 could not be read: HTTP 403 CTS.0002';
    const cannot = [
      tracker({ unreadable: denied, enabled: unknown(denied) }),
      notification({ unreadable: 'HTTP 403 CTS.0002', name: unknown('HTTP 403 CTS.0002') }),
      topic({ urn: known(urn()) }),
      subscription({ topic: known(urn()) }),
    ];
    expect(messages(live({ [PROJECT]: cannot }))).toEqual([
      `${REGION}  the deployed notifications could not be read: HTTP 403 CTS.0002`,
      `${REGION}  the deployed trackers could not be read: ${denied}`,
    ]);
  });

  test('topics that could not be listed, and subscriptions that could not be read, are said to be so', () => {
    const m = live({ [PROJECT]: deployedAsIntended().filter((e) => e.type !== 'topic' && e.type !== 'subscription') });
    const withListing = { ...m, topicListings: { [`${REGION}\u0000${PROJECT}`]: 'HTTP 403 SMN.0003' } };
    expect(messages(withListing)).toEqual([
      `${REGION}  notification cts-audit-modelarts: topic could not be read deployed, cts_audit intended`,
      `${REGION}  the deployed topics could not be read: HTTP 403 SMN.0003`,
    ]);
    const unreadable = live({
      [PROJECT]: [
        ...deployedAsIntended().filter((e) => e.type !== 'subscription'),
        subscription({ topic: known(urn()), unreadable: 'the subscriptions of cts_audit could not be read: HTTP 500' }),
      ],
    });
    expect(messages(unreadable)).toEqual([`${REGION}  topic cts_audit: has a subscriber could not be read deployed, true intended`]);
  });

  test('a deployed value that cannot be read is a difference', () => {
    const [t, ...rest] = deployedAsIntended();
    expect(messages(live({ [PROJECT]: [{ ...t, status: undefined, enabled: unknown('status "abnormal"') } as Element, ...rest] }))).toEqual(
      [`${REGION}  tracker system: enabled could not be read deployed, true intended`],
    );
  });

  test('each project of a region is held against the intended configuration, and labelled', () => {
    expect(messages(live({ [PROJECT]: deployedAsIntended(), [SUB_PROJECT]: [tracker({ status: 'enabled' })] }))).toEqual([
      `${REGION}/${SUB_PROJECT}  notification cts-audit-modelarts is intended but not deployed`,
      `${REGION}/${SUB_PROJECT}  topic cts_audit is intended but not deployed`,
    ]);
  });

  test('a region the deployed side did not read says so', () => {
    expect(messages(live({ [PROJECT]: deployedAsIntended() }, OTHER_REGION))).toEqual([
      `${OTHER_REGION}  notification cts-audit-modelarts is deployed but not in the intended configuration`,
      `${REGION}  notification cts-audit-modelarts: region ${REGION} was not read on the deployed side`,
      `${REGION}  topic cts_audit: region ${REGION} was not read on the deployed side`,
      `${REGION}  tracker system: region ${REGION} was not read on the deployed side`,
    ]);
  });

  test('the CTS configuration: what read-only operations it reports, and whether it syncs global traces', () => {
    const withConfiguration = (...elements: Element[]) =>
      mergeInputs([{ file: 'plan.json', kind: 'plan', elements: [configuration(), ...elements], diagnostics: [] }]);
    const deployed = (c: Element) => diffModels(withConfiguration(), live({ [PROJECT]: [c] })).map((d) => d.message);
    expect(deployed(configuration())).toEqual([]);
    expect(deployed(configuration({ readOnlyAll: known(true), syncGlobal: known(false) }))).toEqual([
      'configuration CTS: is_sync_global_trace is false deployed, true intended',
      'configuration CTS: read-only reporting is all services deployed, ECS, ModelArts intended',
    ]);
    expect(deployed(configuration({ readOnlyServices: known(['ECS']) }))).toEqual([
      'configuration CTS: read-only reporting is ECS deployed, ECS, ModelArts intended',
    ]);
    // The services listed take effect only when not every service is reported: a different list then is no difference.
    const all = (services: string[]) => configuration({ readOnlyAll: known(true), readOnlyServices: known(services) });
    const plan = mergeInputs([{ file: 'plan.json', kind: 'plan', elements: [all(['ECS'])], diagnostics: [] }]);
    expect(diffModels(plan, live({ [PROJECT]: [all([])] }))).toEqual([]);
    expect(deployed(configuration({ unreadable: 'HTTP 403 CTS.0002 (no permission)' }))).toEqual([
      'the deployed CTS configuration could not be read: HTTP 403 CTS.0002 (no permission)',
    ]);
    // A configuration nobody intended is not compared, readable or not.
    expect(diffModels(intended(), live({ [PROJECT]: [...deployedAsIntended(), configuration({ unreadable: 'HTTP 403' })] }))).toEqual([]);
  });

  test('each field of a tracker that differs, with both values', () => {
    const plan = mergeInputs([
      {
        file: 'plan.json',
        kind: 'plan',
        elements: [tracker({ kmsId: ref('huaweicloud_kms_key.traces', 'id', '${huaweicloud_kms_key.traces.id}') })],
        diagnostics: [],
      },
    ]);
    const deployed = live({
      [PROJECT]: [
        tracker({
          status: 'enabled',
          bucketName: known(undefined),
          ltsEnabled: known(false),
          validateFile: known(false),
          kmsId: known(undefined),
          excludeServices: known(['OBS', 'CTS']),
        }),
      ],
    });
    expect(diffModels(plan, deployed)).toEqual([
      {
        region: REGION,
        kind: 'tracker',
        name: 'system',
        message: 'tracker system: bucket_name is (none) deployed, cts-audit-traces intended',
        intended: 'cts-audit-traces',
        deployed: '(none)',
      },
      {
        region: REGION,
        kind: 'tracker',
        name: 'system',
        message: 'tracker system: exclude_service is CTS, OBS deployed, (none) intended',
        intended: '(none)',
        deployed: 'CTS, OBS',
      },
      {
        region: REGION,
        kind: 'tracker',
        name: 'system',
        message: 'tracker system: kms encryption is false deployed, true intended',
        intended: 'true',
        deployed: 'false',
      },
      {
        region: REGION,
        kind: 'tracker',
        name: 'system',
        message: 'tracker system: lts_enabled is false deployed, true intended',
        intended: 'true',
        deployed: 'false',
      },
      {
        region: REGION,
        kind: 'tracker',
        name: 'system',
        message: 'tracker system: validate_file is false deployed, true intended',
        intended: 'true',
        deployed: 'false',
      },
    ]);
  });

  test('a value the intended side knows only after apply is not compared', () => {
    const plan = mergeInputs([
      {
        file: 'plan.json',
        kind: 'plan',
        elements: [tracker({ kmsId: unknown('known after apply'), bucketName: unknown('known after apply'), enabled: unknown('x') })],
        diagnostics: [],
      },
    ]);
    expect(
      diffModels(plan, live({ [PROJECT]: [tracker({ status: 'enabled', kmsId: known(undefined), bucketName: known('other') })] })),
    ).toEqual([]);
  });

  test('operations deployed that lack some events and add others; a notification to no topic', () => {
    const ops = (...names: string[]) => known([{ service: 'ModelArts', resource: 'Notebook', traceNames: names }]);
    const plan = mergeInputs([
      {
        file: 'plan.json',
        kind: 'plan',
        elements: [notification({ operations: ops('createNotebook', 'deleteNotebook') }), topic(), subscription()],
        diagnostics: [],
      },
    ]);
    const deployed = live({
      [PROJECT]: [notification({ operations: ops('createNotebook', 'startNotebook', 'stopNotebook'), topic: known(undefined) })],
    });
    expect(diffModels(plan, deployed)).toEqual([
      {
        region: REGION,
        kind: 'notification',
        name: 'cts-audit-modelarts',
        message:
          'notification cts-audit-modelarts: operations deployed lack ModelArts/Notebook/deleteNotebook; add ModelArts/Notebook/startNotebook, ModelArts/Notebook/stopNotebook',
        intended: 'ModelArts/Notebook/createNotebook, ModelArts/Notebook/deleteNotebook',
        deployed: 'ModelArts/Notebook/createNotebook, ModelArts/Notebook/startNotebook, ModelArts/Notebook/stopNotebook',
      },
      {
        region: REGION,
        kind: 'notification',
        name: 'cts-audit-modelarts',
        message: 'notification cts-audit-modelarts: topic is (none) deployed, cts_audit intended',
        intended: 'cts_audit',
        deployed: '(none)',
      },
      { region: REGION, kind: 'topic', name: 'cts_audit', message: 'topic cts_audit is intended but not deployed' },
    ]);
    const fewer = live({ [PROJECT]: [notification({ operations: ops('createNotebook') }), topic(), subscription()] });
    expect(diffModels(plan, fewer).map((d) => d.message)).toEqual([
      'notification cts-audit-modelarts: operations deployed lack ModelArts/Notebook/deleteNotebook',
    ]);
    const more = live({
      [PROJECT]: [notification({ operations: ops('createNotebook', 'deleteNotebook', 'stopNotebook') }), topic(), subscription()],
    });
    expect(diffModels(plan, more).map((d) => d.message)).toEqual([
      'notification cts-audit-modelarts: operations deployed add ModelArts/Notebook/stopNotebook',
    ]);
  });

  test('a topic whose only subscription is not confirmed has no subscriber; one confirmed subscription is enough', () => {
    const [t, n, tp] = deployedAsIntended();
    const pending = subscription({ topic: known(urn()), confirmed: false });
    expect(messages(live({ [PROJECT]: [t, n, tp, pending] }))).toEqual([
      `${REGION}  topic cts_audit: has a subscriber is false deployed, true intended`,
    ]);
    expect(messages(live({ [PROJECT]: [t, n, tp] }))).toEqual([
      `${REGION}  topic cts_audit: has a subscriber is false deployed, true intended`,
    ]);
    const confirmed = subscription({ address: 'huaweicloud_smn_subscription.b', topic: known(urn()), confirmed: true });
    expect(messages(live({ [PROJECT]: [t, n, tp, pending, confirmed] }))).toEqual([]);
  });

  test('a notification to a function is not compared; a deployed notification the intended side lacks is', () => {
    const toFunction = notification({ name: known('to-function'), functionUrn: 'urn:fss:cn-north-4:p:function:default:f' });
    expect(messages(live({ [PROJECT]: [...deployedAsIntended(), toFunction] }))).toEqual([]);
    const extra = notification({ address: 'huaweicloud_cts_notification.extra', name: known('extra') });
    expect(messages(live({ [PROJECT]: [...deployedAsIntended(), extra] }))).toEqual([
      `${REGION}  notification extra is deployed but not in the intended configuration`,
    ]);
  });

  test('with nothing read on the deployed side, what is intended is not deployed', () => {
    expect(messages(mergeInputs([{ file: 'live', kind: 'live', elements: [], diagnostics: [] }]))).toEqual([
      `${REGION}  notification cts-audit-modelarts is intended but not deployed`,
      `${REGION}  topic cts_audit is intended but not deployed`,
      `${REGION}  tracker system is intended but not deployed`,
    ]);
  });

  test('what is deployed in a region the intended side has nothing of, in two projects, is labelled by project', () => {
    const extra = notification({ address: 'huaweicloud_cts_notification.extra', name: known('extra') });
    const other = live({ [PROJECT]: [extra], [SUB_PROJECT]: [extra] }, OTHER_REGION);
    expect(messages(other).filter((m) => m.startsWith(OTHER_REGION))).toEqual([
      `${OTHER_REGION}/${PROJECT}  notification extra is deployed but not in the intended configuration`,
      `${OTHER_REGION}/${SUB_PROJECT}  notification extra is deployed but not in the intended configuration`,
    ]);
    const denied = { ...live({ [PROJECT]: [] }, OTHER_REGION), topicListings: { [`${OTHER_REGION}\u0000${PROJECT}`]: 'HTTP 403' } };
    expect(messages(denied).filter((m) => m.startsWith(OTHER_REGION))).toEqual([
      `${OTHER_REGION}  the deployed topics could not be read: HTTP 403`,
    ]);
  });
});
