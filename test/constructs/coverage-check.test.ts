import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Aspects, TerraformStack } from 'cdktf';
import {
  AuditTracker,
  CoverageCheck,
  EventNotifications,
  NotebookAudit,
  ReadOnlyAudit,
  TraceBucket,
  checkStack,
} from '../../lib/constructs';
import { CtsNotification } from '../../lib/constructs/generated/huaweicloud/cts-notification';
import { HuaweicloudProvider } from '../../lib/constructs/generated/huaweicloud/provider';
import { defaultTable } from '../../lib/policy/bundled';
import { OperationsTable, tableEvents } from '../../lib/policy/table';

const subscriptions = [{ protocol: 'email' as const, endpoint: 'secops@example.com' }];

function app(): App {
  return new App({ outdir: mkdtempSync(join(tmpdir(), 'cts-audit-aspect-')) });
}

/** The table without one row: notifications generated from it miss that event. */
function tableWithout(traceName: string): OperationsTable {
  const t = defaultTable();
  return { ...t, operations: t.operations.filter((r) => r.traceName !== traceName) };
}

/** A stack built by hand from the pieces, with the check added in one line. */
function handBuilt(notificationTable: OperationsTable, options: ConstructorParameters<typeof CoverageCheck>[0] = {}) {
  const a = app();
  const stack = new TerraformStack(a, 'audit');
  const provider = new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
  const bucket = new TraceBucket(stack, 'Traces', { provider });
  new AuditTracker(stack, 'Tracker', { bucket });
  new ReadOnlyAudit(stack, 'ReadOnly', { provider });
  new EventNotifications(stack, 'Events', { provider, subscriptions, tables: [notificationTable] });
  Aspects.of(stack).add(new CoverageCheck(options));
  return { app: a, stack };
}

describe('CoverageCheck', () => {
  test('a covered stack synthesizes', () => {
    const { app: a } = handBuilt(defaultTable());
    expect(() => a.synth()).not.toThrow();
  });

  test('a stack without a CTS configuration fails synth: its read-only events are unknown, saying how to prove them', () => {
    const a = app();
    const stack = new TerraformStack(a, 'audit');
    const provider = new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
    new AuditTracker(stack, 'Tracker', { bucket: new TraceBucket(stack, 'Traces', { provider }) });
    new EventNotifications(stack, 'Events', { provider, subscriptions });
    Aspects.of(stack).add(new CoverageCheck());
    expect(() => a.synth()).toThrow(
      /ModelArts\/Notebook\/getNotebook in cn-north-4 is unknown \(recorded: unknown, notified: yes\): it is a read-only operation, and no CTS configuration in the inputs says whether cn-north-4 reports read-only operations of ModelArts/,
    );
    expect(
      checkStack(stack)
        .events.filter((e) => e.status !== 'covered')
        .map((e) => e.event),
    ).toHaveLength(11);
  });

  test('a stack missing one notification fails synth with an error naming the missing event, on the stack', () => {
    const { app: a } = handBuilt(tableWithout('stopNotebook'));
    expect(() => a.synth()).toThrow(
      /\[audit\] \[cts-audit event-coverage\] ModelArts\/Notebook\/stopNotebook in cn-north-4 is uncovered \(recorded: yes, notified: no\): no enabled notification in cn-north-4 sends ModelArts\/Notebook\/stopNotebook to a subscribed topic\./,
    );
  });

  test('a misspelt trace name blames the notification construct and says what is close', () => {
    const t = defaultTable();
    const misspelt = {
      ...t,
      operations: t.operations.map((r) => (r.traceName === 'listallNotebook' ? { ...r, traceName: 'listAllNotebook' } : r)),
    };
    const { app: a } = handBuilt(misspelt);
    expect(() => a.synth()).toThrow(
      /\[audit\/Events\/Notification-modelarts-notebook\] \[cts-audit event-coverage\] ModelArts\/Notebook\/listallNotebook in cn-north-4 is uncovered .* Close: huaweicloud_cts_notification\.Events_Notification-modelarts-notebook_[0-9A-F]+ lists "ModelArts\/Notebook\/listAllNotebook", which differs from "listallNotebook" only by case/,
    );
  });

  test('a weak tracker is an error on the tracker construct; a warning-severity finding stays a warning', () => {
    const a = app();
    const stack = new TerraformStack(a, 'audit');
    const provider = new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
    const bucket = new TraceBucket(stack, 'Traces', { provider });
    new AuditTracker(stack, 'Tracker', { bucket, validateFile: false, ltsEnabled: false });
    new ReadOnlyAudit(stack, 'ReadOnly', { provider });
    new EventNotifications(stack, 'Events', { provider, subscriptions });
    const verdict = checkStack(stack);
    expect(verdict.findings.map((f) => f.ruleId).sort()).toEqual(['tracker-file-validation', 'tracker-lts-transfer']);
    new CoverageCheck().annotate(stack);
    const tracker = stack.node.findAll().find((c) => c.node.path === 'audit/Tracker/Tracker');
    const messages = (type: string) => tracker?.node.metadata.filter((m) => m.type === type).map((m) => m.data);
    expect(messages('@cdktf/error')).toEqual([
      expect.stringContaining('[cts-audit tracker-file-validation] huaweicloud_cts_tracker.Tracker_'),
    ]);
    expect(messages('@cdktf/warn')).toEqual(expect.arrayContaining([expect.stringContaining('[cts-audit tracker-lts-transfer]')]));
  });

  test("failOn: 'warning' makes warning findings fail too", () => {
    const a = app();
    const stack = new TerraformStack(a, 'audit');
    const provider = new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
    new AuditTracker(stack, 'Tracker', { bucket: new TraceBucket(stack, 'Traces', { provider }), ltsEnabled: false });
    new EventNotifications(stack, 'Events', { provider, subscriptions });
    Aspects.of(stack).add(new CoverageCheck({ failOn: 'warning' }));
    expect(() => a.synth()).toThrow(/\[cts-audit tracker-lts-transfer\]/);
  });

  test('waivers and regions are options', () => {
    const { app: a, stack } = handBuilt(tableWithout('stopNotebook'), {
      waivers: [{ id: 'ModelArts/Notebook/stopNotebook', reason: 'stopping is not audited here (SEC-7)', expires: '2099-01-01' }],
    });
    expect(() => a.synth()).not.toThrow();
    // Every event of the table, in the region asked for that the stack does not deploy to: uncovered.
    const elsewhere = checkStack(stack, { regions: ['cn-north-4', 'ap-southeast-1'] }).events.filter((e) => e.region === 'ap-southeast-1');
    expect(elsewhere.map((e) => `${e.id} ${e.status}`)).toEqual(
      tableEvents(defaultTable()).map((e) => `${e.service}/${e.resourceType}/${e.traceName} uncovered`),
    );
  });
});

