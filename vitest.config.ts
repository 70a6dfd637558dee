import { defineConfig } from 'vitest/config';

// Every API test runs on SQLite; when TEST_DATABASE_URL is set, the same tests run again on PostgreSQL.
const dialects = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './server/test/summary-reporter.ts'],
    projects: dialects.map((dialect) => ({
      extends: true,
      test: {
        name: dialect,
        include: ['server/**/*.test.ts', 'common/**/*.test.ts'],
        env: { PARLEY_TEST_DIALECT: dialect },
      },
    })),
  },
});
