/**
 * What the test run was started with: the dialect under test (set per Vitest project) and the
 * servers to test against. Only tests and benchmarks read these; the app reads its Config.
 */
export function testEnvironment(): { databaseUrl: string | null; redisUrl: string | null; dialect: string } {
  return {
    databaseUrl: process.env.TEST_DATABASE_URL ?? null,
    redisUrl: process.env.TEST_REDIS_URL ?? null,
    dialect: process.env.PARLEY_TEST_DIALECT ?? 'sqlite',
  };
}
