/**
 * A node --test reporter for tests/run.mjs: one JSON line per failed or skipped test, with
 * the file it lives in, so the runner can retry a failed file by name and list what skipped.
 * Used next to the spec reporter (`--test-reporter=spec --test-reporter=<this>`).
 */
export default async function* resultsReporter(source) {
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:fail') {
      // A hook or a file that fails to load also arrives here, with the file it belongs to.
      yield `${JSON.stringify({ kind: 'fail', file: data.file ?? null, name: data.name, nesting: data.nesting })}\n`;
    } else if (type === 'test:pass' && (data.skip !== undefined || data.todo !== undefined)) {
      const kind = data.skip !== undefined ? 'skip' : 'todo';
      const reason = data.skip ?? data.todo;
      yield `${JSON.stringify({ kind, file: data.file ?? null, name: data.name, reason: typeof reason === 'string' ? reason : '' })}\n`;
    }
  }
}
