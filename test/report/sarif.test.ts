import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Verdict } from '../../lib/evaluate/verdict';
import { FINGERPRINT_KEY, SARIF_SCHEMA, sarif, toUri } from '../../lib/report/sarif';
import { SAMPLES, allCovered, mixed, specialCharacters } from './sample-verdicts';
import { expectEvery } from '../support/every';

// The official OASIS SARIF 2.1.0 schema (errata 01), kept verbatim as test data. It is draft-04.
const SCHEMA = JSON.parse(readFileSync(join(__dirname, '../fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(SCHEMA);

/* eslint-disable @typescript-eslint/no-explicit-any */
type Log = any;
const log = (v: Verdict): Log => JSON.parse(sarif(v, { color: false }));
const results = (v: Verdict): any[] => log(v).runs[0].results;
const notCovered = (v: Verdict) => v.events.filter((e) => e.status !== 'covered');

describe('sarif report', () => {
  it('uses the official schema', () => {
    expect(SCHEMA.id).toBe('https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json');
  });

  it.each(Object.entries(SAMPLES))('is valid SARIF 2.1.0 for %s', (_name, verdict) => {
    const ok = validate(log(verdict));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('detects an invalid log (the validator is live)', () => {
    const bad = log(mixed);
    bad.runs[0].results[0].level = 'fatal';
    bad.runs[0].results[1].locations[0].physicalLocation.artifactLocation.uri = 'a b';
    expect(validate(bad)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining(['/runs/0/results/0/level', '/runs/0/results/1/locations/0/physicalLocation/artifactLocation/uri']),
    );
  });

  it.each([
    ['mixed', mixed],
    ['specialCharacters', specialCharacters],
  ])('matches the snapshot for %s', (_name, verdict) => {
    expect(sarif(verdict, { color: false })).toMatchSnapshot();
  });

  it('describes the tool and every rule of the verdict', () => {
    const l = log(mixed);
    expect(l.$schema).toBe(SARIF_SCHEMA);
    expect(l.version).toBe('2.1.0');
    expect(l.runs).toHaveLength(1);
    const driver = l.runs[0].tool.driver;
    expect(driver.name).toBe('cts-audit');
    expect(driver.version).toBe('0.1.0');
    expect(driver.informationUri).toBeUndefined();
    expect(driver.rules.map((r: any) => r.id)).toEqual(mixed.rules.map((r) => r.id));
    const coverage = driver.rules[0];
    const info = mixed.rules[0];
    expect(coverage).toMatchObject({
      id: 'event-coverage',
      name: 'EventCoverage',
      shortDescription: { text: info.title },
      fullDescription: { text: info.description },
      defaultConfiguration: { level: 'error' },
      properties: { docs: 'docs/rules.md#event-coverage' },
    });
    expect(coverage.help.text).toContain(info.remediation);
    expect(coverage.helpUri).toBeUndefined();
    expect(driver.rules.find((r: any) => r.id === 'tracker-lts-transfer').defaultConfiguration.level).toBe('warning');
  });

  it('has one result per finding and per event that is not covered', () => {
    expect(results(allCovered)).toEqual([]);
    for (const verdict of Object.values(SAMPLES)) {
      const r = results(verdict);
      expect(r).toHaveLength(verdict.findings.length + notCovered(verdict).length);
      expect(r.filter((x) => x.ruleId === 'event-coverage')).toHaveLength(notCovered(verdict).length);
    }
  });

  it('points each result at its rule by id and index', () => {
    for (const verdict of Object.values(SAMPLES)) {
      const l = log(verdict);
      for (const r of l.runs[0].results) {
        if (r.ruleIndex === undefined) expect(verdict.rules.some((rule) => rule.id === r.ruleId)).toBe(false);
        else expect(l.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      }
    }
    expect(results(specialCharacters).find((r) => r.ruleId === 'not-a-listed-rule').ruleIndex).toBeUndefined();
  });

  it('words event results with region, event, status and first reason', () => {
    const r = results(mixed);
    expect(r[0].message.text).toBe(
      'listallNotebook (ModelArts/Notebook) is uncovered in cn-north-4: no enabled notification in cn-north-4 sends ModelArts/Notebook/listallNotebook to a subscribed topic',
    );
    expectEvery(
      r.filter((x) => x.ruleId === 'event-coverage'),
      (x) => x.level === 'error',
      'event-coverage result',
    );
    expect(r.map((x) => x.properties.status ?? x.properties.severity)).toEqual([
      'uncovered',
      'partial',
      'unknown',
      'unknown',
      'unknown',
      'unknown',
      'unknown',
      'waived',
      'warning',
      'error',
      'note',
      'error',
      'error',
    ]);
    expect(r.slice(8).map((x) => x.level)).toEqual(['warning', 'error', 'note', 'error', 'error']);
  });

  it('keeps waived results, suppressed with the justification', () => {
    for (const verdict of Object.values(SAMPLES)) {
      const waivers = [...verdict.events.filter((e) => e.waiver), ...verdict.findings.filter((f) => f.waiver)].map((x) => x.waiver!);
      const suppressed = results(verdict).filter((r) => r.suppressions);
      expect(suppressed.map((r) => r.suppressions)).toEqual(
        waivers.map((w) => [
          { kind: 'external', status: 'accepted', justification: w.reason, properties: { waiver: w.id, expires: w.expires } },
        ]),
      );
    }
    const waived = results(mixed).find((r) => r.properties.event === 'listCombineTmsTag');
    expect(waived.message.text).toContain('is waived (was uncovered) in cn-north-4');
  });

  it('locates results in the input files, with lines, JSON pointers and addresses', () => {
    const finding = results(mixed).find((r) => r.ruleId === 'tracker-kms-encryption');
    expect(finding.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'plans/ap-southeast-1.tfplan.json' }, region: { startLine: 40 } },
        logicalLocations: [{ fullyQualifiedName: 'huaweicloud_cts_tracker.NotebookAudit_ap_southeast_1_Tracker', kind: 'resource' }],
        properties: { scope: 'cts-audit', jsonPointer: '/resource/huaweicloud_cts_tracker/NotebookAudit_ap_southeast_1_Tracker' },
      },
    ]);
    const partial = results(mixed).find((r) => r.properties.status === 'partial');
    expect(partial.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^huaweicloud_cts_notification\./);
    expect(partial.relatedLocations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^huaweicloud_cts_tracker\./);
    // Nothing located an uncovered event: the first input, and the event as a logical location.
    const uncovered = results(mixed).find((r) => r.properties.status === 'uncovered');
    expect(uncovered.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'cdktf.out/stacks/cts-audit/cdk.tf.json' } },
        logicalLocations: [{ name: 'listallNotebook', fullyQualifiedName: 'cn-north-4/ModelArts/Notebook/listallNotebook' }],
      },
    ]);
    const special = results(specialCharacters)[0];
    expect(special.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'stacks/my%20stack/cdk.tf.json' },
      region: { startLine: 7 },
    });
  });

  it('fingerprints results stably and uniquely', () => {
    // Some samples have no result: the fingerprints are checked over all of them together.
    const all: string[] = [];
    for (const verdict of Object.values(SAMPLES)) {
      const prints = results(verdict).map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
      expect(new Set(prints).size).toBe(prints.length);
      all.push(...prints);
    }
    expectEvery(all, (p) => /^[0-9a-f]{32}$/.test(p), 'fingerprint');
    // A finding with an address keeps its fingerprint when its wording changes.
    const reworded: Verdict = { ...mixed, findings: mixed.findings.map((f) => ({ ...f, message: f.message + ' (reworded)' })) };
    const print = (v: Verdict) => results(v).find((r) => r.ruleId === 'tracker-kms-encryption').partialFingerprints;
    expect(print(reworded)).toEqual(print(mixed));
  });

  it('writes file names as URI references', () => {
    expect(toUri('cdktf.out/stacks/a/cdk.tf.json')).toBe('cdktf.out/stacks/a/cdk.tf.json');
    expect(toUri('stacks\\my stack\\cdk.tf.json')).toBe('stacks/my%20stack/cdk.tf.json');
    expect(toUri('C:\\work\\a b\\plan.json')).toBe('file:///C:/work/a%20b/plan.json');
    expect(toUri('/home/ci/plan.json')).toBe('/home/ci/plan.json');
    expect(toUri('live:cn-north-4/0123abcd')).toBe('live:cn-north-4/0123abcd');
    expect(toUri('a#b?c%d[e].json')).toBe('a%23b%3Fc%25d%5Be%5D.json');
    expect(toUri('_x:y.json')).toBe('./_x:y.json');
    expect(toUri('bad\uD800.json')).toBe('bad%EF%BF%BD.json');
    const check = ajv.compile({ type: 'string', format: 'uri-reference' });
    for (const uri of ['stacks/my%20stack/cdk.tf.json', 'file:///C:/work/a%20b/plan.json', 'live:cn-north-4/0123abcd', './_x:y.json']) {
      expect(check(uri)).toBe(true);
    }
  });
});
