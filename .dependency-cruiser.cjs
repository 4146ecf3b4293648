/**
 * The dependency rule of docs/architecture.md, enforced in CI (`npm run lint`).
 * Specs (*.test.ts) may reach across modules to set up real parts; production code may not.
 */
const ENGINES = '(data|strategy|signals|brain|risk|execution|portfolio|advisor)';
const notTest = '\\.test\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'core imports no other module, no Node API and no I/O library',
      severity: 'error',
      from: { path: '^src/core/', pathNot: notTest },
      to: { pathNot: ['^src/core/'] },
    },
    {
      name: 'bus-imports-core-only',
      severity: 'error',
      from: { path: '^src/bus/', pathNot: notTest },
      to: { path: '^src/', pathNot: ['^src/(core|bus)/'] },
    },
    {
      name: 'engines-import-core-and-bus-only',
      comment: 'engines talk over the bus or through core ports, never to each other',
      severity: 'error',
      from: { path: `^src/${ENGINES}/`, pathNot: notTest },
      to: { path: '^src/', pathNot: ['^src/(core|bus)/', `^src/$1/`] },
    },
    {
      name: 'engines-do-no-io',
      severity: 'error',
      from: { path: `^src/(core|bus|${ENGINES.slice(1, -1)})/`, pathNot: notTest },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|net|http|https|http2|child_process|dgram|tls|worker_threads)(/|$)' },
    },
    {
      name: 'adapters-and-backtest-import-core-only',
      severity: 'error',
      from: { path: '^src/(adapters|backtest)/', pathNot: notTest },
      to: { path: '^src/', pathNot: ['^src/core/', '^src/$1/'] },
    },
    {
      name: 'only-app-wires-adapters-and-api',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(app|adapters|api|bench)/', notTest] },
      to: { path: '^src/(adapters|api)/' },
    },
    {
      name: 'cli-calls-app',
      severity: 'error',
      from: { path: '^src/cli/', pathNot: notTest },
      to: { path: '^src/', pathNot: ['^src/(cli|app|core)/'] },
    },
    {
      name: 'no-deep-imports-across-modules',
      comment: "another module is reached only through its index.ts",
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: notTest },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/adapters/[^/]+/index\\.ts$'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
