// End-to-end: export, import into a fresh browser profile, backups, bad
// files, and a 10,000-story workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, useServedApp, openApp, tempDir, rowNames, expectRows } from './harness.mjs';
import { startWithOurTeams } from './pages.mjs';
import { schemaErrors, generate } from './schema.mjs';

const app = useServedApp();
const dir = tempDir();


const stored = (page) => page.evaluate(() => localStorage.getItem('tandem.workspace'));

async function exportFile(page, name) {
  await page.getByRole('link', { name: 'Import & export' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const path = join(dir, name);
  await download.saveAs(path);
  return { path, suggested: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

async function importFile(page, path) {
  await page.getByLabel('Import JSON').setInputFiles(path);
}

const withoutTimestamp = (text) => text.replace(/"exported_at": "[^"]+"/, '"exported_at": "…"');

async function buildWorkspace(page) {
  await startWithOurTeams(page);
  const input = page.getByRole('textbox', { name: 'New story title' });
  for (const t of ['Delete my profile', 'Edit avatar', 'Café “quotes” and ünïcode']) {
    await input.fill(t);
    await input.press('Enter');
  }
  await page.getByRole('textbox', { name: 'Estimate of IOS-1 in points' }).fill('8');
  await page.getByRole('textbox', { name: 'Estimate of IOS-1 in points' }).press('Enter');
  await page.getByRole('combobox', { name: 'Status of IOS-2' }).selectOption('done');
  await page.getByRole('link', { name: 'Open IOS-3' }).click();
  await page.getByRole('complementary', { name: 'IOS-3' }).getByLabel('Description').fill('Line one\nLine "two"');
  await page.getByRole('complementary', { name: 'IOS-3' }).getByLabel('Kind').selectOption('spike');
  await page.getByRole('link', { name: /^Backend/ }).click();
  await input.fill('Profile deletion API');
  await input.press('Enter');
}

test('export, then import into a fresh browser profile, gives the same workspace', async () => {
  const a = await openApp(app.browser, app.server);
  await buildWorkspace(a.page);
  const first = await exportFile(a.page, 'first.json');
  const today = await a.page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  assert.equal(first.suggested, `tandem-${today}.json`);
  const value = JSON.parse(first.text);
  assert.deepEqual(schemaErrors(value), []);
  // The version the published schema describes: the one this build writes.
  const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'tandem.schema.json'), 'utf8'));
  assert.equal(value.schema_version, schema.properties.schema_version.const);
  assert.equal(value.stories.length, 4);

  // A fresh profile: empty storage, first run; import from the start screen.
  const b = await openApp(app.browser, app.server);
  await b.page.getByRole('link', { name: 'Import a JSON file' }).click();
  await importFile(b.page, first.path);
  const preview = b.page.getByRole('region', { name: 'Import preview' });
  await preview.getByText('holds 3 teams and 4 stories').waitFor();
  await preview.getByText('iOS (IOS): 3 stories').waitFor();
  await preview.getByText('Backend (BE): 1 story').waitFor();
  await preview.getByRole('button', { name: 'Replace workspace' }).click();
  const notice = b.page.getByRole('status').filter({ hasText: 'Imported first.json: 3 teams and 4 stories.' });
  await notice.waitFor();
  // A first start replaced nothing: the notice promises no backup, and
  // there is none.
  assert.doesNotMatch(await notice.textContent(), /backup/);
  await b.page.getByText('There is no backup yet.').waitFor();
  await b.page.getByRole('link', { name: /^iOS/ }).click();
  await b.page.getByRole('heading', { name: 'iOS backlog' }).waitFor();
  await expectRows(b.page, [
    'IOS-1 Delete my profile',
    'IOS-2 Edit avatar',
    'IOS-3 Café “quotes” and ünïcode',
  ]);
  const second = await exportFile(b.page, 'second.json');
  assert.equal(withoutTimestamp(second.text), withoutTimestamp(first.text));

  // And it was saved: a reload in the new profile shows it.
  await b.page.reload();
  await b.page.goto(app.server.url + '#/backlog/be');
  await b.page.getByRole('heading', { name: 'Backend backlog' }).waitFor();
  await expectRows(b.page, ['BE-1 Profile deletion API']);
  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems, []);
  await a.context.close();
  await b.context.close();
});

test('an import keeps the replaced workspace as a backup that can be restored', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await buildWorkspace(page);
  const mine = await exportFile(page, 'mine.json');
  const other = JSON.parse(mine.text);
  other.stories = other.stories.slice(0, 1);
  other.stories[0].title = 'From the other machine';
  const otherPath = join(dir, 'other.json');
  writeFileSync(otherPath, JSON.stringify(other));

  await page.getByRole('heading', { name: 'Backup' }).waitFor();
  await page.getByText('There is no backup yet.').waitFor();
  await importFile(page, otherPath);
  await page.getByText('Importing replaces your current workspace (3 teams and 4 stories)').waitFor();
  // Cancel changes nothing.
  await page.getByRole('button', { name: 'Cancel import' }).click();
  assert.equal(await page.getByRole('region', { name: 'Import preview' }).count(), 0);
  await importFile(page, otherPath);
  await page.getByRole('button', { name: 'Replace workspace' }).click();
  await page.getByText(/Kept on .*: 3 teams and 4 stories\./).waitFor();
  await page.getByRole('link', { name: /^iOS/ }).click();
  await page.getByRole('heading', { name: 'iOS backlog' }).waitFor();
  await expectRows(page, ['IOS-1 From the other machine']);

  await page.getByRole('link', { name: 'Import & export' }).click();
  await page.getByRole('button', { name: 'Restore backup' }).click();
  await page.getByRole('status').getByText('Restored the backup: 3 teams and 4 stories.').waitFor();
  // The restore swapped: the imported workspace is now the backup.
  await page.getByText(/Kept on .*: 3 teams and 1 story\./).waitFor();
  await page.getByRole('link', { name: /^iOS/ }).click();
  await page.getByRole('listitem', { name: /^IOS-3 / }).waitFor();
  await expectRows(page, 3, (rows) => rows.length);
  const again = await exportFile(page, 'again.json');
  assert.equal(withoutTimestamp(again.text), withoutTimestamp(mine.text));
  assert.deepEqual(problems, []);
  await context.close();
});

