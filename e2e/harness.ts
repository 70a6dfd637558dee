import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createUser, DEFAULT_PASSWORD, type TestUser } from '../server/test/factories.js';
import { ApiClient, type ApiResponse } from '../server/test/client.js';
import { startTestApp, type TestApp } from '../server/test/harness.js';
import { SESSION_COOKIE } from '../server/auth/authenticate.js';
import type { Config } from '../server/config.js';
import type { Role } from '../server/db/schema.js';

/**
 * Browser tests: a real Parley on a fresh temporary database, listening on a local port, and the
 * system's Chromium driven by playwright-core. Tests find things by their visible labels and roles.
 */

/** Debian's Chromium: the browser every browser test drives (never `npx playwright install`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
const RESULTS_DIR = path.resolve(import.meta.dirname, '..', 'test-results');

export interface ContextOptions {
  colorScheme?: 'light' | 'dark';
  /** A 390×844 touch screen at 2× instead of a 1280×800 desktop. */
  phone?: boolean;
  /** False: a browser with JavaScript off, as some readers of shared links have. */
  javaScriptEnabled?: boolean;
  /** True: lets a test inject a tool's script (axe-core), which Parley's CSP rightly refuses. */
  bypassCSP?: boolean;
}

export interface E2E {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser profile: one per user, so that cookies never mix. */
  newContext(options?: ContextOptions): Promise<BrowserContext>;
  /** A page in a new context; signed in as `user` when given. */
  newPage(user?: TestUser, options?: ContextOptions): Promise<Page>;
  /** A user made straight in the database and signed in (API client and session token). */
  createUser(options?: { role?: Role; name?: string; email?: string }): Promise<TestUser>;
  close(): Promise<void>;
}

/**
 * The test API client, sending this server's own origin: the factories' client says it comes from
 * http://parley.test, which a server whose PUBLIC_URL is 127.0.0.1:<port> rightly refuses for writes.
 */
class SameOriginClient extends ApiClient {
  constructor(
    app: TestApp['app'],
    auth: ApiClient['auth'],
    private readonly origin: string,
  ) {
    super(app, auth);
  }

  override request<T = unknown>(...[method, url, options = {}]: Parameters<ApiClient['request']>): Promise<ApiResponse<T>> {
    return super.request<T>(method, url, { ...options, headers: { origin: this.origin, ...options.headers } });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Parley on 127.0.0.1:<free port> with PUBLIC_URL set to that origin (and `overrides`), and Chromium. */
export async function startE2E(overrides: Partial<Config> = {}): Promise<E2E> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await startTestApp({ ...overrides, publicUrl: baseUrl });
  if (!existsSync(path.join(t.config.webDir, 'index.html'))) {
    await t.close();
    throw new Error(`The web app is not built (no ${t.config.webDir}/index.html): run \`npm run build:web\` before the browser tests.`);
  }
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await t.close();
    throw error;
  }
  await t.app.listen({ port, host: '127.0.0.1' });

  const newContext: E2E['newContext'] = async (options = {}) => {
    const context = await browser.newContext({
      baseURL: baseUrl,
      colorScheme: options.colorScheme ?? 'light',
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      bypassCSP: options.bypassCSP ?? false,
      viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
      ...(options.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    context.setDefaultTimeout(10_000);
    return context;
  };

  return {
    t,
    baseUrl,
    browser,
    newContext,
    newPage: async (user, options) => {
      const context = await newContext(options);
      if (user) await signInAs(context, baseUrl, user);
      return context.newPage();
    },
    createUser: async (options) => {
      const user = await createUser(t, options);
      return { ...user, client: new SameOriginClient(t.app, user.client.auth, baseUrl) };
    },
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/** Launches the system's Chromium; fails in words where it is missing, so that no test passes by skipping. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: apt-get install chromium (never \`npx playwright install\`).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Signs the context in as `user` by giving it the user's session cookie, as a sign-in would. */
export async function signInAs(context: BrowserContext, baseUrl: string, user: TestUser): Promise<void> {
  const token = user.client.auth.sessionToken;
  if (token === undefined) throw new Error('signInAs needs a user with a session (createUser gives one)');
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
}

export interface BrowserAccount {
  name: string;
  email: string;
  password: string;
}

let accounts = 0;
/** A new, unused account's details. */
export function newAccount(name: string): BrowserAccount {
  accounts += 1;
  return { name, email: `${name.toLowerCase().replaceAll(/\W+/g, '.')}.${accounts}.${Date.now()}@example.com`, password: DEFAULT_PASSWORD };
}

/** Creates an account through the sign-up form, and waits until the app has signed it in. */
export async function signUpInBrowser(page: Page, account: BrowserAccount): Promise<void> {
  await page.goto('/auth');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'User menu' }).waitFor();
}

/** Signs in through the form on /auth (with its query string, if any). */
export async function signInInBrowser(page: Page, account: { email: string; password: string }, query = ''): Promise<void> {
  await page.goto(`/auth${query}`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the User menu and picks an item. */
export async function userMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'User menu' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

/** Keeps a screenshot in test-results/ (CI keeps that folder as the run's artifacts). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), animations: 'disabled' });
}
