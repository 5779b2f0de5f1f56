/**
 * What every translation module must be, checked the same way for the kit's locales
 * (tests/components/localize.test.ts) and the console's (tests/components/admin-locales.test.ts):
 * exactly English's keys, each of the same kind, no empty string, every function of English's arity
 * answering every sample with a sentence that shows each marked value (`«…»`) and each count of 3
 * or more. Returns how many strings read exactly as in English (a caller may bound that).
 */
import { expect } from '@open-wc/testing';

export const SAMPLE_COUNTS = [0, 1, 2, 3, 5, 11, 21, 102];

/** A value a test can see in a sentence: an interpolation that drops it is a bug. */
export const marked = (label: string) => `«${label}»`;

export function expectTranslationModule<T extends object>(english: T, translation: T, samples: (n: number) => Partial<Record<keyof T, unknown[]>>): number {
  expect(Object.keys(translation).sort(), 'keys').to.deep.equal(Object.keys(english).sort());
  let same = 0;
  for (const [key, en] of Object.entries(english) as Array<[string, unknown]>) {
    const value = (translation as Record<string, unknown>)[key];
    expect(typeof value, key).to.equal(typeof en);
    if (typeof value === 'string') {
      expect(value.trim(), key).to.not.equal('');
      if (value === en) same++;
    }
    if (typeof value !== 'function') continue;
    expect((value as (...a: unknown[]) => string).length, `${key} arity`).to.equal((en as (...a: unknown[]) => string).length);
    for (const n of SAMPLE_COUNTS) {
      const args = (samples(n) as Record<string, unknown[]>)[key] ?? [];
      const out = (value as (...a: unknown[]) => unknown)(...args);
      expect(out, `${key}(${n})`).to.be.a('string');
      expect(out as string, `${key}(${n})`).to.not.match(/\bundefined\b|\bNaN\b|\bnull\b|\[object/);
      for (const arg of args) {
        // Each value shows, except a small number a sentence spells out ("One of your seats", Arabic duals).
        if (typeof arg === 'string' && arg.startsWith('«')) expect(out as string, `${key}(${n}) shows ${arg}`).to.contain(arg);
        if (typeof arg === 'number' && arg >= 3) expect(out as string, `${key}(${n}) shows ${arg}`).to.contain(String(arg));
      }
    }
  }
  return same;
}
