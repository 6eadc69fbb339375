/**
 * The JUnit XML report, for CI test views (GitLab, Jenkins, Azure DevOps,
 * GitHub test-report actions).
 *
 * - One `<testsuite>` per region with one `<testcase>` per event
 *   (classname `<table>.<resourceType>`, name `<event> (<region>)`): a
 *   `<failure>` when it is partial, unknown or uncovered (type = status,
 *   reasons and near misses as text), `<skipped>` when waived, nothing when
 *   covered.
 * - One `<testsuite name="controls">` with one `<testcase>` per finding
 *   (classname `controls.<ruleId>`): a `<failure type="error">` for an error;
 *   a warning or a note does not fail the check, so its test case passes
 *   and carries the message in `<system-out>`; a waived finding is
 *   `<skipped>`.
 */
import type { EventResult, Finding, Verdict } from '../evaluate/verdict';
import { type ReportOptions, cleanText, describeSource, eventsInMatrixOrder, findingAddress, isFailing } from './common';

interface TestCase {
  classname: string;
  name: string;
  failure?: { message: string; type: string; body: string };
  skipped?: { message: string; body: string };
  systemOut?: string;
}

/** The JUnit XML report. */
export function junit(verdict: Verdict, _options: ReportOptions): string {
  const events = eventsInMatrixOrder(verdict);
  const regions = [...new Set([...verdict.regions, ...events.map((e) => e.region)])];
  const suites = regions.map((region) => ({ name: region, cases: events.filter((e) => e.region === region).map(eventCase) }));
  suites.push({ name: 'controls', cases: verdict.findings.map(findingCase) });

  const count = (cases: readonly TestCase[]) => ({
    tests: cases.length,
    failures: cases.filter((c) => c.failure).length,
    skipped: cases.filter((c) => c.skipped).length,
  });
  const all = count(suites.flatMap((s) => s.cases));

  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites ${attrs({ name: verdict.tool.name, tests: all.tests, failures: all.failures, errors: 0, skipped: all.skipped })}>`);
  for (const suite of suites) {
    const c = count(suite.cases);
    const open = `  <testsuite ${attrs({ name: suite.name, tests: c.tests, failures: c.failures, errors: 0, skipped: c.skipped })}`;
    if (suite.cases.length === 0) {
      out.push(`${open}/>`);
      continue;
    }
    out.push(`${open}>`);
    for (const tc of suite.cases) out.push(...testCase(tc));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

function eventCase(e: EventResult): TestCase {
  const tc: TestCase = { classname: `${e.table}.${e.resourceType}`, name: `${e.event} (${e.region})` };
  const details = [...e.reasons, ...e.nearMisses.map((m) => `near miss: ${m}`), ...e.evidence.map((a) => `evidence: ${a}`)].join('\n');
  if (isFailing(e.status)) {
    tc.failure = { message: `${e.status}: ${e.reasons[0] ?? `${e.id} is ${e.status} in ${e.region}`}`, type: e.status, body: details };
  } else if (e.status === 'waived') {
    const w = e.waiver;
    const was = e.unwaivedStatus ? `was ${e.unwaivedStatus}; ` : '';
    tc.skipped = {
      message: `waived: ${w?.reason ?? 'no waiver recorded'}`,
      body: [`${was}waiver ${w?.id ?? '?'}, expires ${w?.expires ?? '?'}`, details].filter(Boolean).join('\n'),
    };
  }
  return tc;
}

function findingCase(f: Finding): TestCase {
  const address = findingAddress(f);
  const name = [address, f.region !== undefined ? `(${f.region})` : undefined].filter((s) => s !== undefined).join(' ');
  const tc: TestCase = { classname: `controls.${f.ruleId}`, name: name || f.ruleId };
  const at = describeSource(f.location);
  const body = [f.message, at ? `at ${at}` : ''].filter(Boolean).join('\n');
  if (f.waiver) {
    tc.skipped = {
      message: `waived: ${f.waiver.reason}`,
      body: `${f.severity}, waiver ${f.waiver.id}, expires ${f.waiver.expires}\n${body}`,
    };
  } else if (f.severity === 'error') {
    tc.failure = { message: f.message, type: 'error', body };
  } else {
    tc.systemOut = `${f.severity}: ${body}`;
  }
  return tc;
}

function testCase(tc: TestCase): string[] {
  const open = `    <testcase ${attrs({ classname: tc.classname, name: tc.name })}`;
  const children: string[] = [];
  if (tc.failure) children.push(element('failure', { message: tc.failure.message, type: tc.failure.type }, tc.failure.body));
  if (tc.skipped) children.push(element('skipped', { message: tc.skipped.message }, tc.skipped.body));
  if (tc.systemOut) children.push(element('system-out', {}, tc.systemOut));
  if (children.length === 0) return [`${open}/>`];
  return [`${open}>`, ...children.map((c) => `      ${c}`), '    </testcase>'];
}

function element(name: string, attributes: Record<string, string | number>, body: string): string {
  const a = attrs(attributes);
  const start = a ? `<${name} ${a}` : `<${name}`;
  return body ? `${start}>${xmlText(body)}</${name}>` : `${start}/>`;
}

function attrs(attributes: Record<string, string | number>): string {
  return Object.entries(attributes)
    .map(([k, v]) => `${k}="${xmlAttr(String(v))}"`)
    .join(' ');
}

/**
 * Characters XML 1.0 does not allow at all (most C0 controls, lone
 * surrogates, U+FFFE, U+FFFF): no escape can represent them, so they are
 * removed. Control characters are shown as `\xNN` first (see cleanText).
 */
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text content. */
export function xmlText(s: string): string {
  return cleanText(s)
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Escapes an attribute value; newlines become `&#10;`, which attribute-value normalisation keeps. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/\n/g, '&#10;');
}
