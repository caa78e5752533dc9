// Fails browser tests on any console error or warning and any uncaught exception in the page: collect them per
// test and assert none are left in afterEach. A test that provokes one on purpose (a 403 it asserts on) allows
// that message explicitly, for the current test only.
import type { Page } from 'playwright-core';

export interface ConsoleGuard {
  /** Accept messages matching `re` until the end of the current test. */
  allow(re: RegExp): void;
  /** The unexpected messages since the last call (and forgets the allowances). */
  take(): string[];
}

export function guardConsole(page: Page): ConsoleGuard {
  const seen: string[] = [];
  const allowed: RegExp[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    const at = m.location();
    seen.push(`console.${m.type()}: ${m.text()}${at?.url ? ` (${at.url}:${at.lineNumber})` : ''}`);
  });
  page.on('pageerror', (e) => seen.push(`uncaught: ${e.message}`));
  return {
    allow: (re) => void allowed.push(re),
    take: () => {
      const found = seen.splice(0).filter((s) => !allowed.some((re) => re.test(s)));
      allowed.length = 0;
      return found;
    },
  };
}
