import pg from 'pg';

/**
 * A PostgreSQL database of the benchmark's own, made beside `adminUrl`'s and named after `prefix`
 * and the time; `drop` removes it, connections and all.
 */
export async function postgresDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `parley_bench_${prefix}_${Date.now()}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await run(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
