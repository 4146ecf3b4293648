import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: browser tests drive it and never download a browser of their own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The repository's root (this file runs as dist/testing/browser.js). */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Headless Chromium for a browser test. Without it the test fails (it does not skip) and says how to
 * install it: CI installs it, and a browser test that silently did nothing would prove nothing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`browser tests need Chromium at ${CHROMIUM_PATH}: install it (Debian/Ubuntu: sudo apt-get install chromium); CI installs it`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}

/** The built dashboard (vite build into dist/dashboard); a clear failure when it was not built. */
export function builtDashboardDir(): string {
  const dir = join(REPO_ROOT, 'dist', 'dashboard');
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`the dashboard is not built (${dir}/index.html missing): run npm run build (or npx vite build --config dashboard/vite.config.ts)`);
  }
  return dir;
}

/** `test-artifacts/<name>/` under the repository (gitignored), created; screenshots go there. */
export function artifactDir(name: string): string {
  const dir = join(REPO_ROOT, 'test-artifacts', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Errors the page threw or logged, collected for a test to assert there were none. A refused network
 * request (a 401 the test provoked) is logged by the browser as a console error too; pass `ignore` for those.
 */
export function collectPageErrors(page: Page, ignore: readonly RegExp[] = []): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (!ignore.some((pattern) => pattern.test(text))) errors.push(`console: ${text}`);
  });
  return errors;
}
