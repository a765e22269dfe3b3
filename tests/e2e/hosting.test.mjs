// End-to-end: hosting. The same dist/ under a sub-path of the serve
// command's server with every request recorded; at the root of a server that
// sends the wrong MIME type for .wasm; and the single-file tandem.html
// opened from a file:// URL, keeping its data across a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { copyFileSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SUB_PATH, useServedApp, openApp, launch, tempDir, watchProblems } from './harness.mjs';
import { startWithOurTeams } from './pages.mjs';

const app = useServedApp();
const DIST = process.env.TANDEM_DIST || join(ROOT, 'dist');

const VIEWS = ['#/teams', '#/backlog/ios', '#/epics', '#/constraints', '#/members', '#/sprint', '#/board', '#/poker', '#/velocity', '#/data', '#/sprint/1/review'];

/** Starts the default teams, adds a story, and opens every view. */
async function useEveryView(page, base) {
  await startWithOurTeams(page);
  const input = page.getByRole('textbox', { name: 'New story title' });
  await input.fill('Hosted story');
  await input.press('Enter');
  await page.getByRole('link', { name: 'Open IOS-1' }).waitFor();
  for (const hash of VIEWS) {
    await page.goto(base + hash);
    await page.locator('main h1').first().waitFor();
  }
}

test('under /tools/tandem/ of the serve command’s server, no request leaves the app’s folder', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.reload();
  await useEveryView(page, app.server.url);
  const folder = app.server.origin + SUB_PATH;
  assert.ok(requests.some((u) => u.endsWith('.wasm')), 'the wasm was requested and recorded');
  assert.deepEqual(
    requests.filter((u) => !u.startsWith(folder) && !u.startsWith('blob:') && !u.startsWith('data:')),
    [],
  );
  assert.deepEqual(problems, []);
  await context.close();
});

/** A server that sends .wasm as application/octet-stream, like many a misconfigured intranet server. */
function wrongMimeServer() {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.wasm': 'application/octet-stream' };
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = join(DIST, path === '/' ? 'index.html' : path.slice(1));
    if (!file.startsWith(DIST) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('at the root of a server that sends the wrong MIME type for .wasm, the app still loads', async () => {
  const server = await wrongMimeServer();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const { context, page, problems } = await openApp(app.browser, { origin, url: origin + '/' });
  const wasmTypes = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasmTypes.push(r.headers()['content-type']);
  });
  await page.reload();
  await useEveryView(page, origin + '/');
  assert.ok(wasmTypes.length > 0 && wasmTypes.every((t) => t === 'application/octet-stream'), `wasm sent as ${wasmTypes}`);
  assert.deepEqual(problems, []);
  await context.close();
  server.close();
});

test('tandem.html opened from file:// works alone and keeps its data across a reload', async () => {
  const single = join(DIST, 'tandem.html');
  assert.ok(existsSync(single), 'the build wrote dist/tandem.html');
  // A copy alone in a folder, as on a file share or in Downloads.
  const dir = tempDir();
  copyFileSync(single, join(dir, 'tandem.html'));
  const url = pathToFileURL(join(dir, 'tandem.html')).href;

  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const problems = watchProblems(page, (u) => u.startsWith('file:'));
  await page.goto(url);
  await page.waitForSelector('main');
  await startWithOurTeams(page);
  const input = page.getByRole('textbox', { name: 'New story title' });
  await input.fill('Made from a file share');
  await input.press('Enter');
  await page.getByRole('link', { name: 'Open IOS-1' }).waitFor();
  await page.getByText('All changes saved').waitFor();
  const styled = await page.locator('.topbar').evaluate((el) => getComputedStyle(el).display);
  assert.equal(styled, 'flex', 'the inlined stylesheets apply');

  await page.reload();
  await page.getByRole('link', { name: 'Open IOS-1' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Open IOS-1' }).count(), 1);
  await page.goto(url + '#/sprint');
  await page.getByRole('heading', { name: 'Sprint planning' }).waitFor();
  assert.deepEqual(problems, []);
  await browser.close();
});

test('the single-file step stops with a message when Trunk writes its page another way', () => {
  // A copy of the built app whose page is changed as an upgrade of Trunk or
  // wasm-bindgen might change it: each must stop the step, not write a
  // tandem.html that starts nothing.
  // The whole app's page, which the single file is made from.
  const html = readFileSync(join(DIST, 'app.html'), 'utf8');
  const changes = {
    'the wasm started another way': [html.replace(/module_or_path: '[^']+'/, "module_or_path: wasmUrl"), /start one wasm/],
    'no preload link for the wasm': [html.replace(/<link rel="preload"[^>]*>/, ''), /no preload link/],
    'two start-up scripts': [html.replace('<script type="module">', '<script type="module">/* a second */</script><script type="module">'), /2 inline module scripts/],
  };
  for (const [what, [changed, message]] of Object.entries(changes)) {
    assert.notEqual(changed, html, `${what}: the change applies to today's page`);
    const dir = tempDir();
    cpSync(DIST, dir, { recursive: true, filter: (f) => !f.endsWith('tandem.html') });
    writeFileSync(join(dir, 'app.html'), changed);
    const run = spawnSync('python3', [join(ROOT, 'scripts', 'single_file.py'), dir], { encoding: 'utf8' });
    assert.notEqual(run.status, 0, `${what}: the step fails`);
    assert.match(run.stderr, message, `${what}: ${run.stderr}`);
    assert.ok(!existsSync(join(dir, 'tandem.html')), `${what}: no tandem.html written`);
  }
  // And today's page passes: the same step writes the same file as the build.
  const dir = tempDir();
  cpSync(DIST, dir, { recursive: true, filter: (f) => !f.endsWith('tandem.html') });
  const run = spawnSync('python3', [join(ROOT, 'scripts', 'single_file.py'), dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(readFileSync(join(dir, 'tandem.html')).equals(readFileSync(join(DIST, 'tandem.html'))));
});
