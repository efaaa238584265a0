import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

// The path a new user walks (issue #4 point 4), in Debian's Chromium against a real `eos serve` on the
// engineering-os demo: sign in as the first run's admin and choose a password, add a user, sign in as them, open ECR-0001, try to approve and close it, see exactly why not, fix it,
// link a passing test, close it, and find the change in the audit trail and the decision log.

const SHOTS = process.env.EOS_SCREENSHOTS_DIR ?? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const PASSWORD = 'correct horse battery';
const ENGINEERING_OS = fileURLToPath(new URL('../../packs/engineering-os', import.meta.url));

describe.runIf(chromiumAvailable())('the web app in Chromium', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-web-'));
  const env = { EOS_HOME: home, EOS_USER: 'setup' };
  let server: EosServer;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const refusals: string[] = [];
  let signedIn = false;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const statusPill = () => page.locator('.record-actions .status-pill');
  const moveTo = async (status: string) => {
    await page.getByLabel('Move to').selectOption(status);
    await page.getByRole('button', { name: 'Move', exact: true }).click();
  };
  // Ctrl-K, type the key, Enter: the way a user reaches ECR-0001 from anywhere.
  const openChangeFromSearch = async () => {
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Search' }).fill('ECR-0001');
    await page
      .getByRole('option', { name: /ECR-0001/ })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'ECR-0001 Display glitches in sun' }).waitFor();
  };
  const save = async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.save-bar').waitFor({ state: 'detached' });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const init = await runCli(['init', '--demo'], env);
    expect(init.code, init.stderr).toBe(0);
    // No user yet: the server adds `admin` with a one-time password (ADR 037); the first step signs in with it.
    server = await startEosServer(env);
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    watchConsole(page, { errors: consoleErrors, refusals, signedOut: () => !signedIn });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("signs in as the first run's admin with the password eos serve printed, must choose a new one first, and adds ana", async () => {
    await eventually(async () => /password: {2}\S+\n/.test(server.output())).toBe(true);
    const oneTime = /password: {2}(\S+)\n/.exec(server.output())?.[1] ?? '';
    await page.goto(server.url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(oneTime);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('Current password', { exact: true }).fill(oneTime);
    await page.getByLabel('New password', { exact: true }).fill('the admin password');
    await page.getByLabel('Repeat the new password', { exact: true }).fill('the admin passwort');
    await shot('first-run-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('The two new passwords differ: type the same one twice');
    await page.getByLabel('Repeat the new password', { exact: true }).fill('the admin password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Control center' }).waitFor();
    // The CLI acts as EOS_USER: as admin, it adds ana (the command runs in the server, ADR 012).
    await addUser({ ...env, EOS_USER: 'admin' }, 'ana', 'admin', PASSWORD);
    await addUser({ ...env, EOS_USER: 'admin' }, 'vic', 'viewer', PASSWORD);
    await page.getByRole('button', { name: 'admin ▾' }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in to eos' }).waitFor();
  }, 60_000);

  it('signs in, and the control center shows ECR-0001 blocked on its approval date and its signed approval', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill(PASSWORD);
    await shot('01-login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Control center' }).waitFor();
    signedIn = true;
    const blocked = page.getByRole('region', { name: 'Blocked moves' });
    // The first control center of a fresh server evaluates every gate of the demo: give it time.
    await eventually(() => texts(blocked.locator('.record-line')), 30_000).toContainEqual(expect.stringContaining('ECR-0001'));
    expect(await blocked.locator('.record-line', { hasText: 'ECR-0001' }).innerText()).toBe(
      'ECR-0001\n→ Approved\n2 unmet: Record the approval date · Get the Approval signed GO by the role its Type names (ECR, ECO: engineering; Deviation, Waiver: qa), not by the author',
    );
    await shot('02-control-center');
  }, 60_000);

  it("opens ECR-0001 from Ctrl-K search and can't approve it: the refusal names the approval date and the signature", async () => {
    await openChangeFromSearch();
    expect(await statusPill().innerText()).toBe('Under Review');
    await shot('03-record');

    await moveTo('Approved');
    const refusal = page.locator('.move-control .refusal');
    await refusal.waitFor();
    expect(await refusal.locator('.refusal-title').innerText()).toBe("ECR-0001 can't move to Approved: 2 criteria unmet");
    expect(await texts(refusal.locator('.unmet-message'))).toEqual([
      'Record the approval date',
      'Get the Approval signed GO by the role its Type names (ECR, ECO: engineering; Deviation, Waiver: qa), not by the author',
    ]);
    expect(await statusPill().innerText()).toBe('Under Review');
    await shot('04-approve-refused');
  }, 60_000);

  it('fills in the approval date from the unmet link; the live gate panel updates before saving; signs the approval; approves', async () => {
    await page.locator('.move-control .refusal .unmet-message', { hasText: 'Record the approval date' }).click();
    const date = page.locator('#field-approval-date-s');
    await eventually(() => date.evaluate((el) => el.matches(':focus'))).toBe(true);
    await date.fill('2026-11-22');
    const approved = page.locator('.gate-panel [data-to="Approved"]');
    await eventually(() => texts(approved.locator('.unmet-message'))).toEqual([
      'Get the Approval signed GO by the role its Type names (ECR, ECO: engineering; Deviation, Waiver: qa), not by the author',
    ]);
    expect(await page.locator('.gate-panel .badge').innerText()).toBe('with unsaved edits');
    // The refusal follows the live gates too: one criterion is left, not the two it was refused with.
    expect(await page.locator('.move-control .refusal .refusal-title').innerText()).toBe("ECR-0001 can't move to Approved: 1 criterion unmet");
    // A signature covers the saved record: it waits for the edits to be saved.
    expect(await page.getByRole('button', { name: 'Sign Approval' }).isDisabled()).toBe(true);
    await shot('05-live-gate-panel');
    const versionShown = async () => Number(/Version (\d+)/.exec(await page.locator('.record-meta').innerText())?.[1]);
    const saved = (await versionShown()) + 1;
    await save();
    await page.getByRole('button', { name: 'Dismiss' }).click();
    // A signature is over the version the page shows (If-Match): wait for the saved one before signing.
    await eventually(versionShown).toBe(saved);
    // ana is an admin, not an engineer: she may sign, and the signature says so (ADR 044).
    await page.getByRole('button', { name: 'Sign Approval' }).click();
    const form = page.getByRole('form', { name: 'Sign Approval' });
    await form.getByLabel('Note').fill('High-nit panel verified in the sun lab');
    await form.getByRole('button', { name: 'Sign', exact: true }).click();
    await eventually(() => page.locator('#field-approval .signoff-state').innerText()).toMatch(
      /^GO by ana \(engineering, as admin\) \d{4}-\d\d-\d\d \d\d:\d\d — High-nit panel verified in the sun lab signed at version \d+$/,
    );
    await eventually(() => approved.locator('.gate-head').innerText()).toBe('→ Approved\n✓ ready');
    await shot('05b-approval-signed');
    await moveTo('Approved');
    await eventually(() => statusPill().innerText()).toBe('Approved');
  }, 60_000);

  it('tries to close it and sees exactly the three criteria that stand in the way', async () => {
    await moveTo('Closed');
    const refusal = page.locator('.move-control .refusal');
    await refusal.waitFor();
    expect(await refusal.locator('.refusal-title').innerText()).toBe("ECR-0001 can't move to Closed: 3 criteria unmet");
    expect(await texts(refusal.locator('.unmet-message'))).toEqual([
      'Notify downstream consumers and tick Communications Done',
      'Every linked test must pass (link at least one)',
      'Update the baseline and tick Baseline Updated',
    ]);
    expect(await statusPill().innerText()).toBe('Approved');
    await shot('06-close-refused');
    await refusal.getByRole('button', { name: 'Dismiss' }).click();
  }, 60_000);

  it('creates a passing test and links it to the change', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Tests/ })
      .click();
    await page.getByRole('link', { name: 'New record' }).click();
    await page.locator('#field-test-id').fill('T-020');
    await page.locator('#field-objective-procedure').fill('Panel readable at 100 klux for 10 minutes');
    await page.locator('#field-results').selectOption('Pass');
    await page.getByRole('button', { name: 'Create record' }).click();
    await page.getByRole('heading', { name: /^T-020/ }).waitFor();
    await shot('07-test-created');

    await openChangeFromSearch();
    await page.getByRole('button', { name: '+ Link a record from tests' }).click();
    await page.getByLabel('Key of the record to link in Verification Needed').fill('T-020');
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    const linked = page.locator('#field-verification-needed .relation-list');
    await eventually(() => texts(linked.locator('li'))).toEqual(expect.arrayContaining([expect.stringContaining('T-020')]));
    // The demo's T-012 and T-013 linked themselves when they were created; T-013 has not run yet.
    expect(await texts(linked.locator('.chip'))).toEqual(['T-012 daylight readability', 'T-013 thermal soak', 'T-020']);
    expect(await linked.locator('.unresolved').count()).toBe(0);
    const closed = page.locator('.gate-panel [data-to="Closed"]');
    await expect
      .poll(() => texts(closed.locator('.unmet-message')))
      .toEqual(['Notify downstream consumers and tick Communications Done', 'Every linked test must pass (link at least one)', 'Update the baseline and tick Baseline Updated']);
    await shot('08-test-linked');
  }, 60_000);

  it('follows the relation to T-013, records that it passed, and the change no longer waits on its tests', async () => {
    await page.locator('#field-verification-needed .relation-list').getByRole('link', { name: 'T-013 thermal soak' }).click();
    await page.getByRole('heading', { name: /^T-013 thermal soak/ }).waitFor();
    await page.locator('#field-results').selectOption('Pass');
    await save();
    await page.goBack();
    await page.getByRole('heading', { name: 'ECR-0001 Display glitches in sun' }).waitFor();
    await expect
      .poll(() => texts(page.locator('.gate-panel [data-to="Closed"] .unmet-message')), { timeout: 15_000 })
      .toEqual(['Notify downstream consumers and tick Communications Done', 'Update the baseline and tick Baseline Updated']);
  }, 60_000);

  it('ticks what is missing and closes the change', async () => {
    await page.locator('#field-communications-done').check();
    await page.locator('#field-baseline-updated').check();
    await eventually(() => page.locator('.gate-panel [data-to="Closed"] .gate-head').innerText()).toBe('→ Closed\n✓ ready');
    await save();
    await moveTo('Closed');
    await eventually(() => statusPill().innerText()).toBe('Closed');
    await eventually(() => page.locator('.gate-panel').innerText()).toContain('Closed is a final status: there is no next status.');
    await shot('09-closed');
  }, 60_000);

  it('finds the change in the audit trail and records it in the decision log', async () => {
    const activity = page.locator('.audit-list li');
    await eventually(() => activity.first().innerText()).toMatch(/^ana\nmoved Approved → Closed\n/);
    await eventually(() => texts(activity.locator('.audit-lines'))).toEqual([
      'moved Approved → Closed',
      'set Communications Done = Yes · set Baseline Updated = Yes',
      'linked Verification Needed → T-020',
      'moved Under Review → Approved',
      // The signature: its decision, and the record's new version (ADR 044).
      'recorded decision change-control.signoff.go “ana signed Approval of ECR-0001: GO as admin (ana does not hold engineering)”',
      expect.stringMatching(/^signed Approval: GO by ana \(engineering, as admin\), signed at version \d+$/),
      'set Approval Date(s) = 2026-11-22',
      // The demo's records arriving after the starter: its pending references linked themselves.
      'set Affected Items = R-F-002, Primary Bus',
      'set Affected Items = R-F-002',
      'set Verification Needed = T-012 daylight readability, T-013 thermal soak',
      'set Verification Needed = T-012 daylight readability',
      'created ECR-0001 in Under Review',
    ]);
    await page.locator('#activity-title').scrollIntoViewIfNeeded();
    await shot('10-audit-trail');

    await page.getByRole('link', { name: 'Record a decision about ECR-0001 →' }).click();
    const form = page.getByRole('form', { name: 'Record a decision' });
    await form.getByLabel('Scope').fill('change');
    await form.getByLabel('Action').fill('close');
    expect(await form.getByLabel('Record').inputValue()).toBe('ECR-0001');
    await form.getByLabel('Summary').fill('Closed after T-020 passed');
    await form.getByLabel('Rationale').fill('Sunlight readability verified; baseline updated and consumers told.');
    await form.getByRole('button', { name: 'Record decision' }).click();
    const entry = page.locator('.decision-list li', { hasText: 'Closed after T-020 passed' });
    await entry.waitFor();
    expect(await entry.locator('.rationale').innerText()).toBe('Sunlight readability verified; baseline updated and consumers told.');
    expect(await entry.locator('.decision-head').innerText()).toMatch(/^change\.close\nECR-0001\n“Closed after T-020 passed”\nana · /);
    await shot('11-decision-log');

    // The decision is in the record's audit trail too, and on its page.
    await page.getByRole('link', { name: 'ECR-0001', exact: true }).first().click();
    await eventually(() => page.locator('.audit-list li .audit-lines').first().innerText()).toBe('recorded decision change.close “Closed after T-020 passed”');
    await eventually(() => texts(page.locator('.record-side .decision-summary'))).toEqual([
      '“Closed after T-020 passed”',
      '“ana signed Approval of ECR-0001: GO as admin (ana does not hold engineering)”',
    ]);
  }, 60_000);

  it("shows the demo's delivery on the Metrics page: the four keys with their levels, trends, PR stages and SLA breaches", async () => {
    // The control center's Delivery tile: the four keys of the last 30 days, each linking to the Metrics page.
    await page.getByRole('link', { name: 'Control center', exact: true }).click();
    const tile = page.getByRole('region', { name: 'Delivery (last 30 days)' });
    await eventually(() => tile.innerText(), 30_000).toMatch(/Deploy freq \S+ (elite|high|medium|low)\s+Lead time \S+ (elite|high|medium|low)/);
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/metrics/delivery' && r.url().includes('report=2023'));
    await tile.getByRole('link').first().click();
    const metrics = (await (await answer).json()) as { deploymentFrequency: { level: string; medianDeployDaysPerWeek: number; deployments: number; deployDays: number } };
    const df = metrics.deploymentFrequency;
    const card = page.getByRole('region', { name: 'Deployment frequency' });
    await eventually(() => card.locator('.dora-value').innerText()).toBe(`${df.medianDeployDaysPerWeek} days/week ${df.level}`);
    // The demo deploys on most working days: a DORA level, not n/a.
    expect(['elite', 'high', 'medium', 'low']).toContain(df.level);
    expect(await card.locator('.muted').innerText()).toMatch(new RegExp(`^${df.deployments} deployments on ${df.deployDays} days · `));
    await eventually(() => page.locator('.dora-card svg.trend').count()).toBe(4);
    await eventually(() => page.locator('.stage-bars rect').count()).toBeGreaterThan(10);
    const breaches = page.getByRole('region', { name: 'Review SLA breaches' });
    await eventually(() => breaches.locator('.breach-line').count()).toBeGreaterThan(0);
    await shot('metrics');
    // The 2021 report, from the keyboard: recovery becomes time to restore service.
    await page.getByRole('button', { name: '2021 report' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Time to restore service' }).waitFor();
    // A breach links to the PR's page in the app: its stage times and reviews.
    const first = breaches.locator('.breach-line a.key').first();
    const prId = await first.innerText();
    await first.click();
    await page.getByRole('region', { name: 'Stage times' }).waitFor();
    expect((await page.locator('h1').innerText()).startsWith(`${prId} `)).toBe(true);
    // The demo's PR ids name no GitHub repository, so the page offers no link there.
    expect(prId).toMatch(/^[a-z-]+#\d+$/);
    expect(await page.getByRole('link', { name: /on GitHub/ }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Stage times' }).innerText()).toMatch(/Coding \S+ · pickup \S+ · review \S+ · deploy \S+ · cycle \S+/);
  }, 60_000);

  it("shows the pack's targets green or red against their actuals, with a trend, on the control center and the Metrics page", async () => {
    await page.getByRole('link', { name: 'Control center', exact: true }).click();
    // What the API says, asked with the page's own session cookie (the tile's answer may be cached from the first visit).
    const { targets } = (await page.evaluate(async () => (await fetch('/api/v1/targets', { credentials: 'same-origin' })).json())) as {
      targets: { id: string; name: string; met: boolean | null }[];
    };
    expect(targets.map((t) => t.id)).toEqual(['deploy-frequency', 'lead-time-merge-to-prod', 'pr-cycle-time', 'time-to-first-review', 'change-failure-rate', 'mttr-p1']);
    const tile = page.getByRole('region', { name: 'Targets', exact: true });
    await eventually(() => tile.locator('li.target').count(), 30_000).toBe(targets.length);
    const state = (met: boolean | null) => (met === null ? 'no data' : met ? 'met' : 'missed');
    // Each line says met or missed as the API does, in green or red.
    for (const t of targets) expect(await tile.locator(`[data-target="${t.id}"] .target-state`).innerText()).toBe(state(t.met));
    // Met lines are green (--ok), missed ones red (--bad).
    type Styled = { getComputedStyle: (el: unknown) => { color: string } };
    const colourOf = (selector: string) => tile.locator(selector).evaluateAll((els) => els.map((e) => (globalThis as unknown as Styled).getComputedStyle(e).color));
    const count = (met: boolean) => targets.filter((t) => t.met === met).length;
    expect(await colourOf('.state-met')).toEqual(Array(count(true)).fill('rgb(31, 122, 77)'));
    expect(await colourOf('.state-missed')).toEqual(Array(count(false)).fill('rgb(180, 35, 24)'));
    await page.getByRole('link', { name: 'Delivery metrics →' }).click();
    const section = page.getByRole('region', { name: 'Targets against actuals' });
    await eventually(() => section.locator('li.target svg.trend').count(), 30_000).toBeGreaterThan(0);
    expect(await section.locator('li.target').count()).toBe(targets.length);
  }, 60_000);

  it('moves cards on the board from the keyboard and by dragging; a refused move leaves the card and lists why', async () => {
    await page.goto(`${server.url}/databases/work-items?view=board`);
    const column = (status: string) => page.getByRole('region', { name: new RegExp(`^${status}: \\d+$`) });
    const card = (key: string) => page.locator(`.card[data-key="${key}"]`);
    await card('WORK-0001').locator('.card-title').focus();
    await page.keyboard.press('Alt+ArrowRight');
    await eventually(() => column('Ready').locator('.card').getAttribute('data-key')).toBe('WORK-0001');

    await card('WORK-0001').locator('.card-title').focus();
    await page.keyboard.press('Alt+ArrowRight');
    const refusal = card('WORK-0001').locator('.refusal');
    await refusal.waitFor();
    expect(await refusal.locator('.refusal-title').innerText()).toBe("WORK-0001 can't move to In Progress: 2 criteria unmet");
    expect(await texts(refusal.locator('.unmet-message'))).toEqual(['Assign the work item before starting it', 'Write the Definition of Done']);
    expect(await column('Ready').locator('.card').getAttribute('data-key')).toBe('WORK-0001');
    await shot('12-board-refused');
    await page.keyboard.press('Escape');
    await refusal.waitFor({ state: 'detached' });

    // A column in view: Playwright scrolls a hidden target into view after pressing the button, which would
    // start the drag from whatever card then sits under the pointer.
    // Drop near the column's top: its middle can sit below the fold when Backlog is long.
    await card('WORK-0002')
      .locator('.card-title')
      .dragTo(column('In Progress'), { targetPosition: { x: 60, y: 60 } });
    const dragged = card('WORK-0002').locator('.refusal');
    await dragged.waitFor();
    expect(await texts(dragged.locator('.unmet-message'))).toEqual(['Assign the work item before starting it', 'Write the Definition of Done']);
    expect(await column('Backlog').locator('.card[data-key="WORK-0002"]').count()).toBe(1);
    expect(await column('In Progress').locator('.card').count()).toBe(0);
  }, 60_000);

  it('asks for a waiver from a refused move: the request opens with the record, the criteria and the type filled in', async () => {
    await page.goto(`${server.url}/records/WORK-0001`);
    await page.getByRole('heading', { name: /^WORK-0001 / }).waitFor();
    await moveTo('In Progress');
    const refusal = page.locator('.move-control .refusal');
    await refusal.waitFor();
    await refusal.getByRole('link', { name: 'Request a waiver…' }).click();
    await page.getByRole('heading', { name: 'Request a waiver for WORK-0001' }).waitFor();
    expect(await page.getByRole('note').innerText()).toContain(
      "WORK-0001 can't move to In Progress until these 2 criteria are met or waived: wip/assignee, definition-of-done/dod.",
    );
    expect(await page.getByLabel('Type', { exact: true }).inputValue()).toBe('Waiver');
    expect(await page.getByLabel('Waived Record').inputValue()).toBe('WORK-0001');
    expect(await page.getByLabel('Waived Criteria').inputValue()).toBe('wip/assignee; definition-of-done/dod');
    // Change Control is keyed by its Change ID: the requester names the waiver.
    expect(await page.getByLabel('Change ID').inputValue()).toBe('');
    await page.getByLabel('Change ID').fill('WVR-0001');
    await page.getByLabel('Reason/Problem Statement').fill('Pairing on it this week before it has an owner');
    await page.getByLabel('Waiver Approver').fill('ana');
    await page.getByLabel('Waiver Expires').fill('2027-01-31');
    await shot('14-waiver-request');
    await page.getByRole('button', { name: 'Create record' }).click();
    await page.getByRole('heading', { name: /^WVR-0001\b/ }).waitFor();
    expect(await page.getByLabel('Waived Record').inputValue()).toBe('WORK-0001');
    expect(await statusPill().innerText()).toBe('Proposed');
    // Back on WORK-0001, the gate panel lists the request among its waivers.
    await page.goto(`${server.url}/records/WORK-0001`);
    await page.getByRole('heading', { name: /^WORK-0001 / }).waitFor();
    await eventually(() => page.locator('.gate-panel .record-waivers').innerText()).toBe('Waivers: WVR-0001 (Proposed)');
  }, 60_000);

  it("ticks ECR-0001's first SOP step from the keyboard: 1 of 7 done, with who ticked it, still ticked after a reload", async () => {
    await openChangeFromSearch();
    const sop = page.getByRole('region', { name: /^SOP/ });
    const progress = sop.locator('.sop-progress');
    await eventually(() => progress.innerText()).toBe('0 of 7 done');
    const first = sop.getByRole('checkbox', { name: /^1\. Submit an ECR/ });
    await first.focus();
    await page.keyboard.press('Space');
    await eventually(() => progress.innerText()).toBe('1 of 7 done');
    expect(await first.isChecked()).toBe(true);
    // The box keeps the focus: the next step is a Tab and a Space away.
    expect(await first.evaluate((el) => el.matches(':focus'))).toBe(true);
    await eventually(() => sop.locator('.sop-who').innerText()).toMatch(/^ana · /);
    await eventually(() => page.locator('.audit-list li .audit-lines').first().innerText()).toBe(
      'ticked SOP step 1 “Submit an ECR with a clear reason and affected items. Attach evidence (defects, test results).”',
    );
    await sop.scrollIntoViewIfNeeded();
    await shot('13-sop-ticked');

    await page.reload();
    await page.getByRole('heading', { name: 'ECR-0001 Display glitches in sun' }).waitFor();
    await eventually(() => progress.innerText()).toBe('1 of 7 done');
    expect(await first.isChecked()).toBe(true);
    expect(await sop.getByRole('checkbox', { checked: true }).count()).toBe(1);
  }, 60_000);

  it('shows the error of a tick the server refuses and puts the box back: the pack dropped that step behind the page', async () => {
    // engineering-os 1.1.1, whose Change Control SOP lost its last step, upgraded while the page shows seven.
    const pack = mkdtempSync(join(tmpdir(), 'eos-pack-'));
    cpSync(ENGINEERING_OS, pack, { recursive: true });
    const manifest = join(pack, 'pack.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('version: "1.1.0"', 'version: "1.1.1"'));
    const changes = join(pack, 'databases/1-governance/21-change-control.yaml');
    writeFileSync(changes, readFileSync(changes, 'utf8').replace(/\n {2}- Close only when implemented and verified\.[^\n]*/, ''));
    const upgrade = await runCli(['pack', 'upgrade', '--pack', pack], { ...env, EOS_USER: 'ana' });
    expect(upgrade.code, upgrade.stderr).toBe(0);

    const sop = page.getByRole('region', { name: /^SOP/ });
    const last = sop.getByRole('checkbox', { name: /^7\. Close only when/ });
    await last.focus();
    await page.keyboard.press('Space');
    const error = sop.locator('.error-view');
    await eventually(() => error.locator('.error-message').innerText()).toBe("Change Control's SOP has 6 steps; step 7 does not exist (give 1 to 6)");
    expect(await last.isChecked()).toBe(false);
    expect(await sop.locator('.sop-progress').innerText()).toBe('1 of 7 done');
  }, 60_000);

  it('shows a viewer the SOP ticks with their boxes disabled', async () => {
    await page.getByRole('button', { name: 'ana ▾' }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByLabel('Username').fill('vic');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'vic ▾' }).waitFor();
    await openChangeFromSearch();
    const sop = page.getByRole('region', { name: /^SOP/ });
    await eventually(() => sop.locator('.sop-progress').innerText()).toBe('1 of 6 done');
    const boxes = sop.getByRole('checkbox');
    expect(await boxes.count()).toBe(6);
    for (const box of await boxes.all()) expect(await box.isDisabled()).toBe(true);
    expect(await boxes.first().isChecked()).toBe(true);
  }, 60_000);

  it("is served React's production build, though this suite's NODE_ENV is test", async () => {
    const html = await (await fetch(server.url)).text();
    const entry = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
    expect(entry).toMatch(/^\/assets\/index-[\w-]+\.js$/);
    const js = await (await fetch(`${server.url}${entry}`)).text();
    expect(js).not.toContain('jsxDEV');
    expect(js.length).toBeLessThan(300_000);
  });

  it('logged no error to the console on the way, only the refusals it provoked', () => {
    expect(consoleErrors).toEqual([]);
    // Once signed in: the two refused moves of ECR-0001 (approve, close), the two on the board, the one that
    // asked for a waiver and the SOP step the pack dropped, nothing else.
    expect(refusals).toEqual([
      '409 /api/v1/records/ECR-0001/moves',
      '409 /api/v1/records/ECR-0001/moves',
      '409 /api/v1/records/WORK-0001/moves',
      '409 /api/v1/records/WORK-0002/moves',
      '409 /api/v1/records/WORK-0001/moves',
      '400 /api/v1/records/ECR-0001/sop/7',
    ]);
  });
});
