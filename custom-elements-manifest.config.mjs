/**
 * `customElements.define(tag, ctor)` inside a helper (components/core/base.ts `define`)
 * registers whatever tag its caller passes; the analyzer would read the parameter's name as a
 * tag and add a `tag` definition to that module. A definition counts only when its tag is a
 * string literal: the kit's elements are declared by their `@tag` JSDoc.
 */
function runtimeDefineCallsPlugin() {
  const runtime = new Map();
  return {
    name: 'ck:runtime-define-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      const { expression, name } = node.expression;
      if (name.text !== 'define' || !/^(window\.|globalThis\.)?customElements$/.test(expression.getText())) return;
      const tag = node.arguments[0];
      if (tag && !ts.isStringLiteralLike(tag)) {
        runtime.set(moduleDoc.path, [...(runtime.get(moduleDoc.path) ?? []), tag.getText()]);
      }
    },
    moduleLinkPhase({ moduleDoc }) {
      const names = runtime.get(moduleDoc.path);
      if (!names || !moduleDoc.exports) return;
      moduleDoc.exports = moduleDoc.exports.filter(
        (entry) => !(entry.kind === 'custom-element-definition' && names.includes(entry.name)),
      );
    },
  };
}

export default {
  globs: ['components/**/*.ts'],
  exclude: ['components/**/*.styles.ts', 'components/**/define.ts', 'components/core/locales/**', 'components/index.ts', 'components/react/**'],
  outdir: '.',
  litelement: true,
  plugins: [runtimeDefineCallsPlugin()],
};
