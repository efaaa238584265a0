import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_APP_CSP } from '../../src/http/security-headers.ts';
import { runCli } from '../support/run-cli.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { addUser, type EosServer, startEosServer } from './support/eos-server.ts';
import { watchConsole } from './support/watch-console.ts';

// Issue 11, point 8: the web app runs under its Content-Security-Policy (no inline script, no framing)
// without a single violation, in Debian's Chromium against a real `eos serve` on the engineering-os demo.
// Violations are caught twice: the page's `securitypolicyviolation` events and Chromium's console.

const PASSWORD = 'correct horse battery';

interface Violation {
  readonly directive: string;
  readonly blocked: string;
  readonly sample: string;
}

/** Runs in the page before the app's own scripts (through CDP, so the policy does not apply to it). */
const LISTEN = `window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }));`;
/** Takes what the current document collected. */
const TAKE = 'window.__cspViolations ? window.__cspViolations.splice(0) : []';
const COUNT = 'window.__cspViolations ? window.__cspViolations.length : 0';

describe.runIf(chromiumAvailable())('the web app under its Content-Security-Policy', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-web-csp-'));
  const env = { EOS_HOME: home, EOS_USER: 'setup' };
  let server: EosServer;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const refusals: string[] = [];
  let signedIn = false;
  /** Every violation the pages reported, with the path it happened on. */
  const violations: string[] = [];

  /** Moves what the current document collected into `violations` (a full load starts a new list). */
  const collect = async () => {
    const found = (await page.evaluate(TAKE)) as Violation[];
    const path = new URL(page.url()).pathname;
    for (const v of found) violations.push(`${path}: ${v.directive} blocked ${v.blocked} ${v.sample}`);
  };
  const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor();
  const visit = async (path: string, title: string) => {
    await collect();
    await page.goto(`${server.url}${path}`);
    await heading(title);
    await page.waitForLoadState('networkidle');
    await collect();
  };

  beforeAll(async () => {
    const init = await runCli(['init', '--demo'], env);
    expect(init.code, init.stderr).toBe(0);
    await addUser(env, 'ana', 'admin', PASSWORD);
    server = await startEosServer({ ...env, EOS_USER: 'ana', EOS_ALERTS: 'off' });
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.addInitScript({ content: LISTEN });
    watchConsole(page, { errors: consoleErrors, refusals, signedOut: () => !signedIn });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in and walks the control center, a database, a record, metrics, alerts, decisions and import with zero violations', async () => {
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toBe(WEB_APP_CSP);
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Control center');
    signedIn = true;
    await page.waitForLoadState('networkidle');
    // A client-side move, as a person clicks: the first database in the sidebar.
    const firstDatabase = page.getByRole('navigation', { name: 'Main' }).locator('a.nav-db').first();
    // Its link reads 'ADRs\n0': the name, then the record count.
    const name = (await firstDatabase.innerText()).split('\n')[0]?.trim() ?? '';
    await firstDatabase.click();
    await heading(name);
    await collect();
    await visit('/records/ECR-0001', 'ECR-0001 Display glitches in sun');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Metrics', exact: true }).click();
    await heading('Metrics');
    await page.waitForLoadState('networkidle');
    await collect();
    await visit('/alerts', 'Alerts');
    await visit('/decisions', 'Decisions');
    await visit('/import', 'Import CSV');
    expect(violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(refusals).toEqual([]);
  }, 180_000);

  it('is really enforced: an inline script added to the page does not run, and is reported', async () => {
    await collect();
    await page.evaluate("const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true'; document.body.append(s);");
    await expect.poll(() => page.evaluate(COUNT), { timeout: 10_000 }).toBe(1);
    expect(await page.evaluate('window.__inlineRan === true')).toBe(false);
    expect(((await page.evaluate(TAKE)) as Violation[]).map((v) => v.directive)).toEqual(['script-src-elem']);
    expect(consoleErrors.some((e) => e.includes('Content Security Policy'))).toBe(true);
  }, 60_000);
});
