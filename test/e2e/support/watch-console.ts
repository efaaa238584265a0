import type { ConsoleMessage, Page } from 'playwright-core';

export interface ConsoleWatchOptions {
  /** Where console errors and page errors go: a browser test expects it empty at the end. */
  readonly errors: string[];
  /** Where the 4xx/5xx answers Chromium logs go, as `STATUS /path`: the ones a test provoked on purpose. */
  readonly refusals: string[];
  /** Whether a 401 from GET /api/v1/auth/me is expected now: before signing in, the app asks who is signed in. */
  readonly signedOut: () => boolean;
}

/** Collects what a page logs as an error, telling the refused requests a test provoked from everything else. */
export function watchConsole(page: Page, options: ConsoleWatchOptions): void {
  page.on('pageerror', (error) => options.errors.push(`page error: ${error.message}`));
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const refused = /^Failed to load resource: the server responded with a status of (\d+)/.exec(message.text());
    const path = refused ? new URL(message.location().url).pathname : '';
    if (refused && refused[1] === '401' && path === '/api/v1/auth/me' && options.signedOut()) return;
    if (refused) options.refusals.push(`${refused[1]} ${path}`);
    else options.errors.push(`${message.text()} (${message.location().url})`);
  });
}
