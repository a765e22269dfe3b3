// End-to-end: imported text is never run as HTML or script, and the
// Content-Security-Policy holds (any violation is a console error, which
// fails every end-to-end test through the harness).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useServedApp, openApp, tempDir } from './harness.mjs';
import { generate } from './schema.mjs';

const app = useServedApp();

const PAYLOADS = [
  '<script>alert("script")</script>',
  '<img src=x onerror=alert("img")>',
  'javascript:alert("link")',
  '"><svg onload=alert("svg")>',
];

test('the page declares a strict Content-Security-Policy', async () => {
  const html = readFileSync(join(process.env.TANDEM_DIST || 'dist', 'index.html'), 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(csp.match(/script-src[^;]*/)[0], /unsafe-inline/);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /object-src 'none'/);
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
