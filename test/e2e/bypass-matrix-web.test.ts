import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { addUser, type EosServer, startEosServer } from './support/eos-server.ts';

// The bypass matrix's web rows (issue 10, point 8): the web app's move and create, in Debian's
// Chromium against a real `eos serve` on test/fixtures/packs/matrix, against every gate kind the
// fixture has, with the exact refusal shown and the allowed case. The other write paths run the
// same kinds in test/bypass-matrix.contract.test.ts; a new gate kind is one fixture database plus one
// row of KINDS here and there.

const MATRIX_PACK = fileURLToPath(new URL('../fixtures/packs/matrix', import.meta.url));
const PASSWORD = 'a long matrix password';
const KEY = /^[A-Z]{3}-\d{4}/;

interface WebKind {
  readonly kind: string;
  /** Fields (as the API takes them) that leave the gate unmet as ed (editor), and those that meet it as `allowedBy`. */
  readonly refused: Record<string, unknown>;
  readonly allowed: Record<string, unknown>;
  readonly allowedBy: 'ed' | 'quinn';
  /** The refusal the web app shows: a gate's title and criteria, or a role's message (`<key>` for the record's key). */
  readonly refusal: { readonly criteria: readonly string[] } | { readonly forbidden: string };
  readonly waiver?: true;
  /** Writes, as root through the API (or quinn's for a signature), what the gate reads besides the record before a move: met or not. */
  readonly prepare?: (api: Apis, key: string, meets: boolean) => Promise<unknown>;
  /** The same for a create meant to be allowed, by the title it will give the record. */
  readonly prepareCreate?: (api: Apis, title: string) => Promise<unknown>;
  /** No create can meet the gate (see the contract suite's header): the allowed create is refused like the other. */
  readonly createRefused?: true;
}

type Api = (path: string, body: unknown, method?: 'POST' | 'PATCH') => Promise<{ record: { key: string; status: string; version: number } }>;
interface Apis {
  readonly root: Api;
  readonly quinn: Api;
}
const backer = (api: Apis, ref: string, ok: boolean) => api.root('/records', { database: 'backer', fields: { Title: `backs ${ref}`, Backs: ref, OK: ok } });

const KINDS: readonly WebKind[] = [
  { kind: 'entrance', refused: {}, allowed: { OK: true }, allowedBy: 'ed', refusal: { criteria: ['entrance/ok'] } },
  { kind: 'exit', refused: {}, allowed: { OK: true }, allowedBy: 'ed', refusal: { criteria: ['exit/ok'] } },
  { kind: 'transition', refused: {}, allowed: { OK: true }, allowedBy: 'ed', refusal: { criteria: ['transition/ok'] } },
  { kind: 'role', refused: {}, allowed: {}, allowedBy: 'quinn', refusal: { forbidden: 'Only qa can move <key> to Done (gate role); ed has the editor role' } },
  {
    kind: 'field-role',
    refused: { 'Approver Role': 'qa' },
    allowed: { 'Approver Role': 'editor' },
    allowedBy: 'ed',
    refusal: { forbidden: 'Only the Approver Role of <key> (qa) can move <key> to Done (gate field-role); ed has the editor role' },
  },
  { kind: 'waiver', refused: {}, allowed: { OK: true }, allowedBy: 'ed', refusal: { criteria: ['waivable/ok'] }, waiver: true },
  {
    kind: 'inverse',
    refused: {},
    allowed: {},
    allowedBy: 'ed',
    refusal: { criteria: ['inverse/backed'] },
    // A backer whose Backs links the record (pending, for a title to come), OK ticked when it meets the gate.
    prepare: (api, key, meets) => backer(api, key, meets),
    prepareCreate: (api, title) => backer(api, title, true),
    createRefused: true,
  },
  {
    kind: 'signoff',
    refused: {},
    allowed: {},
    allowedBy: 'ed',
    refusal: { criteria: ['signoff/signed'] },
    // quinn (qa) signs GO with a token; refused, the record changes after it (a stale signature).
    prepare: async (api, key, meets) => {
      await api.quinn(`/records/${key}/signoffs`, { field: 'QA Sign-off', verdict: 'go' });
      if (!meets) await api.root(`/records/${key}`, { fields: { 'Approver Role': 'qa' } }, 'PATCH');
    },
    createRefused: true,
  },
];

