import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { addUser, type EosServer, startEosServer } from './support/eos-server.ts';
import { watchConsole } from './support/watch-console.ts';

// The record page in Debian's Chromium against a real `eos serve`: a review shows, read-only, the
// deliverables and changes that link it (inverse relations, ADR 046), and each leads to its record.

const INVERSE = fileURLToPath(new URL('../fixtures/packs/inverse', import.meta.url));
const PASSWORD = 'correct horse battery';

describe.runIf(chromiumAvailable())('inverse relations on the record page in Chromium', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-web-inverse-'));
  const env = { EOS_HOME: home, EOS_USER: 'setup' };
  let actor = 'setup';
  const eos = async (...args: string[]) => {
    const result = await runCli(args, { ...env, EOS_USER: actor });
    expect(result.code, result.stderr).toBe(0);
  };
  let server: EosServer;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const refusals: string[] = [];

  beforeAll(async () => {
    await eos('init', '--pack', INVERSE);
    await eos('record', 'create', 'reviews', '--set', 'Gate=G1');
    await eos('record', 'create', 'deliverables', '--set', 'Deliverable=Soak results', '--set', 'Gate=G1');
    await eos('record', 'create', 'changes', '--set', 'Title=Swap vendor', '--set', 'Affected=G1');
    await addUser(env, 'ana', 'admin', PASSWORD);
    // Once a user has a password, the workspace knows only its users (ADR 037).
    actor = 'ana';
    server = await startEosServer(env);
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    watchConsole(page, { errors: consoleErrors, refusals, signedOut: () => true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the records linking here under Linked from, read-only, each leading to its record', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'ana ▾' }).waitFor();
    await page.goto(`${server.url}/records/G1`);
    const linkedFrom = page.getByRole('region', { name: 'Linked from' });
    await linkedFrom.waitFor();
    const deliverables = linkedFrom.getByRole('list', { name: 'Deliverables' });
    expect((await deliverables.getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(['DLV-0001 Soak results Not Started']);
    expect((await linkedFrom.getByRole('list', { name: 'Changes' }).getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
      'CHG-0001 Swap vendor Open',
    ]);
    // Read-only: no unlink button and no link form for an inverse relation.
    expect(await linkedFrom.getByRole('button').count()).toBe(0);
    await deliverables.getByRole('link', { name: /DLV-0001/ }).click();
    await page.getByRole('heading', { name: 'DLV-0001 Soak results' }).waitFor();
    // The deliverable's own Gate relation is editable on its page, where the link lives.
    await page.getByRole('region', { name: 'Relations' }).getByRole('link', { name: 'G1' }).waitFor();
    expect(consoleErrors).toEqual([]);
    expect(refusals).toEqual([]);
  }, 120_000);

  it('an approved review shows the evidence its approval froze, and what changed since', async () => {
    // The CLI reaches the running server's store (it holds the embedded workspace).
    await eos('record', 'move', 'DLV-0001', 'Done');
    await eos('record', 'move', 'CHG-0001', 'Closed');
    await eos('record', 'move', 'G1', 'Approved');
    await page.goto(`${server.url}/records/G1`);
    const evidence = page.getByRole('region', { name: 'Evidence frozen' });
    await evidence.getByText('Nothing changed since the decision.').waitFor();
    expect(await evidence.locator('p').first().innerText()).toMatch(/^Planned → Approved by ana, 2 linked records and 0 links; sha256 [0-9a-f]{12}…$/);
    await eos('record', 'update', 'DLV-0001', '--set', 'Evidence File=soak-v2.md');
    await page.reload();
    const changed = evidence.getByRole('list', { name: 'Changed since the decision' });
    await changed.waitFor();
    expect((await changed.getByRole('listitem').allInnerTexts()).map((t) => t.trim())).toEqual(['DLV-0001 v2 → v3']);
    expect(consoleErrors).toEqual([]);
    expect(refusals).toEqual([]);
  }, 180_000);
});
