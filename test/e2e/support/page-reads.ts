import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/** The trimmed inner texts of every element a locator matches. */
export const texts = (locator: Locator): Promise<string[]> => locator.allInnerTexts().then((all) => all.map((t) => t.trim()));

/**
 * Polls a read until it meets the matcher. Two shared cores run the server, Chromium and the test:
 * a write and the reads it refreshes can take seconds, so each suite picks its patience.
 */
export const eventually = <T>(read: () => Promise<T>, timeout = 15_000, interval = 100) => expect.poll(read, { timeout, interval });
