/**
 * What the test run was started with: the dialect under test (set per Vitest project) and the
 * servers to test against. Only tests and benchmarks read these; the app reads its Config.
 */
export function testEnvironment(): {
  databaseUrl: string | null;
  redisUrl: string | null;
  dialect: string;
  /** How many requests the fuzz test sends (server/http/fuzz.test.ts); a few thousand in CI. */
  fuzzRuns: number;
  /** The fuzz test's random seed, to replay a run it printed; random when unset. */
  fuzzSeed: number | null;
} {
  const seed = process.env.PARLEY_FUZZ_SEED;
  return {
    databaseUrl: process.env.TEST_DATABASE_URL ?? null,
    redisUrl: process.env.TEST_REDIS_URL ?? null,
    dialect: process.env.PARLEY_TEST_DIALECT ?? 'sqlite',
    fuzzRuns: Number(process.env.PARLEY_FUZZ_RUNS ?? 3000),
    fuzzSeed: seed === undefined ? null : Number(seed),
  };
}
