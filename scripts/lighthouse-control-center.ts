// npm run lighthouse: Lighthouse's performance score for the control center, on the engineering-os demo, signed in.
// A real `eos serve` on a fresh EOS_HOME and a loopback port; Debian's Chromium through chrome-launcher
// (CHROME_PATH, default /usr/bin/chromium), headless. Lighthouse's default run: a mobile device on a slow 4G
// network with a 4x slower CPU, simulated. Options: --runs N (default 3; the median is reported), --desktop,
// --out FILE (the last run's full report, JSON).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launch } from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import { ensureWebBuild } from '../src/web/build/ensure-web-build.ts';
import { CHROMIUM } from '../test/e2e/support/chromium.ts';
import { addUser, startEosServer } from '../test/e2e/support/eos-server.ts';
import { runCli } from '../test/support/run-cli.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, desktop: { type: 'boolean', default: false }, out: { type: 'string' } } });
const runs = Number(values.runs);
const PASSWORD = 'lighthouse-password';
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'interactive'] as const;

const log = (line: string) => process.stderr.write(`${line}\n`);
await ensureWebBuild({ onProgress: log });
const env = { EOS_HOME: mkdtempSync(join(tmpdir(), 'eos-lighthouse-')), EOS_USER: 'setup' };
log('creating the demo workspace …');
const init = await runCli(['init', '--demo'], env);
if (init.code !== 0) throw new Error(`eos init --demo failed: ${init.stderr}`);
await addUser(env, 'lighthouse', 'admin', PASSWORD);
const server = await startEosServer(env);
const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
try {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'lighthouse', password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!login.ok || !cookie) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  // Warm the server's caches the way a first visitor would have, so each run measures the same thing.
  await fetch(`${server.url}/api/v1/control-center`, { headers: { cookie } });

  const results: { score: number; metrics: Record<string, string> }[] = [];
  for (let run = 1; run <= runs; run++) {
    const result = await lighthouse(
      `${server.url}/`,
      { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], extraHeaders: { Cookie: cookie } },
      values.desktop ? desktopConfig : undefined,
    );
    if (!result) throw new Error('lighthouse returned no result');
    const { lhr } = result;
    const score = Math.round((lhr.categories.performance?.score ?? 0) * 100);
    const metrics = Object.fromEntries(METRICS.map((id) => [id, lhr.audits[id]?.displayValue ?? '?']));
    log(`run ${run}: performance ${score} · ${METRICS.map((id) => `${id} ${metrics[id]}`).join(' · ')}`);
    results.push({ score, metrics });
    if (values.out) writeFileSync(values.out, JSON.stringify(lhr, null, 2));
  }
  const sorted = [...results].sort((a, b) => a.score - b.score);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(
    JSON.stringify(
      {
        page: 'control center',
        preset: values.desktop ? 'desktop' : 'mobile (default)',
        runs,
        scores: results.map((r) => r.score),
        median: median?.score,
        metrics: median?.metrics,
      },
      null,
      2,
    ),
  );
} finally {
  await chrome.kill();
  await server.stop();
}
