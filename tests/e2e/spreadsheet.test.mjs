// End-to-end: CSV export of a team backlog, a sprint and all stories, read
// back with a real CSV parser (csv-parse); and the print stylesheet of the
// backlog, the sprint plan and the review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ROOT, useServedApp, openApp, tempDir } from './harness.mjs';
import { startWithOurTeams } from './pages.mjs';

const app = useServedApp();
const dir = tempDir();

const COLUMNS = [
  'Key', 'Team', 'Title', 'Kind', 'Status', 'Estimate', 'Sprint', 'Epic',
  'Depends on', 'Description', 'Created', 'Started', 'Done',
];

/** Clicks `button`, saves the download, and parses it as CSV. */
async function downloadCsv(page, button, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = join(dir, name);
  await download.saveAs(path);
  const bytes = readFileSync(path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
  const records = parse(bytes, { bom: true, relax_column_count: false });
  assert.deepEqual(records[0], COLUMNS);
  return { suggested: download.suggestedFilename(), rows: records.slice(1), raw: bytes.toString('utf8') };
}

const today = (page) =>
  page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });

async function importFixture(page) {
  await page.getByRole('link', { name: 'Import a JSON file' }).click();
  await page.getByLabel('Import JSON').setInputFiles(join(ROOT, 'tests', 'fixtures', 'velocity-history.json'));
  await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Replace workspace' }).click();
}

/** Keys of the fixture's stories, as the app writes them. */
function fixtureKeys(filter) {
  const ws = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'velocity-history.json'), 'utf8'));
  const key = new Map(ws.teams.map((t) => [t.id, t.key]));
  return ws.stories.filter(filter).map((s) => `${key.get(s.team)}-${s.number}`);
}

const isVisible = (page, selector) =>
  page.locator(selector).first().evaluate((el) => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0);

test('a team backlog exports as CSV with commas, quotes, newlines and accents intact', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  const input = page.getByRole('textbox', { name: 'New story title' });
  for (const t of ['Café, “curly” and "straight" quotes', 'Plain story']) {
    await input.fill(t);
    await input.press('Enter');
  }
  await page.getByRole('textbox', { name: 'Estimate of IOS-1 in points' }).fill('5');
  await page.getByRole('textbox', { name: 'Estimate of IOS-1 in points' }).press('Enter');
  await page.getByRole('link', { name: 'Open IOS-1' }).click();
  await page.getByRole('complementary', { name: 'IOS-1' }).getByLabel('Description').fill('Line one, two\nLine "three" — ünïcode');
  // The description saves when the field is left.
  await page.getByRole('complementary', { name: 'IOS-1' }).getByLabel('Description').press('Tab');

  const csv = await downloadCsv(page, page.getByRole('button', { name: 'Export CSV' }), 'ios.csv');
  assert.equal(csv.suggested, `tandem-ios-backlog-${await today(page)}.csv`);
  assert.ok(csv.raw.includes('\r\n'), 'RFC 4180 line ends');
  assert.equal(csv.rows.length, 2);
  const [first, second] = csv.rows;
  assert.deepEqual(first.slice(0, 7), ['IOS-1', 'iOS', 'Café, “curly” and "straight" quotes', 'User story', 'To do', '5', '']);
  assert.equal(first[9], 'Line one, two\nLine "three" — ünïcode');
  assert.match(first[10], /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  assert.deepEqual(second.slice(0, 3), ['IOS-2', 'iOS', 'Plain story']);
  await page.getByText(`Exported tandem-ios-backlog-${await today(page)}.csv.`).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a sprint and all stories export as CSV', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await importFixture(page);
  await page.goto(app.server.url + 'app.html#/sprint/4');
  await page.getByRole('heading', { name: 'Sprint 4', exact: true }).waitFor();
  const sprint = await downloadCsv(page, page.getByRole('button', { name: 'Export CSV' }), 'sprint.csv');
  assert.equal(sprint.suggested, `tandem-sprint-4-${await today(page)}.csv`);
  assert.deepEqual(
    sprint.rows.map((r) => r[0]).sort(),
    fixtureKeys((s) => s.sprint === 4).sort(),
  );
  assert.ok(sprint.rows.every((r) => r[6] === '4'));

  await page.getByRole('link', { name: 'Import & export' }).click();
  const all = await downloadCsv(page, page.getByRole('button', { name: 'Export CSV of all stories' }), 'all.csv');
  assert.deepEqual(all.rows.map((r) => r[0]).sort(), fixtureKeys(() => true).sort());
  assert.deepEqual(problems, []);
  await context.close();
});