test('bad files show what is wrong and where, and change nothing', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await buildWorkspace(page);
  const good = JSON.parse((await exportFile(page, 'good.json')).text);
  const variant = (name, change) => {
    const v = structuredClone(good);
    change(v);
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(v, null, 2));
    return path;
  };
  const notJson = join(dir, 'notes.json');
  writeFileSync(notJson, '{\n  "format": "tandem-workspace",\n  oops\n}');
  const wrongShape = join(dir, 'list.json');
  writeFileSync(wrongShape, '[1, 2, 3]');
  const huge = join(dir, 'huge.json');
  writeFileSync(huge, ' '.repeat(21 * 1024 * 1024));
  const cases = [
    [notJson, 'notes.json can’t be imported: the file is not valid JSON (line 3, column '],
    [wrongShape, 'list.json can’t be imported: the file holds JSON, but not a Tandem workspace'],
    [variant('shape.json', (v) => { v.stories[2].estimate = 'big'; }), 'shape.json can’t be imported: stories[2].estimate:'],
    [variant('newer.json', (v) => { v.schema_version = 9; }), 'newer.json can’t be imported: schema_version: the file was written by a newer Tandem (schema version 9)'],
    [variant('unknown.json', (v) => { v.schema_version = 0; }), 'unknown.json can’t be imported: schema_version: schema version 0 has never existed'],
    [variant('dupe.json', (v) => { v.stories[1].id = v.stories[0].id; }), 'dupe.json can’t be imported: stories[1].id: this id is already used at stories[0].id'],
    [variant('orphan.json', (v) => { v.stories[3].team = '00000000-0000-4000-8000-000000000000'; }), 'orphan.json can’t be imported: stories[3].team: no team with id 00000000-0000-4000-8000-000000000000 is in the file'],
    [huge, 'huge.json can’t be imported: the file is 21.0 MB; Tandem imports files of up to 20 MB'],
  ];
  await page.getByText('All changes saved').waitFor();
  const before = await stored(page);
  assert.ok(before?.startsWith('tandem-stamp:'));
  for (const [path, message] of cases) {
    await importFile(page, path);
    const alert = page.getByRole('alert').filter({ hasText: message });
    await alert.waitFor();
    assert.match(await alert.innerText(), /Your workspace has not changed\./);
    assert.equal(await page.getByRole('region', { name: 'Import preview' }).count(), 0);
    assert.equal(await stored(page), before, `${path} changed the stored workspace`);
  }
  await page.getByRole('link', { name: /^iOS/ }).click();
  await page.getByRole('listitem', { name: /^IOS-3 / }).waitFor();
  await expectRows(page, 3, (rows) => rows.length);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a workspace of 10,000 stories in one team imports, renders only what is visible, and filters', async () => {
  const big = generate(join(dir, 'big.json'), '--stories', '10000', '--one-team');
  assert.ok(readFileSync(big).length > 5_000_000);
  const { context, page, problems } = await openApp(app.browser, app.server);
  await page.getByRole('button', { name: 'Start empty' }).click();
  await page.getByRole('link', { name: 'Import & export' }).click();
  await importFile(page, big);
  await page.getByRole('region', { name: 'Import preview' }).getByText('iOS (IOS): 10000 stories').waitFor();
  await page.getByRole('button', { name: 'Replace workspace' }).click();
  await page.getByRole('link', { name: /^iOS/ }).click();
  await page.getByText('10000 stories').first().waitFor();
  await page.getByRole('listitem', { name: /^IOS-1 / }).waitFor();
  const shown = await rowNames(page);
  assert.ok(shown.length > 5 && shown.length < 80, `${shown.length} rows in the page`);
  assert.match(shown[0], /^IOS-1 /);

  // Scrolling to the end brings the last story into the page.
  await page.locator('.story-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.getByRole('listitem', { name: /^IOS-10000 / }).waitFor();

  const filter = page.getByRole('searchbox', { name: 'Filter stories' });
  await filter.fill('(#9999)');
  await page.getByText('Showing 1 of 10000 stories.').waitFor();
  await expectRows(page, 1, (rows) => rows.length);

  // Editing and reloading keeps all 10,000 (autosave fits in localStorage).
  await filter.fill('');
  await page.getByRole('button', { name: 'Move IOS-2 to top' }).click();
  await page.reload();
  await page.getByText('10000 stories').first().waitFor();
  await expectRows(page, true, (rows) => /^IOS-2 /.test(rows[0] ?? ''));
  assert.deepEqual(problems, []);
  await context.close();
});
