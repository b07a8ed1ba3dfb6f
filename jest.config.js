// Three test tiers (see README "Tests"):
//   unit — *.spec.ts beside the code, pure logic, no infrastructure (deploy/*.spec.ts: the bootstrap);
//   int  — services/*/test/*.int.spec.ts and libs/*/test/*.int.spec.ts, real PostgreSQL and Kafka;
//   e2e  — test/e2e, the whole system as separate processes.
// int and e2e share one global setup that finds or starts Kafka and PostgreSQL once per run.
const { readdirSync, existsSync } = require('node:fs');
const path = require('node:path');

// @chuishao/<lib> resolves to its TypeScript source, so tests never run against a stale build.
const moduleNameMapper = { '^@chuishao/launcher$': '<rootDir>/deploy/launcher/src/index.ts' };
for (const lib of readdirSync(path.join(__dirname, 'libs'))) {
  if (existsSync(path.join(__dirname, 'libs', lib, 'src', 'index.ts'))) {
    moduleNameMapper[`^@chuishao/${lib}$`] = `<rootDir>/libs/${lib}/src/index.ts`;
  }
}

const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
};
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.cache/'],
};

// Specs that run kubectl kustomize or docker-compose config (deploy/README.md "What is checked").
const DEPLOY_TOOL_SPECS = [
  'deploy/launcher/src/deployment-files.spec.ts',
  'deploy/launcher/src/deployment/compose.spec.ts',
  'deploy/launcher/src/deployment/kustomize.spec.ts',
];

module.exports = {
  // Global, not per project: jest ignores testTimeout inside `projects`. Suites wait on conditions
  // with their own, shorter deadlines; this only bounds hooks that start services or brokers.
  testTimeout: 180000,
  // A worker is recycled after a test file once it holds this much: the int and e2e suites start
  // Nest apps, Kafka clients and instrumentation file after file, and what each leaves behind
  // added up to a 4 GB heap and an OOM in one CI run. With a limit set, Jest runs even a single
  // worker (a 2-core machine) out of band, so the limit applies there too.
  workerIdleMemoryLimit: '1536MB',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{libs,services,deploy,bench,faults}/**/src/**/*.spec.ts',
        '<rootDir>/deploy/*.spec.ts',
      ],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, ...DEPLOY_TOOL_SPECS],
    },
    {
      // The deployment paths checked with Debian's kubectl and docker-compose, which `npm test`
      // must not need (README: Java and Maven, nothing else): `npm run check:deploy`, run by CI.
      ...shared,
      displayName: 'deploy',
      testMatch: DEPLOY_TOOL_SPECS.map((spec) => `<rootDir>/${spec}`),
    },
    {
      ...shared,
      displayName: 'int',
      testMatch: ['<rootDir>/{libs,services}/*/test/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
    },
  ],
};
