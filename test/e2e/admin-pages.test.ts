import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpReceiver, startHttpReceiver } from '../support/alert-receivers.ts';
import { runCli } from '../support/run-cli.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { addUser, type EosServer, startEosServer } from './support/eos-server.ts';
import { eventually, texts } from './support/page-reads.ts';

// The admin Users page in Debian's Chromium against a real `eos serve`: ana (admin) finds Admin > Users in
// the sidebar, sees every user with their roles, adds zoe as editor + qa with a one-time password shown once,
// and zoe signing in with it is asked to change it. vic (viewer) has no Admin section.

const PASSWORD = 'correct horse battery';

describe.runIf(chromiumAvailable())('the admin Users page in Chromium', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-web-users-'));
  const env = { EOS_HOME: home, EOS_USER: 'setup' };
  let server: EosServer;
  let receiver: HttpReceiver;
  let browser: BrowserContext;
  let page: Page;

  const signIn = async (name: string, password = PASSWORD) => {
    await browser.clearCookies();
    await page.goto(server.url);
    await page.getByLabel('Username').fill(name);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  const nav = () => page.getByRole('navigation', { name: 'Main' });

  beforeAll(async () => {
    const init = await runCli(['init', '--demo'], env);
    expect(init.code, init.stderr).toBe(0);
    await addUser(env, 'ana', 'admin', PASSWORD);
    await addUser({ ...env, EOS_USER: 'ana' }, 'vic', 'viewer', PASSWORD);
    receiver = await startHttpReceiver();
    server = await startEosServer({ ...env, EOS_ALERTS: 'off' });
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  it('shows ana (admin) the Admin section and every user with their roles', async () => {
    await signIn('ana');
    await page.getByRole('heading', { name: 'Control center' }).waitFor();
    expect(await nav().locator('.nav-heading').allTextContents()).toContain('Admin');
    await nav().getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Users', exact: true, level: 1 }).waitFor();
    const rows = page.getByRole('region', { name: 'Users' }).locator('tbody tr');
    await eventually(() => rows.count()).toBeGreaterThanOrEqual(2);
    const byName = async (name: string) => texts(rows.filter({ has: page.getByRole('cell', { name, exact: true }) }).locator('td'));
    expect((await byName('ana')).slice(0, 3)).toEqual(['ana', 'admin', 'set']);
    expect((await byName('vic')).slice(0, 3)).toEqual(['vic', 'viewer', 'set']);
  });

  it('adds zoe as editor and qa with a one-time password shown once, which zoe must change at her first login', async () => {
    const form = page.getByRole('region', { name: 'Add a user' });
    await form.getByLabel('Name').fill('zoe');
    await form.getByLabel('Roles').fill('editor, qa');
    await form.getByRole('button', { name: 'Add user' }).click();
    const status = form.getByRole('status');
    await status.waitFor();
    const shown = (await status.innerText()).trim();
    let match = /^One-time password for zoe: ([0-9a-f]{24}) \(shown once; they must change it at their first login\)$/.exec(shown);
    expect(match, shown).not.toBeNull();
    const rows = page.getByRole('region', { name: 'Users' }).locator('tbody tr');
    const zoe = rows.filter({ has: page.getByRole('cell', { name: 'zoe', exact: true }) }).locator('td');
    await eventually(() => texts(zoe)).toEqual(['zoe', 'editor, qa', 'one-time', 'ana', 'Reset password']);
    // A reset gives a new one-time password, shown once; the first one no longer signs in.
    await page.getByRole('button', { name: 'Reset the password of zoe' }).click();
    await eventually(async () => (await status.innerText()).trim()).not.toBe(shown);
    const reset = /^One-time password for zoe: ([0-9a-f]{24}) \(shown once; they must change it at their first login\)$/.exec((await status.innerText()).trim());
    expect(reset).not.toBeNull();
    const login = async (password: string) =>
      (await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'zoe', password }) }))
        .status;
    expect(await login(match?.[1] ?? '')).toBe(401);
    match = reset;
    await signIn('zoe', match?.[1] ?? '');
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  });

  it('creates an API token for ana expiring in 30 days, shows its secret once, lists it without the secret, and revokes it', async () => {
    await signIn('ana');
    await page.getByRole('heading', { name: 'Control center' }).waitFor();
    await nav().getByRole('link', { name: 'API tokens', exact: true }).click();
    await page.getByRole('heading', { name: 'API tokens', exact: true, level: 1 }).waitFor();
    const form = page.getByRole('region', { name: 'Create a token' });
    await form.getByLabel('Token name').fill('ci');
    await form.getByLabel('Expires').fill('30d');
    await form.getByRole('button', { name: 'Create token' }).click();
    const status = form.getByRole('status');
    await status.waitFor();
    const shown = (await status.innerText()).trim();
    const match = /^Token ci: (\S+) \(shown once: copy it now\)$/.exec(shown);
    expect(match, shown).not.toBeNull();
    const secret = match?.[1] ?? '';
    const me = async () => (await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } })).status;
    expect(await me()).toBe(200);
    const row = page
      .getByRole('region', { name: 'Tokens' })
      .locator('tbody tr')
      .filter({ has: page.getByRole('cell', { name: 'ci', exact: true }) });
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await eventually(() => texts(row.locator('td'))).toEqual(['ci', 'ana', expires, 'active', 'Revoke']);
    expect(await page.getByRole('region', { name: 'Tokens' }).innerText()).not.toContain(secret);
    await row.getByRole('button', { name: 'Revoke ci of ana' }).click();
    await eventually(() => texts(row.locator('td'))).toEqual(['ci', 'ana', expires, 'revoked', '']);
    expect(await me()).toBe(401);
  });

  it('adds a webhook channel to a local receiver, sends it a test notification, and removes it', async () => {
    await nav().getByRole('link', { name: 'Alert channels', exact: true }).click();
    await page.getByRole('heading', { name: 'Alert channels', exact: true, level: 1 }).waitFor();
    const form = page.getByRole('region', { name: 'Add a channel' });
    await form.getByLabel('Channel name').fill('ops-hook');
    await form.getByLabel('Webhook URL').fill(receiver.url('/ops'));
    await form.getByRole('button', { name: 'Add channel' }).click();
    await eventually(async () => (await form.getByRole('status').innerText()).trim()).toBe('Added ops-hook');
    const row = page
      .getByRole('region', { name: 'Channels' })
      .locator('tbody tr')
      .filter({ has: page.getByRole('cell', { name: 'ops-hook', exact: true }) });
    await eventually(() => texts(row.locator('td').first())).toEqual(['ops-hook']);
    expect((await texts(row.locator('td'))).slice(1, 3)).toEqual(['webhook', `POST ${receiver.url('/ops')}`]);
    await row.getByRole('button', { name: 'Test ops-hook' }).click();
    await eventually(async () => (await form.getByRole('status').innerText()).trim()).toBe('Test sent to ops-hook (HTTP 200)');
    expect(receiver.requests.map((r) => [r.method, r.path])).toEqual([['POST', '/ops']]);
    await row.getByRole('button', { name: 'Remove ops-hook' }).click();
    await eventually(async () => (await form.getByRole('status').innerText()).trim()).toBe('Removed ops-hook');
    await eventually(() => row.count()).toBe(0);
  });

  it('shows vic (viewer) no Admin section, and the Users page answers him 403', async () => {
    await signIn('vic');
    await page.getByRole('heading', { name: 'Control center' }).waitFor();
    expect(await nav().locator('.nav-heading').allTextContents()).not.toContain('Admin');
    expect(await nav().getByRole('link', { name: 'Users', exact: true }).count()).toBe(0);
    // With his session cookie, the API behind the page refuses him.
    expect(await page.evaluate(async () => (await fetch('/api/v1/users')).status)).toBe(403);
  });
});
