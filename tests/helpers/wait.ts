/**
 * Waiting on state, never on time: `eventually` asks until the answer is there. Its deadline
 * only turns a state that never comes into a failure that says what was awaited; it is not a
 * claim about how fast anything is (timing belongs to `npm run bench`).
 */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeout = 10_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
