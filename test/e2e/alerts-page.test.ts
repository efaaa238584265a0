import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpReceiver, startHttpReceiver } from '../support/alert-receivers.ts';
import { runCli } from '../support/run-cli.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { addUser, type EosServer, startEosServer } from './support/eos-server.ts';
import { eventually, texts } from './support/page-reads.ts';
import { watchConsole } from './support/watch-console.ts';

// The Alerts page in Debian's Chromium against a real `eos serve` on the engineering-os demo: WORK-0003 has
// been blocked for 2.5 days and eng-alerts is a webhook to a receiver of this test; ana (admin) runs a pass
// from the page, sees the blocked-work alert at level 2, the receiver gets it, and the subject link and the
// control center's tile lead where they should. A viewer sees the pass buttons disabled, saying why.

const SHOTS = process.env.EOS_SCREENSHOTS_DIR ?? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const PASSWORD = 'correct horse battery';
const TITLE = 'WORK-0003 Create CODEOWNERS file based on module mapping';
const MESSAGE = `${TITLE} is blocked (2.5 days, by platform): escalate to both team leads`;

describe.runIf(chromiumAvailable())('the Alerts page in Chromium', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-web-alerts-'));
  const env = { EOS_HOME: home, EOS_USER: 'setup' };
  const asAna = { ...env, EOS_USER: 'ana' };
  let receiver: HttpReceiver;
  let server: EosServer;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  let signedIn = false;

  const cli = async (args: string[]) => {
    const result = await runCli(args, asAna);
    expect(result.code, `eos ${args.join(' ')}: ${result.stderr}`).toBe(0);
  };
  const signIn = async (name: string) => {
    await page.goto(server.url);
    await page.getByLabel('Username').fill(name);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Control center' }).waitFor();
    signedIn = true;
  };
  const openAlertsFromSidebar = async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.getByRole('heading', { name: 'Alerts', exact: true }).waitFor();
  };
  const blockedWork = () => page.getByRole('region', { name: 'Alerts firing' }).locator('.alert-item', { hasText: 'Blocked work item' });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const init = await runCli(['init', '--demo'], env);
    expect(init.code, init.stderr).toBe(0);
    // A workspace with no user yet takes its first admin from the CLI; then eos serve adds no one-time admin.
    await addUser(env, 'ana', 'admin', PASSWORD);
    const blockedSince = new Date(Date.now() - 60 * 3_600_000).toISOString();
    await cli(['record', 'update', 'WORK-0003', '--set', `Blocked Since=${blockedSince}`, '--set', 'Blocked By=platform']);
    receiver = await startHttpReceiver();
    await cli(['alerts', 'channel', 'add', 'eng-alerts', '--webhook', receiver.url('/eng')]);
    // No scheduled pass: the test runs the only ones.
    server = await startEosServer({ ...env, EOS_ALERTS: 'off' });
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    // Nothing may be refused here: a refused request counts as an error.
    watchConsole(page, { errors: consoleErrors, refusals: consoleErrors, signedOut: () => !signedIn });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  it("signs in as ana, opens Alerts from the sidebar: nothing fires before the first pass, and the pack's rules are listed", async () => {
    expect(server.output()).not.toMatch(/password: {2}\S+/);
    await signIn('ana');
    await openAlertsFromSidebar();
    const firing = page.getByRole('region', { name: 'Alerts firing' });
    await eventually(() => firing.locator('.empty').innerText()).toBe('No alerts firing');
    const rules = page.getByRole('region', { name: 'Rules' }).locator('tbody tr');
    await eventually(() => rules.count()).toBe(19);
    expect(await texts(rules.locator('td:first-child code'))).toEqual([
      'blocked-work',
      'review-sla',
      'retro-overdue',
      'cfr-guardrail',
      'budget-burn',
      'incident-without-retro',
      'quality-degradation',
      'slo-violation',
      'mass-failure',
      'daily-spend',
      'quota-breaker',
      'p1-unacknowledged',
      'on-call-load',
      'postmortem-required',
      'team-lead-time',
      'team-mttr-p1',
      'team-pr-cycle-time',
      'team-deploy-frequency',
      'team-wip',
    ]);
    const blockedRule = await rules.first().innerText();
    expect(blockedRule).toContain('escalation');
    expect(blockedRule).toContain('eng-alerts; level 2+: team-leads; level 3+: vp-eng');
    expect(blockedRule).toContain('“Blocked >1 day: update ticket + tag blocking party. Blocked >2 days: escalate to both team leads. Blocked >3 days: escalate to VP Eng.”');
    expect(await rules.nth(3).innerText()).toContain('24h');
  }, 60_000);

  it('runs a pass from the keyboard: the report shows what fired and was sent, the receiver got the alert, and the list shows it critical first', async () => {
    await page.getByRole('button', { name: 'Run a pass now' }).focus();
    await page.keyboard.press('Enter');
    const report = page.getByRole('status', { name: 'Pass report' });
    await report.waitFor({ timeout: 30_000 });
    expect(await report.locator('.pass-summary').innerText()).toMatch(/^\d+ alerts? firing over 19 rules; notified \d+ events?\.$/);
    expect(await texts(report.getByRole('list', { name: 'Events' }).locator('li'))).toContainEqual(`fired blocked-work · ${TITLE} · level 2: ${MESSAGE} → eng-alerts, team-leads`);
    const deliveries = await texts(report.getByRole('list', { name: 'Deliveries' }).locator('li'));
    expect(deliveries).toContainEqual('eng-alerts firing blocked-work WORK-0003: sent 200');
    expect(deliveries.find((d) => d.startsWith('team-leads firing blocked-work WORK-0003: skipped'))).toBeDefined();

    const posted = receiver.requests.filter((r) => r.json.rule && (r.json.rule as { id: string }).id === 'blocked-work');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ method: 'POST', path: '/eng', headers: { 'x-eos-event': 'firing' } });
    expect(posted[0]?.json).toMatchObject({
      event: 'firing',
      rule: { id: 'blocked-work', name: 'Blocked work item', kind: 'escalation', severity: 'warning' },
      subject: { id: 'WORK-0003', label: TITLE, link: '/records/WORK-0003' },
      level: 2,
      message: MESSAGE,
    });

    await blockedWork().waitFor();
    expect(await blockedWork().locator('.alert-message').innerText()).toBe(MESSAGE);
    expect(await blockedWork().locator('.alert-level').innerText()).toBe('level 2: team leads');
    expect(await blockedWork().locator('.alert-meta').innerText()).toMatch(/fired just now\s+last notified just now/);
    const groups = await texts(page.getByRole('region', { name: 'Alerts firing' }).locator('.alert-group h3'));
    // Critical first: the headings (upper case on screen) follow the severities' order, warning among them.
    const order = groups.map((g) => ['critical', 'warning', 'info'].indexOf(g.split(/\s/)[0]?.toLowerCase() ?? ''));
    expect(order).toEqual([...order].sort());
    expect(order).toContain(1);
    expect(order).not.toContain(-1);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'alerts.png') });
  }, 60_000);

  it('a dry run right after writes and sends nothing; include resolved shows none resolved yet', async () => {
    const before = receiver.requests.length;
    await page.getByRole('button', { name: 'Dry run' }).click();
    await eventually(() => page.getByRole('status', { name: 'Pass report' }).locator('.pass-summary').innerText()).toMatch(
      /^Dry run: \d+ alerts? firing over 19 rules; would notify \d+ events? \(nothing written or sent\)\.$/,
    );
    expect(receiver.requests).toHaveLength(before);
    await page.getByLabel('Include resolved').check();
    await eventually(() => page.getByRole('region', { name: 'Resolved alerts' }).locator('.empty').innerText()).toBe('None resolved yet');
    await blockedWork().waitFor();
  }, 60_000);

  it("follows the alert's subject to the record page, and the control center's tile links back to the page", async () => {
    await blockedWork().getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/records/WORK-0003');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Control center' }).click();
    const tile = page.getByRole('region', { name: 'Alerts firing' });
    await eventually(() => texts(tile.locator('.record-line'))).toContainEqual(expect.stringContaining(`Blocked work item · ${TITLE} · level 2`));
    await tile.getByRole('link', { name: 'All alerts and rules →' }).click();
    await page.getByRole('heading', { name: 'Alerts', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/alerts');
  }, 60_000);

  it('shows a viewer the pass buttons disabled, saying why', async () => {
    await addUser(asAna, 'vic', 'viewer', PASSWORD);
    await page.getByRole('button', { name: 'ana ▾' }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    signedIn = false;
    await signIn('vic');
    await openAlertsFromSidebar();
    expect(await page.getByRole('button', { name: 'Run a pass now' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Dry run' }).isDisabled()).toBe(true);
    expect(await page.locator('#alert-pass-reason').innerText()).toBe("A viewer can't run an alert pass or a dry run; vic has the viewer role");
    await blockedWork().waitFor();
  }, 60_000);

  it('logged no error to the console on the way', () => {
    expect(consoleErrors).toEqual([]);
  });
});
