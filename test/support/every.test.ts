import { expectEvery } from './every';

describe('expectEvery', () => {
  test('fails on an empty list, where Array.prototype.every would pass', () => {
    const vacuous = [].every(() => false);
    expect(vacuous).toBe(true);
    expect(() => expectEvery([], () => true, 'event')).toThrow(
      'expected every event to match, but there is none: an empty list proves nothing',
    );
  });

  test('fails naming the first item that does not match', () => {
    expect(() => expectEvery([{ s: 'covered' }, { s: 'unknown' }, { s: 'partial' }], (e) => e.s === 'covered', 'event')).toThrow(
      'expected every event to match, but event 1 of 3 does not: {"s":"unknown"}',
    );
  });

  test('passes when there is at least one item and every item matches', () => {
    expect(() => expectEvery(['covered', 'covered'], (s) => s === 'covered')).not.toThrow();
  });
});
