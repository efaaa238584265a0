import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { addUser, type EosServer, startEosServer } from './support/eos-server.ts';
import { eventually as pollPage, texts } from './support/page-reads.ts';
import { watchConsole } from './support/watch-console.ts';

// The Sign button of the record page (ADR 044), in Debian's Chromium against a real `eos serve`: quinn, an
// editor who is also qa, signs QA Sign-off GO; is refused the Approval that engineering signs, with the
// API's reason; edits the record, and the page says the signature is stale and the gate wants it again.

const SHOTS = process.env.EOS_SCREENSHOTS_DIR ?? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const PACK = fileURLToPath(new URL('../fixtures/packs/signoffs', import.meta.url));
const PASSWORD = 'correct horse battery';

const eventually = <T>(read: () => Promise<T>, timeout = 30_000) => pollPage(read, timeout);

describe.runIf(chromiumAvailable())('signing on the record page in Chromium', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-web-sign-'));
  const env = { EOS_HOME: home, EOS_USER: 'setup' };
  let server: EosServer;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const refusals: string[] = [];
  let signedIn = false;
  const qa = () => page.locator('#field-qa-sign-off');
  const approval = () => page.locator('#field-approval');

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    expect((await runCli(['init', '--pack', PACK], env)).code).toBe(0);
    await addUser(env, 'root', 'admin', PASSWORD);
    const quinn = await runCli(['user', 'add', 'quinn', '--role', 'editor', '--role', 'qa', '--password-stdin'], { ...env, EOS_USER: 'root' }, `${PASSWORD}\n`);
    expect(quinn.code, quinn.stderr).toBe(0);
    const created = await runCli(['record', 'create', 'reviews', '--set', 'Title=Ship 2.0', '--set', 'Type=Standard'], { ...env, EOS_USER: 'root' });
    expect(created.stdout.trim()).toBe('REV-0001');
    server = await startEosServer(env, 300_000);
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    watchConsole(page, { errors: consoleErrors, refusals, signedOut: () => !signedIn });
    await page.goto(server.url);
    await page.getByLabel('Username').fill('quinn');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Control center' }).waitFor();
    signedIn = true;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows each sign-off unsigned with the role that signs it, and the gate waiting for them', async () => {
    await page.goto(`${server.url}/records/REV-0001`);
    await page.getByRole('heading', { name: /^REV-0001/ }).waitFor();
    expect(await qa().locator('.signoff-state').innerText()).toBe('Not signed — signed by qa');
    expect(await approval().locator('.signoff-state').innerText()).toBe('Not signed — signed by engineering');
    await eventually(() => texts(page.locator('.gate-panel [data-to="Approved"] .unmet-message'))).toEqual(['QA signs GO', 'The approver of the Type signs GO']);
  }, 180_000);

  it('signs QA Sign-off GO with a note; the page shows who signed, as which role, at which version', async () => {
    await page.getByRole('button', { name: 'Sign QA Sign-off' }).click();
    const form = page.getByRole('form', { name: 'Sign QA Sign-off' });
    await form.getByLabel('Verdict').selectOption('go');
    await form.getByLabel('Note').fill('regression suite green');
    await form.getByRole('button', { name: 'Sign', exact: true }).click();
    await eventually(() => qa().locator('.signoff-state').innerText()).toMatch(/^GO by quinn \(qa\) \d{4}-\d\d-\d\d \d\d:\d\d — regression suite green signed at version 2$/);
    await eventually(() => texts(page.locator('.gate-panel [data-to="Approved"] .unmet-message'))).toEqual(['The approver of the Type signs GO']);
    await eventually(() => texts(page.locator('.decision-list li'))).toEqual([expect.stringContaining('quinn signed QA Sign-off of REV-0001: GO')]);
    await page.screenshot({ path: join(SHOTS, 'signoff-signed.png') });
  }, 180_000);

  it("is refused the Approval, which engineering signs, with the API's reason; nothing changes", async () => {
    await page.getByRole('button', { name: 'Sign Approval' }).click();
    await page.getByRole('form', { name: 'Sign Approval' }).getByRole('button', { name: 'Sign', exact: true }).click();
    await eventually(() => approval().getByRole('alert').locator('.error-message').innerText()).toBe(
      'Only engineering can sign Approval of REV-0001; quinn has the editor, qa roles',
    );
    expect(await approval().getByRole('alert').getAttribute('data-code')).toBe('forbidden');
    expect(refusals).toEqual(['403 /api/v1/records/REV-0001/signoffs']);
    expect(await approval().locator('.signoff-state').innerText()).toBe('Not signed — signed by engineering');
    await approval().getByRole('button', { name: 'Cancel' }).click();
    expect(await approval().getByRole('alert').count()).toBe(0);
  }, 180_000);

  it('an edit makes the signature stale: the page says so, and the gate wants it again', async () => {
    await page.locator('#field-notes').fill('one more change');
    expect(await page.getByRole('button', { name: 'Sign QA Sign-off' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.save-bar').waitFor({ state: 'detached' });
    await eventually(() => qa().locator('.signoff-version').innerText()).toBe('signed at version 2, record changed since: sign again');
    await eventually(() => texts(page.locator('.gate-panel [data-to="Approved"] .unmet-message'))).toEqual(['QA signs GO', 'The approver of the Type signs GO']);
    await page.screenshot({ path: join(SHOTS, 'signoff-stale.png') });
    expect(consoleErrors).toEqual([]);
  }, 180_000);
});
