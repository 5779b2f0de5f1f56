import { expect } from '@open-wc/testing';
import { StoredValue, StoredValueChangeEvent } from '../../components/core/values';

const KEY = 'ck:test:values';

/** Keeps only the integers of an array, capped at 10; anything else is rejected. */
const parseScores = (value: unknown): number[] | undefined =>
  Array.isArray(value) ? value.filter((n): n is number => Number.isInteger(n)).map((n) => Math.min(n, 10)) : undefined;

/** What another tab's write looks like to this one. */
const otherTabWrites = (newValue: string | null, storageArea: Storage = localStorage, key: string | null = KEY) =>
  window.dispatchEvent(new StorageEvent('storage', { key, newValue, storageArea }));

function record(value: StoredValue<unknown>): StoredValueChangeEvent[] {
  const events: StoredValueChangeEvent[] = [];
  value.addEventListener(StoredValueChangeEvent.type, (e) => events.push(e as StoredValueChangeEvent));
  return events;
}

describe('StoredValue', () => {
  beforeEach(() => localStorage.clear());

  it('normalises what it reads back with its parser, and rejects what the parser rejects', () => {
    localStorage.setItem(KEY, JSON.stringify([3, 'x', 42, 1.5, null]));
    expect(new StoredValue(KEY, localStorage, parseScores, undefined).value).to.deep.equal([3, 10]);
    localStorage.setItem(KEY, JSON.stringify({ not: 'an array' }));
    expect(new StoredValue(KEY, localStorage, parseScores, undefined).value).to.equal(undefined);
    localStorage.setItem(KEY, '{not json');
    expect(new StoredValue(KEY, localStorage, parseScores, undefined).value).to.equal(undefined);
  });

  it('stores what this tab sets as it is, and says the change is local', () => {
    const stored = new StoredValue(KEY, localStorage, parseScores, undefined);
    const events = record(stored);
    stored.set([12]);
    expect(stored.value).to.deep.equal([12]);
    expect(localStorage.getItem(KEY)).to.equal('[12]');
    stored.set(undefined);
    expect(localStorage.getItem(KEY)).to.equal(null);
    expect(events.map((e) => e.source)).to.deep.equal(['local', 'local']);
  });

  it("normalises another tab's write and says the change came from another tab", () => {
    const stored = new StoredValue(KEY, localStorage, parseScores, window);
    const events = record(stored);
    otherTabWrites(JSON.stringify([1, 'tampered', 500]));
    expect(stored.value).to.deep.equal([1, 10]);
    otherTabWrites('{not json');
    expect(stored.value).to.equal(undefined);
    stored.set([2]);
    otherTabWrites(null, localStorage, null); // another tab cleared the whole storage
    expect(stored.value).to.equal(undefined);
    expect(events.map((e) => e.source)).to.deep.equal(['other-tab', 'other-tab', 'local', 'other-tab']);
  });

  it('ignores other keys and the other storage area', () => {
    const stored = new StoredValue(KEY, localStorage, parseScores, window);
    stored.set([5]);
    const events = record(stored);
    otherTabWrites('[1]', localStorage, 'ck:test:other');
    otherTabWrites('[1]', sessionStorage);
    expect(stored.value).to.deep.equal([5]);
    expect(events).to.have.length(0);
  });

  it('keeps an in-memory value when storage fails', () => {
    const failing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {},
    } as unknown as Storage;
    const stored = new StoredValue(KEY, failing, parseScores, undefined);
    expect(stored.value).to.equal(undefined);
    const events = record(stored);
    stored.set([7]);
    expect(stored.value).to.deep.equal([7]);
    expect(events.map((e) => e.source)).to.deep.equal(['local']);
  });
});
