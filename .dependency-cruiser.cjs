/**
 * The architecture, as dependency-cruiser rules (`pnpm lint:deps`). Imports point down the
 * flow only: clients → @refundkit/http; the sandbox stands apart (it judges the clients, so it
 * shares no code with them); refund-core (to come) uses clients only through their public
 * entry. Workspace packages resolve to their source through tsconfig.depcruise.json's paths.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const CLIENTS = '(keeta|shoplazza|kakaclo)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order matter and modules impossible to read alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'client-not-to-client',
      severity: 'error',
      comment: 'A client never imports another client: what they share belongs in @refundkit/http.',
      from: { path: `^packages/${CLIENTS}/` },
      to: { path: `^packages/${CLIENTS}/`, pathNot: '^packages/$1/' },
    },
    {
      name: 'sandbox-only-from-tests-bench-demo',
      severity: 'error',
      comment:
        'Only tests (*.test.ts, test/**), bench/ and demo/ may use the sandbox; shipped code never does.',
      from: {
        pathNot: [
          '^packages/sandbox/',
          '\\.test(-d)?\\.ts$',
          // Fakes used only by the tests next to them.
          '\\.test-util\\.ts$',
          '^test/',
          '^bench/',
          '^demo/',
        ],
      },
      to: { path: '^packages/sandbox/' },
    },
    {
      name: 'test-kit-only-from-tests',
      severity: 'error',
      comment:
        '@refundkit/test-kit is private and never published: a shipped file importing it would break the package.',
      from: {
        pathNot: [
          '^packages/test-kit/',
          '\\.test(-d)?\\.ts$',
          '\\.test-util\\.ts$',
          '^test/',
          '^bench/',
        ],
      },
      to: { path: '^packages/test-kit/' },
    },
    {
      name: 'sandbox-shares-no-code',
      severity: 'error',
      comment:
        'The sandbox judges the clients, so it must not share their code: no client, not @refundkit/http.',
      from: { path: '^packages/sandbox/' },
      to: { path: `^packages/(${CLIENTS.slice(1, -1)}|http)/` },
    },
    {
      name: 'http-is-the-bottom',
      severity: 'error',
      comment:
        '@refundkit/http is what every client builds on: it imports no client and not the sandbox.',
      from: { path: '^packages/http/' },
      to: { path: `^packages/(${CLIENTS.slice(1, -1)}|sandbox)/` },
    },
    {
      name: 'refund-core-uses-client-entry-only',
      severity: 'error',
      comment:
        'refund-core imports a client only as @refundkit/<client> (its public entry), never its src/ or dist/ internals; a relative path even to the entry is no-relative-cross-package.',
      from: { path: '^packages/refund-core/' },
      to: {
        path: `^packages/${CLIENTS}/`,
        pathNot: `^packages/${CLIENTS}/src/index\\.ts$`,
      },
    },
    {
      name: 'no-relative-cross-package',
      severity: 'error',
      comment:
        'A package uses another package by its name (@refundkit/<pkg>), never its files by relative path.',
      from: { path: '^(packages/[^/]+)/' },
      to: {
        path: '^packages/[^/]+/',
        pathNot: '^$1/',
        // A package name resolved through tsconfig paths is 'aliased' (and 'local'): allowed.
        dependencyTypes: ['local'],
        dependencyTypesNot: ['aliased'],
      },
    },
    {
      name: 'no-relative-into-packages',
      severity: 'error',
      comment:
        'test/, demo/, bench/ and tools/ use a package by its name, like any consumer, never its files.',
      from: { pathNot: '^packages/' },
      to: { path: '^packages/', dependencyTypes: ['local'], dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is an edge the rules above cannot see.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: {
      path: ['(^|/)dist/', '(^|/)node_modules/', '^\\.toolchain/', '^packages/sandbox/specs/'],
    },
    // `import type` is coupling too: keep type-only imports as edges.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      extensions: ['.ts', '.d.ts', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
