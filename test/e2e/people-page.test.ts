import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { addUser, type EosServer, startEosServer } from './support/eos-server.ts';
import { eventually, texts } from './support/page-reads.ts';
import { watchConsole } from './support/watch-console.ts';

// People in Debian's Chromium against a real `eos serve` (ADR 071, 072): the user picker marks an
// outsider external, a comment with an @mention reaches the mentioned person's bell, Mark all read
// clears it, and My work lists what waits for them.

const PACK = fileURLToPath(new URL('../fixtures/packs/people', import.meta.url));
const PASSWORD = 'correct horse battery';

describe.runIf(chromiumAvailable())('people, comments and notifications in Chromium', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-web-people-'));
  const env = { EOS_HOME: home, EOS_USER: 'setup' };
  let actor = 'setup';
  const eos = async (...args: string[]) => {
    const result = await runCli(args, { ...env, EOS_USER: actor });
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };
  let server: EosServer;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const refusals: string[] = [];

  beforeAll(async () => {
    await eos('init', '--pack', PACK);
    await eos('record', 'create', 'tasks', '--set', 'Title=Ship the pager', '--set', 'Owner=ana', '--set', 'Reviewers=bo; Outside Auditor');
    await addUser(env, 'ana', 'admin', PASSWORD);
    actor = 'ana';
    await addUser({ ...env, EOS_USER: 'ana' }, 'bo', 'editor', PASSWORD);
    await eos('user', 'set', 'bo', '--name', 'Bo Berg', '--email', 'bo@example.com');
    server = await startEosServer(env);
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    watchConsole(page, { errors: consoleErrors, refusals, signedOut: () => true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(name: string): Promise<void> {
    await page.context().clearCookies();
    await page.goto(`${server.url}/`);
    await page.getByLabel('Username').fill(name);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Control center' }).waitFor();
  }

  it('picks users for person fields and marks outsiders external; comments with a mention reach the bell; Mark all read clears it', async () => {
    await signIn('ana');
    await page.goto(`${server.url}/records/TSK-0001`);
    const reviewers = page.getByRole('list', { name: 'Reviewers: who' });
    await reviewers.waitFor();
    expect(await texts(reviewers.getByRole('listitem'))).toEqual(['Bo Berg\n×', 'Outside Auditor external\n×']);
    const owner = page.getByLabel('Owner', { exact: true });
    expect(await owner.inputValue()).toBe('ana');
    const options = await page.locator(`datalist#${(await owner.getAttribute('list'))?.replace(/:/g, '\\:')} option`).evaluateAll((all) => all.map((o) => o.getAttribute('value')));
    expect(options).toEqual(['ana', 'bo']);

    const comments = page.getByRole('region', { name: 'Comments' });
    await comments.getByRole('textbox', { name: /Markdown/ }).fill('**Ready** for review, @bo');
    await comments.getByRole('button', { name: 'Comment' }).click();
    const comment = comments.getByRole('listitem', { name: 'Comment by ana' });
    await comment.waitFor();
    expect(await comment.locator('strong').last().innerText()).toBe('Ready');
    expect(await comment.locator('.mention').innerText()).toBe('@bo');

    await signIn('bo');
    const bell = page.getByRole('button', { name: /^Notifications, / });
    await eventually(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await bell.click();
    const inbox = page.getByRole('dialog', { name: 'Notifications' });
    expect(await texts(inbox.getByRole('link').filter({ hasText: 'mentioned' }))).toEqual(['ana mentioned you on TSK-0001: "**Ready** for review, @bo"']);
    await inbox.getByRole('button', { name: 'Mark all read' }).click();
    await eventually(() => bell.getAttribute('aria-label')).toBe('Notifications, 0 unread');
    expect(consoleErrors).toEqual([]);
    expect(refusals).toEqual([]);
  }, 120_000);

  it('My work lists what waits for my review', async () => {
    await page.goto(`${server.url}/my-work`);
    const review = page.getByRole('region', { name: /Waiting for my review or signature/ });
    await review.waitFor();
    await eventually(() => texts(review.getByRole('row'))).toEqual(['Record\tTitle\tStatus\tWhy\tChanged', expect.stringMatching(/^TSK-0001\tShip the pager\tOpen\tReviewers\t/)]);
    // E-mail settings: bo has an address; mentions are e-mailed by default, comments are not.
    const email = page.getByRole('region', { name: 'E-mail me' });
    await eventually(() => email.getByText(/^To bo@example.com/).count()).toBe(1);
    expect(await email.getByLabel('Mentions').isChecked()).toBe(true);
    const comments = email.getByLabel('Comments on records I watch');
    expect(await comments.isChecked()).toBe(false);
    await comments.check();
    await eventually(() => comments.isChecked()).toBe(true);
    await review.getByRole('link', { name: 'TSK-0001' }).click();
    await page.getByRole('region', { name: 'Comments' }).waitFor();
    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
