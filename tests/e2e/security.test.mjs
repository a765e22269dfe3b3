// End-to-end: imported text is never run as HTML or script, and the
// Content-Security-Policy holds (any violation is a console error, which
// fails every end-to-end test through the harness).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useServedApp, openApp, tempDir, startSyncServer } from './harness.mjs';
import { generate } from './schema.mjs';

const app = useServedApp();

const PAYLOADS = [
  '<script>alert("script")</script>',
  '<img src=x onerror=alert("img")>',
  'javascript:alert("link")',
  '"><svg onload=alert("svg")>',
];

const DIST = process.env.TANDEM_DIST || 'dist';
const policyOf = (name) =>
  readFileSync(join(DIST, name), 'utf8').match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
const directive = (csp, name) => csp.split(/;\s*/).find((d) => d.split(' ')[0] === name) ?? '';

for (const page of ['index.html', 'app.html', 'join.html']) {
  test(`${page} declares a strict Content-Security-Policy`, async () => {
    const csp = policyOf(page);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
    assert.doesNotMatch(csp.match(/script-src[^;]*/)[0], /unsafe-inline/);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /base-uri 'none'/);
    // Websockets to the live poker room's sync server (its address is a
    // setting), and no other connection to another origin.
    assert.equal(directive(csp, 'connect-src'), "connect-src 'self' ws: wss:");
  });
}

test('tandem.html, the single file, loads nothing and connects only by websocket', async () => {
  const csp = policyOf('tandem.html');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(directive(csp, 'script-src'), /unsafe-inline|'self'/);
  assert.match(csp, /object-src 'none'/);
  assert.equal(directive(csp, 'connect-src'), 'connect-src ws: wss:');
});

test('under the CSP the page reaches a sync server on another port by websocket, and by nothing else', async () => {
  const sync = await startSyncServer();
  const { context, page, problems } = await openApp(app.browser, app.server);
  try {
    // The first message of the y-websocket protocol: sync step 1 (0, 0).
    const first = await page.evaluate(
      (url) =>
        new Promise((resolve) => {
          const ws = new WebSocket(url);
          ws.binaryType = 'arraybuffer';
          ws.onmessage = (e) => {
            resolve(Array.from(new Uint8Array(e.data).slice(0, 2)));
            ws.close();
          };
          ws.onerror = () => resolve('websocket refused');
        }),
      `${sync.url}/csp-check`,
    );
    assert.deepEqual(first, [0, 0]);
    // fetch() to the same server is another origin: refused by connect-src.
    const fetched = await page.evaluate(
      (url) => fetch(url).then(() => 'fetched', () => 'refused'),
      `http://127.0.0.1:${sync.port}/`,
    );
    assert.equal(fetched, 'refused');
    assert.ok(problems.length > 0, 'the refused fetch is reported');
    assert.ok(
      problems.every((p) => p.includes(`127.0.0.1:${sync.port}`)),
      `only the refused fetch is a problem: ${problems.join('\n')}`,
    );
  } finally {
    await context.close();
    await sync.stop();
  }
});

test('a workspace full of script and HTML payloads is shown as text, and nothing runs', async () => {
  const dir = tempDir();
  const value = JSON.parse(readFileSync(generate(join(dir, 'base.json'), '--stories', '60', '--seed', '5'), 'utf8'));
  value.teams[0].name = PAYLOADS[0];
  value.stories.forEach((s, i) => {
    s.title = PAYLOADS[i % PAYLOADS.length];
    s.description = PAYLOADS.join(' ');
    s.text.as_a = PAYLOADS[1];
    s.text.so_that = PAYLOADS[2];
    s.blocked_reason = PAYLOADS[3];
    s.acceptance_criteria = [{ text: PAYLOADS[0], done: false }];
  });
  value.epics.forEach((e) => {
    e.title = PAYLOADS[1];
    e.goal = PAYLOADS[2];
  });
  value.constraints.forEach((c) => {
    c.name = 'X' + PAYLOADS[3];
    c.statement = PAYLOADS[0];
    c.target = PAYLOADS[2];
  });
  const file = join(dir, 'payloads.json');
  writeFileSync(file, JSON.stringify(value));

  const { context, page, problems } = await openApp(app.browser, app.server);
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.getByRole('link', { name: 'Import a JSON file' }).click();
  await page.getByLabel('Import JSON').setInputFiles(file);
  await page.getByRole('button', { name: 'Replace workspace' }).click();
  const first = value.stories.find((s) => s.team === value.teams[0].id);
  const key = `IOS-${first.number}`;
  for (const hash of ['#/', '#/backlog/ios', `#/backlog/ios/${key}`, '#/epics', '#/epics/EP-1', '#/constraints', '#/teams']) {
    await page.goto(app.server.url + hash);
    await page.locator('main h1').first().waitFor();
  }
  // The payloads are on screen as literal text…
  await page.goto(`${app.server.url}#/backlog/ios/${key}`);
  await page.getByRole('heading', { name: `${PAYLOADS[0]} backlog` }).waitFor();
  assert.equal(await page.getByRole('complementary', { name: key }).getByLabel('Title').inputValue(), first.title);
  // …and never became elements.
  assert.equal(await page.locator('main img, main svg, main script, main iframe').count(), 0);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(problems, []);
  await context.close();
});
