import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { addUser, type EosServer, startEosServer } from './support/eos-server.ts';
import { texts } from './support/page-reads.ts';
import { watchConsole } from './support/watch-console.ts';

// The tools people work in (issue #14), in Debian's Chromium against a real `eos serve` on the
// engineering-os demo: full-text search from Ctrl-K.

const PASSWORD = 'correct horse battery';

describe.runIf(chromiumAvailable())('work tools in Chromium', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-web-tools-'));
  const env = { EOS_HOME: home, EOS_USER: 'setup' };
  let server: EosServer;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const refusals: string[] = [];
  let signedIn = false;

  beforeAll(async () => {
    const init = await runCli(['init', '--demo'], env);
    expect(init.code, init.stderr).toBe(0);
    await addUser(env, 'ana', 'admin', PASSWORD);
    server = await startEosServer(env);
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    watchConsole(page, { errors: consoleErrors, refusals, signedOut: () => !signedIn });
    await page.goto(server.url);
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Control center' }).waitFor();
    signedIn = true;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('Ctrl-K "glitches" finds ECR-0001 by its text, names it once, marks the word, and Enter opens it', async () => {
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Search' }).fill('glitches');
    const option = page.getByRole('option').first();
    await option.locator('mark', { hasText: 'glitches' }).waitFor();
    expect(await option.locator('.key').innerText()).toBe('ECR-0001');
    expect(await option.locator('.result-title').innerText()).toBe('Display glitches in sun');
    expect(await option.innerText()).not.toContain('ECR-0001 ECR-0001');
    expect(await texts(option.locator('.result-snippet mark'))).toEqual(['glitches']);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'ECR-0001 Display glitches in sun' }).waitFor();
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('archives ECR-0001 from its page: the table leaves it out until "Show archived"; Restore brings it back', async () => {
    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    expect(await page.getByRole('status').filter({ hasText: 'Archived by ana' }).innerText()).toMatch(/^Archived by ana on \d{4}-\d{2}-\d{2}: lists and search leave it out\.$/);
    await page.goto(`${server.url}/databases/change-control`);
    // ECR-0001 is the only change of the demo: without it, the table is empty.
    await page.getByText('No records match.').waitFor();
    const table = page.locator('table.records');
    await page.getByLabel('Show archived').check();
    const row = table.locator('tbody tr', { hasText: 'ECR-0001' });
    await row.waitFor();
    expect(await row.locator('.archived-tag').innerText()).toBe('archived');
    await row.locator('a').first().click();
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByRole('button', { name: 'Archive', exact: true }).waitFor();
    await page.goto(`${server.url}/databases/change-control`);
    await table.locator('tbody tr', { hasText: 'ECR-0001' }).waitFor();
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it("a filter that can't be read clears the previous filter's rows instead of leaving them as its answer", async () => {
    await page.goto(`${server.url}/databases/change-control`);
    const filter = page.getByLabel('Filter', { exact: true });
    await filter.fill('Status = Under Review');
    await filter.press('Enter');
    await page.locator('table.records tbody tr', { hasText: 'ECR-0001' }).waitFor();
    await filter.fill('Nonsense = 3');
    await filter.press('Enter');
    const problem = page.getByRole('form', { name: 'Filter records' }).getByRole('alert');
    expect(await problem.innerText()).toMatch(/^No field named "Nonsense"; the fields are Change ID, Type, /);
    expect(await page.locator('.filter-problem').innerText()).toBe('No records shown: fix the filter, or Clear it.');
    expect(await page.locator('table.records').count()).toBe(0);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await page.locator('table.records tbody tr', { hasText: 'ECR-0001' }).waitFor();
  }, 60_000);

  it('Export CSV downloads the view on screen: its filter and its columns, Key and status first', async () => {
    await page.goto(`${server.url}/databases/change-control?filter=${encodeURIComponent('Status = Under Review')}`);
    await page.locator('table.records tbody tr', { hasText: 'ECR-0001' }).waitFor();
    const headers = await texts(page.locator('table.records thead th'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('change-control.csv');
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\r\n');
    // The table shows the title column, the status, the picked columns and Updated; the file has Key and the status first.
    const picked = headers.slice(2, -1).map((h) => h.replace(/[↑↓]$/, '').trim());
    expect(lines[0]).toBe(['Key', 'Status', 'Change ID', ...picked].join(','));
    expect(lines).toHaveLength(2);
    expect(lines[1]?.startsWith('ECR-0001,Under Review,ECR-0001,')).toBe(true);
  }, 60_000);

  it('bulk edit: ticks records, sets a field and moves them; each passes its own gates and each refusal is listed', async () => {
    await page.goto(`${server.url}/databases/change-control`);
    await page.getByLabel('Select ECR-0001').check();
    const bar = page.getByRole('region', { name: 'Bulk edit' });
    expect(await bar.locator('strong').innerText()).toBe('1 selected');
    await bar.getByLabel('Set').selectOption('Risk Level');
    await bar.getByLabel('New Risk Level').fill('High');
    await bar.getByLabel('Move to').selectOption('Approved');
    await bar.getByRole('button', { name: 'Apply' }).click();
    const result = bar.getByRole('status');
    await result.waitFor();
    expect(await result.locator('p').innerText()).toBe('0 done, 1 refused.');
    expect(await result.locator('.refusal-message').innerText()).toBe("ECR-0001 can't move to Approved: 2 criteria unmet");
    expect(await texts(result.locator('.unmet-message'))).toEqual([
      'Record the approval date',
      'Get the Approval signed GO by the role its Type names (ECR, ECO: engineering; Deviation, Waiver: qa), not by the author',
    ]);
    // The refused move took its edit back with it.
    expect(await page.locator('table.records tbody tr', { hasText: 'ECR-0001' }).locator('.status-pill').innerText()).toBe('Under Review');
  }, 60_000);

  it('a refused move shows its popup beside the gate panel, not over it', async () => {
    await page.goto(`${server.url}/records/ECR-0001`);
    await page.getByLabel('Move to').selectOption('Approved');
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    const refusal = page.locator('.move-control .refusal');
    await refusal.waitFor();
    const a = await refusal.boundingBox();
    const b = await page.locator('.gate-panel').boundingBox();
    if (!a || !b) throw new Error('the refusal and the gate panel must both be on screen');
    const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlap).toBe(false);
    await refusal.getByRole('button', { name: 'Dismiss' }).click();
  }, 60_000);

  it('reloading the old Metrics address opens the Metrics page (at /delivery), not the Prometheus text', async () => {
    await page.goto(`${server.url}/metrics`);
    await page.getByRole('heading', { name: 'Metrics', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/delivery');
    expect(await page.locator('body').innerText()).not.toContain('# HELP');
  }, 60_000);

  it('a wrong password reads as words, without the error code', async () => {
    signedIn = false;
    await page.context().clearCookies();
    await page.goto(server.url);
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe('Wrong username or password');
    expect(await alert.getAttribute('data-code')).toBe('unauthenticated');
  }, 60_000);
});
