import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccount, screenshot, signInInBrowser, signUpInBrowser, startE2E, userMenu, type E2E } from './harness.js';

describe('accounts in the browser', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  });
  afterAll(async () => {
    await e.close();
  });

  const admin = newAccount('Ada Admin');
  const member = newAccount('Bob Member');

  it('makes the first account the admin, who sees "Admin Panel" in the User menu', async () => {
    const page = await e.newPage();
    await page.goto('/');
    await page.waitForURL(/\/auth\?redirect=%2F$/);
    // A fresh instance opens on the admin account, not on "Welcome back".
    await page.getByRole('heading', { name: 'Create the admin account' }).waitFor();
    expect(await page.getByText('Welcome back.').count()).toBe(0);
    await screenshot(page, 'auth-first-run');
    await page.getByLabel('Name').fill(admin.name);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The browser's own check stops a too-short password before it leaves; the server's words are shown for the rest.
    expect(await page.getByLabel('Password').evaluate((input: HTMLInputElement) => input.validity.tooShort)).toBe(true);
    await page.getByLabel('Password').fill(admin.password);
    await screenshot(page, 'auth-create-account');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: 'User menu' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await expect.poll(() => page.getByRole('button', { name: 'User menu' }).textContent()).toContain(admin.name);

    await page.getByRole('button', { name: 'User menu' }).click();
    const items = await page.getByRole('menuitem').allTextContents();
    expect(items).toEqual(['Settings', 'Archived Chats', 'Admin Panel', 'Sign out']);
    await screenshot(page, 'user-menu-admin');
    await page.getByRole('menuitem', { name: 'Admin Panel' }).click();
    await page.waitForURL('**/admin/settings/general');
    const me = await page.request.get('/api/v1/auth/me');
    expect(((await me.json()) as { user: { role: string } }).user.role).toBe('admin');
    await page.context().close();
  });

  it('gives later accounts no Admin Panel, in the menu or at /admin', async () => {
    const page = await e.newPage();
    await page.goto('/auth');
    await page.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Create your Parley account' }).waitFor();
    // The first-account note belongs to the first run only.
    expect(await page.getByText(/admin/i).count()).toBe(0);
    await signUpInBrowser(page, member);
    await page.getByRole('button', { name: 'User menu' }).click();
    expect(await page.getByRole('menuitem').allTextContents()).toEqual(['Settings', 'Archived Chats', 'Sign out']);
    await page.keyboard.press('Escape');
    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Admins only' }).waitFor();
    expect(await page.getByRole('switch', { name: 'Enable Community Sharing' }).count()).toBe(0);
    await page.context().close();
  });

  it('signs out, refuses a wrong password in words, and signs in again', async () => {
    const page = await e.newPage();
    await signInInBrowser(page, member);
    await page.getByRole('button', { name: 'User menu' }).waitFor();
    await userMenu(page, 'Sign out');
    await page.waitForURL('**/auth');
    expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);

    await signInInBrowser(page, { email: member.email, password: 'not the password' });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/\w+/);
    await screenshot(page, 'auth-wrong-password');

    await page.getByLabel('Password').fill(member.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'User menu' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.context().close();
  });

  it('follows ?redirect= to a path of this site after sign-in, and never to another site', async () => {
    const page = await e.newPage();
    await signInInBrowser(page, member, '?redirect=/c/x');
    await page.waitForURL((url) => url.pathname === '/c/x');
    await page.getByRole('heading', { name: 'Chat not found' }).waitFor();
    await userMenu(page, 'Sign out');
    await page.waitForURL('**/auth');

    for (const target of ['https://evil.example', '//evil.example', '/\\evil.example']) {
      await signInInBrowser(page, member, `?redirect=${encodeURIComponent(target)}`);
      await page.getByRole('button', { name: 'User menu' }).waitFor();
      expect(page.url()).toBe(`${e.baseUrl}/`);
      await userMenu(page, 'Sign out');
      await page.waitForURL('**/auth');
    }
    await page.context().close();
  });

  it('sends a signed-out visitor of a chat to sign-in and back', async () => {
    const page = await e.newPage();
    await page.goto('/c/some-chat');
    await page.waitForURL('**/auth?redirect=%2Fc%2Fsome-chat');
    await page.getByLabel('Email').fill(member.email);
    await page.getByLabel('Password').fill(member.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/c/some-chat');
    await page.context().close();
  });
});
