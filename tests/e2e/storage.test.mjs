// End-to-end: a full localStorage never loses an edit, and the app warns
// before it is full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useServedApp, openApp, openPage, expectRows } from './harness.mjs';
import { startWithOurTeams } from './pages.mjs';

const app = useServedApp();

/** Fills the origin's storage with another key until one more character fails. */
async function fillStorage(page) {
  await page.evaluate(() => {
    let size = 1 << 22;
    let filler = '';
    while (size >= 1) {
      try {
        localStorage.setItem('other-app-data', filler + 'x'.repeat(size));
        filler += 'x'.repeat(size);
      } catch {
        size = Math.floor(size / 2);
      }
    }
  });
}

test('a full storage keeps editing in the tab, offers Export JSON, and saves again once there is room', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  const input = page.getByRole('textbox', { name: 'New story title' });
  await input.fill('Saved before the storage filled up');
  await input.press('Enter');
  await page.getByText('All changes saved').waitFor();

  await fillStorage(page);
  await input.fill('Typed while the storage is full');
  await input.press('Enter');
  const alert = page.getByRole('alert').filter({ hasText: "The browser's storage is full" });
  await alert.waitFor();
  await page.getByText('Not saved').waitFor();
  // Editing goes on in the tab.
  await expectRows(page, ['IOS-1 Saved before the storage filled up', 'IOS-2 Typed while the storage is full']);
  // The alert offers the way out: a download of everything, edits included.
  const [download] = await Promise.all([page.waitForEvent('download'), alert.getByRole('button', { name: 'Export JSON' }).click()]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  assert.match(readFileSync(path, 'utf8'), /Typed while the storage is full/);

  // Room again: the next change is saved and the alert goes.
  await page.evaluate(() => localStorage.removeItem('other-app-data'));
  await input.fill('After making room');
  await input.press('Enter');
  await page.getByText('All changes saved').waitFor();
  assert.equal(await alert.count(), 0);
  await page.reload();
  await expectRows(page, [
    'IOS-1 Saved before the storage filled up',
    'IOS-2 Typed while the storage is full',
    'IOS-3 After making room',
  ]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the storage use is shown, with a warning from 80%', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  await page.getByRole('link', { name: 'Import & export' }).click();
  await page.getByText(/This site's storage in this browser holds 0\.\d MB, about 0% of the 10\.0 MB browsers allow\./).waitFor();
  await page.evaluate(() => localStorage.setItem('other-app-data', 'x'.repeat(4_200_000)));
  await page.getByRole('link', { name: /^iOS/ }).click();
  const input = page.getByRole('textbox', { name: 'New story title' });
  await input.fill('Nearly full');
  await input.press('Enter');
  await page.getByRole('alert').filter({ hasText: "The browser's storage is 84% full." }).waitFor();
  await page.evaluate(() => localStorage.removeItem('other-app-data'));
  await input.fill('Room again');
  await input.press('Enter');
  await page.getByRole('alert').filter({ hasText: '% full' }).waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('unreadable stored data is kept untouched, offered as a download, and discarded only on request', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  const stored = '{"format":"tandem-workspace","schema_version":99,"teams":[]}';
  await page.evaluate((text) => localStorage.setItem('tandem.workspace', text), stored);
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: "The workspace stored in this browser can't be read" });
  await alert.getByText('written by a newer Tandem (schema version 99)').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    alert.getByRole('button', { name: 'Download the unreadable data' }).click(),
  ]);
  const { readFileSync } = await import('node:fs');
  assert.equal(readFileSync(await download.path(), 'utf8'), stored);
  assert.match(download.suggestedFilename(), /^tandem-unreadable-\d{4}-\d\d-\d\d\.json$/);

  // Starting again does not touch the kept copy, and the reminder stays.
  await startWithOurTeams(page);
  await page.getByText('All changes saved').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('tandem.workspace.unreadable')), stored);
  await page.reload();
  const reminder = page.getByRole('alert').filter({ hasText: 'could not read earlier is still kept aside' });
  await reminder.getByRole('button', { name: 'Discard it' }).click();
  await reminder.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => localStorage.getItem('tandem.workspace.unreadable')), null);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a daily snapshot can be restored from Import & export', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  const input = page.getByRole('textbox', { name: 'New story title' });
  await input.fill('In the snapshot');
  await input.press('Enter');
  await page.getByText('All changes saved').waitFor();
  // As if this had been stored at the end of an earlier day.
  await page.evaluate(() => localStorage.setItem('tandem.snapshot.2026-01-05', localStorage.getItem('tandem.workspace')));
  await input.fill('Added later');
  await input.press('Enter');
  await page.getByText('All changes saved').waitFor();

  await page.getByRole('link', { name: 'Import & export' }).click();
  // Today's first save took a real snapshot too; what it holds depends on
  // how the saves were batched, so only the earlier day's is checked.
  await page
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: 'Restore the snapshot of 2026-01-05' }) })
    .filter({ hasText: ': 3 teams and 1 story' })
    .waitFor();
  assert.equal(await page.getByRole('button', { name: /^Restore the snapshot of / }).count(), 2);
  await page.getByRole('button', { name: 'Restore the snapshot of 2026-01-05' }).click();
  await page.getByRole('status').getByText('Restored the snapshot of 2026-01-05: 3 teams and 1 story.').waitFor();
  await page.getByText(/Kept on .*: 3 teams and 2 stories\./).waitFor();
  await page.getByRole('link', { name: /^iOS/ }).click();
  await expectRows(page, ['IOS-1 In the snapshot']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('with storage unavailable the app starts, says so, and works in memory', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  // As in a browser with site data blocked: touching localStorage throws.
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The user denied access to storage.', 'SecurityError');
      },
    });
  });
  const { page, problems } = await openPage(context, app.server);
  const alert = page.getByRole('alert');
  await alert.getByText(/does not let Tandem store data/).waitFor();
  await startWithOurTeams(page);
  const input = page.getByRole('textbox', { name: 'New story title' });
  await input.fill('Kept in memory');
  await input.press('Enter');
  await expectRows(page, ['IOS-1 Kept in memory']);
  // Saving fails quietly into the same message; nothing panics.
  await page.waitForTimeout(500);
  assert.match(await alert.innerText(), /does not let Tandem store data/);
  // The alert's Export JSON saves the in-memory work to a file.
  const [download] = await Promise.all([page.waitForEvent('download'), alert.getByRole('button', { name: 'Export JSON' }).click()]);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(file.stories.map((s) => s.title), ['Kept in memory']);
  assert.deepEqual(problems, []);
  await context.close();
});
