import { diffModels } from '../../lib/evaluate/diff';
import { Element, Model, known, mergeInputs, unknown } from '../../lib/model';
import { OTHER_REGION, PROJECT, REGION, notification, subscription, topic, tracker, urn } from './builders';

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
});
