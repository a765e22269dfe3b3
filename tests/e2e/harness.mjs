// Shared set-up for the end-to-end tests: the site, the sync server and
// Chromium as the benchmark also uses them (scripts/site.mjs,
// scripts/sync-server.mjs), and what only the tests need: a served app per
// test file, pages with their problems collected, the backlog's rows.
import { before, after } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launch } from '../../scripts/site.mjs';
import { startSyncServer } from '../../scripts/sync-server.mjs';

export { ROOT, SUB_PATH, freePort, serveDist, launch } from '../../scripts/site.mjs';
export { startSyncServer } from '../../scripts/sync-server.mjs';

/**
 * A page on the app in a new browser context (its own localStorage), with
 * every console error and page error collected, and every request checked
 * to stay on the app's origin.
 */
export async function openApp(browser, server, hash = '#/') {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  const { page, problems } = await openPage(context, server, hash);
  return { context, page, problems };
}

/**
 * Serves dist/ and launches Chromium for the tests of one file, closing
 * both after them. Read `.server` and `.browser` inside the tests.
 */
export function useServedApp() {
  const app = {};
  before(async () => {
    app.server = await serveDist();
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/**
 * Like useServedApp, with the stock sync server started too (on a free
 * port, stopped after the tests). Read `.sync` inside the tests as well.
 */
export function useServedAppAndSyncServer() {
  const app = {};
  before(async () => {
    app.sync = await startSyncServer();
    app.server = await serveDist();
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
    await app.sync?.stop();
  });
  return app;
}

/**
 * Collects the page's errors, console errors, and requests to addresses
 * `allowed` refuses (blob: and data: URLs are always allowed).
 */
export function watchProblems(page, allowed) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!allowed(url) && !url.startsWith('blob:') && !url.startsWith('data:')) {
      problems.push(`request left the origin: ${url}`);
    }
  });
  return problems;
}

/**
 * Another page in a context (another tab of the same browser profile), at
 * `hash` of the first page (index.html), or at `'app.html#/…'` for the
 * whole app.
 */
export async function openPage(context, server, hash = '#/') {
  const page = await context.newPage();
  const problems = watchProblems(page, (url) => url.startsWith(server.origin));
  await page.goto(server.url + hash);
  await page.waitForSelector('main');
  return { page, problems };
}

export function tempDir() {
  return mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
}

/**
 * The accessible names of the story rows in the page, in order. A first
 * page that hands over to the whole app (another tab opened) is replaced
 * while it is read: the rows are read again from the page that follows.
 */
export async function rowNames(page) {
  for (let tries = 0; ; tries++) {
    try {
      return await page
        .getByRole('list', { name: 'Stories' })
        .getByRole('listitem')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    } catch (e) {
      if (tries > 50 || !/context was destroyed|navigat/i.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * Waits until the rows match (the page re-renders after each action), then
 * asserts, so a failure shows the difference.
 */
export async function expectRows(page, expected, pick = (rows) => rows) {
  const deadline = Date.now() + 5000;
  let rows = pick(await rowNames(page));
  while (JSON.stringify(rows) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    rows = pick(await rowNames(page));
  }
  const { deepStrictEqual } = await import('node:assert/strict');
  deepStrictEqual(rows, expected);
}
