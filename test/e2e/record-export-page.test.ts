import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { addUser, type EosServer, startEosServer } from './support/eos-server.ts';
import { watchConsole } from './support/watch-console.ts';

// The record page's Export button in Debian's Chromium against a real `eos serve`: it downloads the
// record as Markdown and as PDF, authenticated by the session cookie.

const INVERSE = fileURLToPath(new URL('../fixtures/packs/inverse', import.meta.url));
const PASSWORD = 'correct horse battery';

describe.runIf(chromiumAvailable())('the Export button on the record page in Chromium', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-web-export-'));
  const env = { EOS_HOME: home, EOS_USER: 'setup' };
  let server: EosServer;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const refusals: string[] = [];

  beforeAll(async () => {
    expect((await runCli(['init', '--pack', INVERSE], env)).code).toBe(0);
    expect((await runCli(['record', 'create', 'reviews', '--set', 'Gate=G1'], env)).code).toBe(0);
    await addUser(env, 'ana', 'admin', PASSWORD);
    server = await startEosServer({ ...env, EOS_USER: 'ana' });
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    watchConsole(page, { errors: consoleErrors, refusals, signedOut: () => true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('downloads the record as Markdown and as PDF', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'ana ▾' }).waitFor();
    await page.goto(`${server.url}/records/G1`);
    await page.getByText('Export', { exact: true }).click();
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Markdown' }).click()]);
    expect(md.suggestedFilename()).toBe('G1.md');
    const text = readFileSync((await md.path()) ?? '', 'utf8');
    expect(text.split('\n').slice(0, 5)).toEqual(['# G1: G1', '', '| Field | Value |', '|---|---|', '| Database | Reviews (reviews) |']);
    // The menu stays open after a download (nothing navigated): the PDF link is still there.
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'PDF' }).click()]);
    expect(pdf.suggestedFilename()).toBe('G1.pdf');
    expect(
      readFileSync((await pdf.path()) ?? '')
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    expect(consoleErrors).toEqual([]);
    expect(refusals).toEqual([]);
  }, 120_000);
});