describe('NotebookAudit adds the check by default', () => {
  test('its stack fails synth when another construct disables its notifications', () => {
    const a = app();
    const stack = new TerraformStack(a, 'audit');
    const audit = new NotebookAudit(stack, 'Audit', { regions: ['cn-north-4'], subscriptions });
    audit.regions[0].notifications.notifications.forEach((n: CtsNotification) => n.addOverride('enabled', false));
    expect(() => a.synth()).toThrow(
      /\[audit\/Audit\/cn-north-4\/Notifications\/Notification-modelarts-notebook\] \[cts-audit event-coverage\] ModelArts\/Notebook\/createNotebook in cn-north-4 is uncovered/,
    );
  });

  test('an aspect that runs after the check was added (here, to a subtree) cannot slip a change past it', () => {
    const a = app();
    const stack = new TerraformStack(a, 'audit');
    const audit = new NotebookAudit(stack, 'Audit', { regions: ['cn-north-4'], subscriptions });
    Aspects.of(audit).add({
      visit: (node) => {
        if (node instanceof CtsNotification) node.enabled = false;
      },
    });
    expect(() => a.synth()).toThrow(
      /\[audit\/Audit\/cn-north-4\/Notifications\/Notification-modelarts-notebook\] \[cts-audit event-coverage\] ModelArts\/Notebook\/createNotebook in cn-north-4 is uncovered/,
    );
  });

  test('coverageCheck: false turns it off', () => {
    const a = app();
    const stack = new TerraformStack(a, 'audit');
    const audit = new NotebookAudit(stack, 'Audit', { regions: ['cn-north-4'], subscriptions, coverageCheck: false });
    audit.regions[0].notifications.notifications.forEach((n: CtsNotification) => n.addOverride('enabled', false));
    expect(() => a.synth()).not.toThrow();
  });
});

test('`cdktf synth` of a stack missing one notification fails, naming the event', () => {
  // The default app with a table that lacks stopNotebook for its notifications is the
  // simplest real app; it runs through the cdktf CLI as a user would.
  const dir = mkdtempSync(join(tmpdir(), 'cts-audit-cli-synth-'));
  const root = join(__dirname, '../..');
  const appFile = join(dir, 'app.js');
  require('node:fs').writeFileSync(
    appFile,
    `
const { App, TerraformStack, Aspects } = require(${JSON.stringify(join(root, 'node_modules/cdktf'))});
const c = require(${JSON.stringify(join(root, 'dist/lib/constructs'))});
const { defaultTable } = require(${JSON.stringify(join(root, 'dist/lib/policy/bundled'))});
const app = new App();
const stack = new TerraformStack(app, 'audit');
const provider = new c.HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
const bucket = new c.TraceBucket(stack, 'Traces', { provider });
new c.AuditTracker(stack, 'Tracker', { bucket });
const t = defaultTable();
new c.EventNotifications(stack, 'Events', { provider, subscriptions: [{ protocol: 'email', endpoint: 'secops@example.com' }],
  tables: [{ ...t, operations: t.operations.filter((r) => r.traceName !== 'stopNotebook') }] });
Aspects.of(stack).add(new c.CoverageCheck());
app.synth();
`,
  );
  require('node:fs').writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${appFile}` }));
  const r = spawnSync(process.execPath, [join(root, 'node_modules/cdktf-cli/bundle/bin/cdktf'), 'synth'], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: '1', CI: '1' },
    timeout: 120000,
  });
  expect(r.status).not.toBe(0);
  expect(r.stdout + r.stderr).toContain('ModelArts/Notebook/stopNotebook in cn-north-4 is uncovered');
}, 120000);
