/**
 * `waitUntil` of @open-wc/testing, waiting on state with a guard instead of a time limit: its
 * own default gives up after 1 s, which a loaded machine can exceed without anything being
 * wrong. Here the guard (8 s, under the test's 10 s time-out) only turns a state that never
 * comes into a failure naming what was awaited.
 */
import { waitUntil as openWcWaitUntil } from '@open-wc/testing';

export function waitUntil(predicate: () => unknown | Promise<unknown>, message?: string, options: { interval?: number; timeout?: number } = {}): Promise<void> {
  return openWcWaitUntil(predicate, message, { interval: 20, timeout: 8000, ...options });
}