test('the backlog prints every story without navigation or controls', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  // More stories than the screen list holds at once.
  const count = 40;
  await page.evaluate(async (n) => {
    const input = document.querySelector('input[aria-label="New story title"]');
    for (let i = 1; i <= n; i++) {
      input.value = `Story number ${i}`;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.form.requestSubmit();
      await new Promise((r) => setTimeout(r, 0));
    }
  }, count);
  await page.getByText(`${count} stories`, { exact: false }).first().waitFor();
  const onScreen = await page.getByRole('list', { name: 'Stories' }).getByRole('listitem').count();
  assert.ok(onScreen < count, `the screen list holds only the rows in view (${onScreen})`);
  assert.equal(await page.locator('table.backlog-print').count(), 0, 'no print table outside printing');

  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  const table = page.locator('table.backlog-print');
  await table.waitFor();
  const titles = await table.locator('tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(titles, Array.from({ length: count }, (_, i) => `Story number ${i + 1}`));
  for (const hidden of ['.topbar', '.add-story', '.filter', '.story-scroll', 'button']) {
    assert.equal(await isVisible(page, hidden), false, `${hidden} is hidden on paper`);
  }
  assert.equal(await isVisible(page, 'h1'), true);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');

  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });
  await table.waitFor({ state: 'detached' });
  assert.equal(await isVisible(page, '.topbar'), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the sprint plan and the review print cleanly', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await importFixture(page);
  await page.goto(app.server.url + 'app.html#/sprint/4');
  await page.getByRole('heading', { name: 'Sprint 4', exact: true }).waitFor();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await isVisible(page, '.topbar'), false);
  assert.equal(await isVisible(page, '.sprint-nav'), false);
  // Sprint 4 is closed: its lanes are its record, with no product backlog.
  assert.equal(await page.locator('.lane-list:not(.sprint-list)').count(), 0);
  assert.equal(await isVisible(page, '.sprint-list'), true);
  const printed = await page.locator('.sprint-list .plan-row .key').allTextContents();
  assert.deepEqual(printed.map((k) => k.trim()).sort(), fixtureKeys((s) => s.sprint === 4).sort());
  // The sprint being planned prints its sprint backlogs only.
  await page.emulateMedia({ media: 'screen' });
  await page.goto(app.server.url + 'app.html#/sprint/5');
  await page.getByRole('heading', { name: 'Sprint 5', exact: true }).waitFor();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await isVisible(page, '.lane-list:not(.sprint-list)'), false, 'product backlogs stay on screen');
  assert.equal(await isVisible(page, '.sprint-list'), true);
  await page.goto(app.server.url + 'app.html#/sprint/4');
  await page.getByRole('heading', { name: 'Sprint 4', exact: true }).waitFor();

  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('link', { name: 'Review', exact: true }).click();
  await page.getByRole('heading', { name: 'Sprint 4 review' }).waitFor();
  assert.equal(await isVisible(page, 'pre.review-print'), false, 'the paper copy is not on screen');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await isVisible(page, 'pre.review-print'), true);
  assert.equal(await isVisible(page, 'textarea.markdown'), false);
  const text = await page.locator('pre.review-print').textContent();
  assert.equal(text, await page.locator('textarea.markdown').inputValue());
  assert.match(text, /^# Sprint 4 review/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a Jira CSV imports with the right counts after a preview, and a second import adds nothing', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  await page.getByRole('link', { name: 'Import & export' }).click();
  const fixture = join(ROOT, 'tests', 'fixtures', 'jira-export.csv');
  await page.getByLabel('Import Jira CSV').setInputFiles(fixture);

  const preview = page.getByRole('region', { name: 'Jira import preview' });
  await preview.getByText('jira-export.csv holds 5 stories and 1 epic.').waitFor();
  // Projects map to teams; API has no team of that key, so it goes to the first.
  await preview.getByLabel('Stories of Jira project API go to').selectOption({ label: 'Backend' });
  await preview.getByLabel('Stories of Jira project MOB go to').selectOption({ label: 'iOS' });
  const does = preview.getByRole('list', { name: 'What the import does' });
  await does.getByText('2 stories new in Backend').waitFor();
  assert.deepEqual(await does.getByRole('listitem').allTextContents(), [
    '3 stories new in iOS',
    '2 stories new in Backend',
    '0 stories updated',
    '0 stories already up to date',
    '1 new epic',
  ]);
  const loose = await preview.getByRole('list', { name: 'Read loosely' }).getByRole('listitem').allTextContents();
  assert.ok(loose.some((l) => l.includes('“Waiting for customer”')), loose.join('\n'));
  assert.deepEqual(await preview.getByRole('list', { name: 'Rows that can’t be imported' }).getByRole('listitem').allTextContents(), [
    'Line 9 (API-9): its story points “lots”: an estimate is a number of points from 0 to 1000',
    'Line 10 (API-10): its summary: a story needs a title',
  ]);

  // Nothing changes until the broken rows are agreed to be skipped.
  const importButton = preview.getByRole('button', { name: 'Import from Jira' });
  assert.equal(await importButton.isDisabled(), true);
  const topCounts = () => page.evaluate(() => [...document.querySelectorAll('.topbar .count')].map((c) => c.textContent));
  assert.deepEqual(await topCounts(), ['0', '0', '0']);
  await preview.getByLabel('Skip these 2 rows and import the rest').check();
  await importButton.click();
  await page.getByRole('status').getByText('Imported jira-export.csv: 5 stories new, 0 updated, 1 new epic, 2 rows skipped.').waitFor();

  await page.getByRole('link', { name: /^iOS/ }).click();
  await page.getByRole('link', { name: 'Open IOS-1' }).waitFor();
  const titles = await page.getByRole('list', { name: 'Stories' }).getByRole('listitem').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  assert.deepEqual(titles, ['IOS-1 Profile screen: "Delete" button', 'IOS-2 Café crash on launch', 'IOS-3 Research offline sync']);
  await page.getByRole('link', { name: 'Open IOS-1' }).click();
  const panel = page.getByRole('complementary', { name: 'IOS-1' });
  assert.equal(await panel.getByLabel('Description').inputValue(), 'Shows a confirmation.\nSecond line, with a comma.');

  // The same file again: nothing new.
  await page.getByRole('link', { name: 'Import & export' }).click();
  await page.getByLabel('Import Jira CSV').setInputFiles(fixture);
  await preview.getByRole('list', { name: 'What the import does' }).getByText('5 stories already up to date').waitFor();
  assert.equal(await preview.getByRole('list', { name: 'What the import does' }).getByText('No new stories').count(), 1);
  await preview.getByLabel('Skip these 2 rows and import the rest').check();
  await preview.getByRole('button', { name: 'Import from Jira' }).click();
  await page.getByRole('status').getByText('Imported jira-export.csv: 0 stories new, 0 updated, 2 rows skipped.').waitFor();
  assert.deepEqual(await topCounts(), ['3', '0', '2']);
  assert.deepEqual(problems, []);
  await context.close();
});
