import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium; playwright-core drives it, and no browser is ever downloaded. */
export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run here. In CI a missing Chromium is a failure (.ci/run installs it);
 * on a developer's machine the browser tests are skipped, saying so.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}: the browser tests need it (apt-get install -y chromium; .ci/run does this)`);
  console.warn(`[eos] skipped the browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROME_PATH)`);
  return false;
}

export function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'eos-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
  });
}
