import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileAuditTrust } from '../../src/store/file-audit-trust.ts';
import { openPglite } from '../../src/store/open-pglite.ts';
import { type HttpReceiver, startHttpReceiver } from '../support/alert-receivers.ts';
import { runCli } from '../support/run-cli.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { addUser, type EosServer, startEosServer } from './support/eos-server.ts';
import { eventually as pollPage } from './support/page-reads.ts';

// The control center's Audit trail tile in Debian's Chromium against a real `eos serve`: the CLI verifies an
// intact demo trail, then a record's title is edited straight in the embedded data (no audit entry), and the
// server's scheduled verification (every second here) finds it, tells the alert channel, and the tile says so.

const PASSWORD = 'correct horse battery';
const eventually = <T>(read: () => Promise<T>, timeout = 30_000) => pollPage(read, timeout, 250);

describe.runIf(chromiumAvailable())('the Audit trail tile in Chromium', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-web-audit-'));
  const env = { EOS_HOME: home, EOS_USER: 'ana' };
  let receiver: HttpReceiver;
  let server: EosServer | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    expect((await runCli(['init', '--demo'], env)).code).toBe(0);
    await addUser({ ...env, EOS_USER: 'setup' }, 'ana', 'admin', PASSWORD);
    receiver = await startHttpReceiver();
    expect((await runCli(['alerts', 'channel', 'add', 'ops', '--webhook', receiver.url('/ops')], env)).code).toBe(0);
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  const tile = () => page.getByRole('region', { name: 'Audit trail' });
  const signIn = async () => {
    await page.goto(server?.url ?? '');
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Control center' }).waitFor();
  };

  it('shows the last verification: intact after `eos audit verify`', async () => {
    const verify = await runCli(['audit', 'verify', '--json'], env);
    expect(verify.code).toBe(0);
    const { entries } = JSON.parse(verify.stdout) as { entries: number };
    server = await startEosServer({ ...env, EOS_ALERTS: 'off', EOS_AUDIT_VERIFY_CRON: 'off' });
    await signIn();
    await eventually(() => tile().locator('.audit-check').innerText()).toMatch(new RegExp(`^Intact: ${entries} entries signed and witnessed · verified`));
    await server.stop();
    server = undefined;
  }, 120_000);

  it('a record edited behind eos: the scheduled verification names it, alerts the channel once, and the tile turns red', async () => {
    const store = await openPglite(join(home, 'data'), { trust: fileAuditTrust({ home }) });
    let key = '';
    try {
      const rows = (await store.db.execute(
        sql`update records set title = title || ' (edited)' where key = (select min(key) from records where key ~ '^[A-Z]+-[0-9]+$') returning key`,
      )) as unknown as {
        rows: { key: string }[];
      };
      key = rows.rows[0]?.key ?? '';
    } finally {
      await store.close();
    }
    server = await startEosServer({ ...env, EOS_ALERTS: 'off', EOS_AUDIT_VERIFY_CRON: '* * * * * *' });
    // Still signed in: the session lives in the workspace, across the restart.
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Control center' }).waitFor();
    expect(key).toMatch(/^[A-Z]+-\d+$/);
    // The page shows what it fetched: reload until the schedule's result is there.
    await eventually(async () => {
      await page.reload();
      return tile().locator('.audit-check').innerText();
    }).toMatch(new RegExp(`^Broken \\(records\\): record ${key} differs from the audit trail: its title is ".* \\(edited\\)" in the database`));
    expect(await tile().getByRole('alert').count()).toBe(1);
    await eventually(() => Promise.resolve(receiver.requests.length)).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(receiver.requests.map((r) => (r.json as { rule: { id: string }; details: { record: string } }) && [r.path, (r.json as { rule: { id: string } }).rule.id])).toEqual([
      ['/ops', 'audit-verify'],
    ]);
    expect(server.output()).toMatch(/audit trail verification failed/);
  }, 120_000);
});
