/**
 * The mocked answers a story is still waiting for, so Storybook can check a story once it has
 * settled (its recorded answers arrived and its elements rendered them) rather than while it
 * shows a spinner. The API mocks (fetch-stub.ts, tests/helpers/seat-map-mock.ts) track every
 * answer that will arrive; answers that never come (a loading scenario) are not tracked.
 */

let pending = 0;
const waiters: Array<() => void> = [];

/** Counts `promise` as an answer on its way until it settles. */
export function track<T>(promise: Promise<T>): Promise<T> {
  pending++;
  return promise.finally(() => {
    pending--;
    if (pending === 0) waiters.splice(0).forEach((wake) => wake());
  });
}

/** A mocked response whose body counts as on its way until the element has read it. */
export function tracked(response: Response): Response {
  const json = response.json.bind(response);
  response.json = () => track(json());
  return response;
}

/** Resolves once no tracked answer is on its way. */
function quiet(): Promise<void> {
  return pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
}

type Updatable = Element & { updateComplete?: Promise<unknown> };

/** Every kit element under `root`, those in the elements' own shadow roots too. */
function kitElements(root: ParentNode, found: Updatable[] = []): Updatable[] {
  for (const el of root.querySelectorAll<Updatable>('*')) {
    if (el.localName.startsWith('ck-')) found.push(el);
    if (el.shadowRoot) kitElements(el.shadowRoot, found);
  }
  return found;
}

/**
 * Resolves once the story under `root` has settled: no mocked answer on its way, and every
 * kit element has rendered what arrived (again, while rendering starts new requests).
 */
export async function settled(root: ParentNode): Promise<void> {
  do {
    await quiet();
    // One task for the code that read an answer to finish its promise chain and set state.
    await new Promise((resolve) => setTimeout(resolve));
    await Promise.all(kitElements(root).map((el) => el.updateComplete));
  } while (pending > 0);
}