describe.runIf(chromiumAvailable())('the bypass matrix in the web app (Chromium)', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-matrix-web-'));
  const env = { EOS_HOME: home, EOS_USER: 'root' };
  let server: EosServer;
  let browser: BrowserContext;
  let page: Page;
  let token = '';
  let quinnToken = '';

  /** Writes through the API with a token, to set the scene. */
  const apiAs =
    (bearer: () => string): Api =>
    async (path, body, method = 'POST') => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer()}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      return (await res.json()) as { record: { key: string; status: string; version: number } };
    };
  /** As root (an admin). */
  const api = apiAs(() => token);
  const apis: Apis = { root: api, quinn: apiAs(() => quinnToken) };
  const readyRecord = async (kind: string, fields: Record<string, unknown>) =>
    (await api('/records', { database: kind, fields: { Title: `web ${kind}`, ...fields, Status: 'Ready' } })).record.key;
  const waiverFor = async (key: string, approved: boolean) =>
    (
      await api('/records', {
        database: 'waivers',
        fields: {
          Title: `waive ${key}`,
          'Waived Record': key,
          'Waived Criteria': 'waivable/ok',
          Approver: 'root',
          Expires: '2099-12-31',
          ...(approved ? { Status: 'Approved' } : {}),
        },
      })
    ).record.key;

  async function signIn(name: string): Promise<void> {
    // Whoever was signed in is signed out by dropping the session cookie: asking whether the user
    // menu is visible right after the page loads raced its first render and left the old user in.
    await page.context().clearCookies();
    await page.goto(`${server.url}/`);
    await page.getByLabel('Username').fill(name);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Control center' }).waitFor();
  }

  async function moveInWeb(key: string, waiver?: string): Promise<void> {
    await page.goto(`${server.url}/records/${key}`);
    await page.locator('.record-actions .status-pill').waitFor();
    await page.getByLabel('Move to').selectOption('Done');
    if (waiver) await page.getByLabel('Waiver key (optional)').fill(waiver);
    await page.getByRole('button', { name: 'Move', exact: true }).click();
  }

  async function createInWeb(kind: string, fields: Record<string, unknown>): Promise<void> {
    await page.goto(`${server.url}/databases/${kind}/new`);
    await page.getByLabel('Title').fill(`web create ${kind}`);
    if (fields.OK === true) await page.getByLabel('OK', { exact: true }).check();
    if (typeof fields['Approver Role'] === 'string') await page.getByLabel('Approver Role').selectOption(fields['Approver Role']);
    await page.getByLabel('Status').selectOption('Done');
    await page.getByRole('button', { name: 'Create record' }).click();
  }

  /** The refusal shown, the record's key written `<key>`: a gate's title and `gate/criterion` ids, or an error's message. */
  async function shownRefusal(scope: string): Promise<{ title: string; criteria: string[]; steps: string[] } | { forbidden: string }> {
    const alert = page.locator(`${scope} [role="alert"]`).first();
    await alert.waitFor();
    const title = alert.locator('.refusal-title');
    if ((await title.count()) === 0) {
      const message = await alert.locator('.error-message').innerText();
      const key = /\b[A-Z]{3}-\d{4}\b/.exec(message)?.[0] ?? '';
      return { forbidden: message.replaceAll(key, '<key>') };
    }
    const items = alert.locator('.unmet-list li');
    return {
      title: (await title.innerText()).replace(KEY, '<key>'),
      criteria: await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-criterion') ?? '')),
      steps: await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-step') ?? '')),
    };
  }

  beforeAll(async () => {
    expect((await runCli(['init', '--pack', MATRIX_PACK], env)).code).toBe(0);
    await addUser(env, 'root', 'admin', PASSWORD);
    await addUser(env, 'ed', 'editor', PASSWORD);
    await addUser(env, 'quinn', 'qa', PASSWORD);
    const created = await runCli(['token', 'create', 'root', '--json'], env);
    token = JSON.parse(created.stdout).token;
    quinnToken = JSON.parse((await runCli(['token', 'create', 'quinn', '--json'], env)).stdout).token;
    server = await startEosServer(env);
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('as an editor: every kind refuses the move Ready → Done and the create into Done exactly, and lets the editor through once the gate holds', async () => {
    await signIn('ed');
    for (const k of KINDS) {
      const key = await readyRecord(k.kind, k.refused);
      await k.prepare?.(apis, key, false);
      await moveInWeb(key, k.waiver ? await waiverFor(key, false) : undefined);
      const moveShown = await shownRefusal('.move-control');
      if ('criteria' in k.refusal) {
        expect(moveShown, k.kind).toEqual({ title: "<key> can't move to Done: 1 criterion unmet", criteria: k.refusal.criteria, steps: [''] });
      } else expect(moveShown, k.kind).toEqual(k.refusal);
      await page.goto(`${server.url}/records/${key}`);
      expect(await page.locator('.record-actions .status-pill').innerText(), k.kind).toBe('Ready');

      await createInWeb(k.kind, k.refused);
      const createShown = await shownRefusal('form.new-record');
      if ('criteria' in k.refusal) {
        expect(createShown, k.kind).toEqual({
          title: "<key> can't move to Done: 1 criterion unmet on the way from Open",
          criteria: k.refusal.criteria,
          steps: ['Ready → Done'],
        });
      } else expect(createShown, k.kind).toEqual(k.refusal);

      if (k.allowedBy !== 'ed') continue;
      // Allowed: the gate holds (a waiver kind's move: an approved waiver names the criterion).
      const allowedKey = await readyRecord(k.kind, k.waiver ? {} : k.allowed);
      await k.prepare?.(apis, allowedKey, true);
      await moveInWeb(allowedKey, k.waiver ? await waiverFor(allowedKey, true) : undefined);
      await expect.poll(() => page.locator('.record-actions .status-pill').innerText(), { timeout: 15_000 }).toBe('Done');
      await k.prepareCreate?.(apis, `web create ${k.kind}`);
      await createInWeb(k.kind, k.allowed);
      if (k.createRefused) {
        expect(await shownRefusal('form.new-record'), k.kind).toMatchObject({ criteria: (k.refusal as { criteria: string[] }).criteria, steps: ['Ready → Done'] });
        continue;
      }
      await page.waitForURL(/\/records\//, { timeout: 15_000 });
      await expect.poll(() => page.locator('.record-actions .status-pill').innerText(), { timeout: 15_000 }).toBe('Done');
    }
  }, 240_000);

  it('as qa: the role kind lets the move and the create through', async () => {
    await signIn('quinn');
    for (const k of KINDS.filter((x) => x.allowedBy === 'quinn')) {
      const key = await readyRecord(k.kind, k.allowed);
      await moveInWeb(key);
      await expect.poll(() => page.locator('.record-actions .status-pill').innerText(), { timeout: 15_000 }).toBe('Done');
      await createInWeb(k.kind, k.allowed);
      await page.waitForURL(/\/records\//, { timeout: 15_000 });
      await expect.poll(() => page.locator('.record-actions .status-pill').innerText(), { timeout: 15_000 }).toBe('Done');
    }
  }, 120_000);

  it('as an admin: the Import page takes history as recorded, openly, and the record page says so', async () => {
    await signIn('root');
    await page.goto(`${server.url}/import?database=entrance`);
    await page.getByRole('heading', { name: 'Import CSV' }).waitFor();
    await page.getByLabel('CSV file').setInputFiles({ name: 'history.csv', mimeType: 'text/csv', buffer: Buffer.from('Title,Status\nClosed elsewhere,Done\n') });
    const outcome = () => page.getByRole('region', { name: /^(Preview|Imported|Refused)/ });
    // Through the gates, the row meets the walk's entrance gate.
    await page.getByRole('button', { name: 'Preview' }).click();
    await outcome().getByRole('heading', { name: 'Preview' }).waitFor();
    expect(await page.locator('.import-problems td').allInnerTexts()).toContain(
      "the new record can't move to Done: 1 criterion unmet on the way from Open: Ready → Done: entrance/ok: Tick OK",
    );
    await page.getByLabel(/^As recorded/).check();
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.locator('.import-counts li').first().innerText(), { timeout: 15_000 }).toBe('would create 1');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await outcome().getByRole('heading', { name: 'Imported' }).waitFor();
    await page.goto(`${server.url}/records/${encodeURIComponent('Closed elsewhere')}`);
    await expect.poll(() => page.locator('.record-actions .status-pill').innerText(), { timeout: 15_000 }).toBe('Done');
    expect((await page.locator('.record-meta .recorded-as').innerText()).trim()).toBe('· recorded as imported');
  }, 120_000);
});
