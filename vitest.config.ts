import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// Every API test runs on SQLite; when TEST_DATABASE_URL is set, the same tests run again on PostgreSQL.
const dialects = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './server/test/summary-reporter.ts'],
    projects: [
      ...dialects.map((dialect): TestProjectInlineConfiguration => ({
        extends: true,
        test: {
          name: dialect,
          include: ['server/**/*.test.ts', 'common/**/*.test.ts'],
          env: { PARLEY_TEST_DIALECT: dialect },
        },
      })),
      // The web app's own modules that run without a browser (parsers, formatters).
      {
        extends: true,
        test: { name: 'web', include: ['web/**/*.test.ts'] },
      },
      // Browser tests drive Chromium against a real server on SQLite: once, not per dialect.
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          env: { PARLEY_TEST_DIALECT: 'sqlite' },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
