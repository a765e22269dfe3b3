// Shared set-up for the end-to-end tests: the release dist/ served as
// static files under a sub-path by the serve command's server
// (scripts/serve.py: the precompressed .br/.gz beside each file when the
// browser takes it), and Debian's Chromium driven by playwright-core.
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SUB_PATH = '/tools/tandem/';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** A port on 127.0.0.1 nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForServer(url, tries = 100) {
  for (let i = 0; i < tries; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not start`);
}

/**
 * Serves dist/ at http://127.0.0.1:<port>/tools/tandem/ with
 * scripts/serve.py, as scripts/serve.sh does (a dist/ without .br/.gz files
 * is served plain).
 */
export async function serveDist() {
  const dist = process.env.TANDEM_DIST || join(ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`no build in ${dist}: run scripts/build.sh first`);
  }
  const root = mkdtempSync(join(tmpdir(), 'tandem-site-'));
  const target = join(root, ...SUB_PATH.split('/').filter(Boolean));
  mkdirSync(target, { recursive: true });
  cpSync(dist, target, { recursive: true });
  const port = await freePort();
  const proc = spawn('python3', [join(ROOT, 'scripts', 'serve.py'), '--quiet', '--bind', '127.0.0.1', '--port', String(port), root], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const origin = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitForServer(origin + SUB_PATH),
      exited.then((code) => {
        throw new Error(`scripts/serve.py exited (${code}) before serving ${origin}`);
      }),
    ]);
  } catch (e) {
    proc.kill();
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
  return {
    url: origin + SUB_PATH,
    origin,
    root,
    async close() {
      if (proc.exitCode === null) {
        proc.kill();
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A fresh Chromium with an empty profile. */
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

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

/** Another page in a context (another tab of the same browser profile). */
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

/** The accessible names of the story rows in the page, in order. */
export const rowNames = (page) =>
  page
    .getByRole('list', { name: 'Stories' })
    .getByRole('listitem')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));

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
