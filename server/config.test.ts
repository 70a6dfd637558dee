import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'parley-config-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('defaults to port 8080 and SQLite in DATA_DIR, and keeps a generated SECRET_KEY there', async () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.port).toBe(8080);
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.database).toEqual({ dialect: 'sqlite', file: path.join(dataDir, 'parley.db') });
    expect(config.secretKey.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, 'secret_key');
    expect((await readFile(file, 'utf8')).trim()).toBe(config.secretKey);
    expect((await stat(file)).mode & 0o077).toBe(0);
    expect(loadConfig({ DATA_DIR: dataDir }).secretKey).toBe(config.secretKey);
  });

  it('honours PORT, HOST, PUBLIC_URL, DATABASE_URL and SECRET_KEY', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '9090',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://chat.example.org/',
      DATABASE_URL: 'postgres://u@db/parley',
      SECRET_KEY: 's'.repeat(40),
      ENABLE_COMMUNITY_SHARING: 'true',
    });
    expect(config).toMatchObject({
      port: 9090,
      host: '0.0.0.0',
      publicUrl: 'https://chat.example.org',
      database: { dialect: 'postgres', url: 'postgres://u@db/parley' },
      secretKey: 's'.repeat(40),
      community: { enableSharing: true },
    });
  });

  it('fails naming every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        DATA_DIR: dataDir,
        PORT: 'eighty',
        PUBLIC_URL: 'ftp://x',
        DATABASE_URL: 'mysql://x',
        SECRET_KEY: 'short',
        ENABLE_COMMUNITY_SHARING: 'maybe',
        REDIS_URL: 'localhost:6379',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(names.sort()).toEqual(
      ['DATABASE_URL', 'ENABLE_COMMUNITY_SHARING', 'PORT', 'PUBLIC_URL', 'REDIS_URL', 'SECRET_KEY'].sort(),
    );
  });

  it('reads each rate limit as count/window (rule S23), and names a bad one', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      RATE_LIMIT_SIGN_IN: '10/1m',
      RATE_LIMIT_SIGN_UP: '3/h',
      RATE_LIMIT_SHARE: '100/30s',
      RATE_LIMIT_FORK: '5/2h',
      RATE_LIMIT_IMPORT: '2/10m',
    });
    expect(config.rateLimits).toEqual({
      signIn: { max: 10, timeWindowMs: 60_000 },
      signUp: { max: 3, timeWindowMs: 3_600_000 },
      share: { max: 100, timeWindowMs: 30_000 },
      fork: { max: 5, timeWindowMs: 7_200_000 },
      import: { max: 2, timeWindowMs: 600_000 },
    });
    for (const bad of ['10', '10/1d', '0/1m', 'ten/1m', '10/0m', '10 per minute']) {
      expect(() => loadConfig({ DATA_DIR: dataDir, RATE_LIMIT_SIGN_IN: bad }), bad).toThrow(/RATE_LIMIT_SIGN_IN: must be count\/window/);
    }
  });

  it('reads TRUST_PROXY as a flag, a hop count or proxy addresses and CIDRs', () => {
    const trust = (value: string) => loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: value }).trustProxy;
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('1')).toBe(1);
    expect(trust('10.0.0.1, 10.1.0.0/16,::1')).toEqual(['10.0.0.1', '10.1.0.0/16', '::1']);
    for (const bad of ['yes please', '10.0.0.0/33', 'proxy.local', '1.2.3']) {
      expect(() => trust(bad), bad).toThrow(/TRUST_PROXY: must be false, true, a hop count/);
    }
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATA_DIR: dataDir, PORT: '', DATABASE_URL: ' ' }).port).toBe(8080);
  });
});
