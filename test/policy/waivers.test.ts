import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWaivers } from '../../lib/policy/waivers';

const VALID = {
  id: 'ModelArts/NotebookTmsTag/listNotebookTmsTag',
  reason: 'Tag reads are not sensitive (SEC-1234)',
  expires: '2027-03-31',
};

function file(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cts-audit-waivers-')), 'waivers.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('loadWaivers', () => {
  test('returns the waivers of a valid file, with their optional region and address', () => {
    const waivers = [VALID, { ...VALID, id: 'tracker-lts-transfer', region: 'cn-north-4', address: 'huaweicloud_cts_tracker.system' }];
    expect(loadWaivers(file({ $schema: '../schemas/waivers.schema.json', waivers }))).toEqual(waivers);
    expect(loadWaivers(file({ waivers: [] }))).toEqual([]);
  });

  test.each([
    [
      'a reason too short, naming the waiver by its id and quoting the value',
      { waivers: [VALID, { ...VALID, id: 'tracker-lts-transfer', reason: 'short' }] },
      'w.json: waivers[1].reason (waiver "tracker-lts-transfer"): must explain the exception in at least 10 characters (got "short")',
    ],
    [
      'a date that is not one, quoted',
      { waivers: [{ ...VALID, expires: '31/03/2027' }] },
      `w.json: waivers[0].expires (waiver "${VALID.id}"): must be a date in the form YYYY-MM-DD (got "31/03/2027")`,
    ],
    [
      'a waiver without an id: no name to give it',
      { waivers: [{ reason: VALID.reason, expires: VALID.expires }] },
      'w.json: waivers[0].id: Invalid input: expected string, received undefined',
    ],
    [
      'an id that is not a string is not a name either',
      { waivers: [{ ...VALID, id: 42 }] },
      'w.json: waivers[0].id: Invalid input: expected string, received number',
    ],
    ['no waivers list', { exceptions: [] }, 'w.json: waivers: Invalid input: expected array, received undefined (and 1 more problem)'],
    ['not an object at all', [VALID], 'w.json: (top level): Invalid input: expected object, received array'],
    [
      'several problems, counted',
      { waivers: [{ ...VALID, reason: 'short', expires: 'soon', region: '' }] },
      `w.json: waivers[0].region (waiver "${VALID.id}"): Too small: expected string to have >=1 characters (got "") (and 2 more problems)`,
    ],
  ])('%s', (_name, content, message) => {
    expect(() => loadWaivers(file(content), 'w.json')).toThrow(message);
  });

  test('names the file as it was given when no other name is', () => {
    const path = file({ waivers: [{ ...VALID, reason: 'short' }] });
    expect(() => loadWaivers(path)).toThrow(`${path}: waivers[0].reason`);
  });

  test('an unreadable or malformed file says so', () => {
    expect(() => loadWaivers(join(tmpdir(), 'no-such-dir-cts-audit', 'w.json'), 'w.json')).toThrow('w.json: cannot read file (ENOENT)');
    expect(() => loadWaivers(file('{"waivers": ['), 'w.json')).toThrow(/^w\.json: 1:/);
  });
});
