// End-to-end: the same workspace open in two tabs of one browser, both
// editing at once. The tabs pass their changes as document updates over a
// BroadcastChannel (ui::shared), so they converge as devices sharing a
// workspace do. The tabs are the whole app's (app.html): a first page
// beside another tab opens the whole app in its place
// (first-page.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useServedApp, openApp, openPage, expectRows, rowNames } from './harness.mjs';
import { startWithOurTeams } from './pages.mjs';

const app = useServedApp();

/** The title field of a story's open panel. */
const titleOf = (page, key) => page.getByRole('complementary', { name: key }).getByRole('textbox', { name: 'Title' });

test('two tabs see each other’s edits, keep both, and the later edit of one story wins in both', async () => {
  const { context, page: one, problems } = await openApp(app.browser, app.server, 'app.html#/');
  await startWithOurTeams(one);
  const input = one.getByRole('textbox', { name: 'New story title' });
  for (const t of ['A', 'B', 'C']) {
    await input.fill(t);
    await input.press('Enter');
  }
  await expectRows(one, ['IOS-1 A', 'IOS-2 B', 'IOS-3 C']);

  const { page: two, problems: problemsTwo } = await openPage(context, app.server, 'app.html#/backlog/ios');
  await expectRows(two, ['IOS-1 A', 'IOS-2 B', 'IOS-3 C']);

  // An edit in one tab shows in the other, with no reload.
  await input.fill('D');
  await input.press('Enter');
  await expectRows(two, ['IOS-1 A', 'IOS-2 B', 'IOS-3 C', 'IOS-4 D']);

  // Both tabs add a story at the same moment: both survive, with distinct keys.
  const inputTwo = two.getByRole('textbox', { name: 'New story title' });
  await Promise.all([
    input.fill('From one').then(() => input.press('Enter')),
    inputTwo.fill('From two').then(() => inputTwo.press('Enter')),
  ]);
  const settled = async (page) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const rows = await rowNames(page);
      if (rows.length === 6 || Date.now() > deadline) return rows;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const rowsOne = await settled(one);
  assert.equal(rowsOne.length, 6, `both new stories in tab one: ${rowsOne}`);
  assert.ok(rowsOne.some((r) => r.endsWith(' From one')) && rowsOne.some((r) => r.endsWith(' From two')));
  assert.deepEqual(new Set(rowsOne.map((r) => r.split(' ')[0])).size, 6, 'keys are distinct');
  await expectRows(two, rowsOne);

  // Both tabs edit different stories at once: both edits survive in both tabs.
  await one.getByRole('link', { name: 'Open IOS-1' }).click();
  await two.getByRole('link', { name: 'Open IOS-2' }).click();
  await Promise.all([titleOf(one, 'IOS-1').fill('A, edited in one'), titleOf(two, 'IOS-2').fill('B, edited in two')]);
  const both = ['IOS-1 A, edited in one', 'IOS-2 B, edited in two'];
  await expectRows(one, both, (rows) => rows.slice(0, 2));
  await expectRows(two, both, (rows) => rows.slice(0, 2));

  // Both edit the same story; the later edit wins in both tabs.
  await one.getByRole('link', { name: 'Open IOS-3' }).click();
  await two.getByRole('link', { name: 'Open IOS-3' }).click();
  await titleOf(one, 'IOS-3').fill('C, earlier edit');
  await titleOf(two, 'IOS-3').fill('C, later edit');
  await expectRows(one, ['IOS-3 C, later edit'], (rows) => rows.slice(2, 3));
  await expectRows(two, ['IOS-3 C, later edit'], (rows) => rows.slice(2, 3));

  // A reload of either tab shows the same, merged workspace.
  await two.reload();
  await expectRows(two, await rowNames(one));
  assert.deepEqual([...problems, ...problemsTwo], []);
  await context.close();
});

// Saves hold the browser's cross-tab lock (navigator.locks) from the read of
// the stored workspace to the write; a plain-http page has no such lock and
// merges before writing instead. Both must keep every edit of two tabs
// saving at the same time, over and over.
const ROUNDS = 10;

/** The workspace as the page's Export JSON (on #/data) writes it. */
async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).first().click()]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

for (const locks of [true, false]) {
  const how = locks ? 'with navigator.locks' : 'without navigator.locks, as on a plain-http page';
  test(`two tabs editing different stories and saving at the same time, many times, keep every edit (${how})`, async () => {
    const context = await app.browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
    if (!locks) {
      // 127.0.0.1 is a secure context: take the lock away as plain http would.
      await context.addInitScript(() => {
        delete Navigator.prototype.locks;
      });
    }
    const { page: one, problems } = await openPage(context, app.server, 'app.html#/');
    assert.equal(await one.evaluate(() => typeof navigator.locks), locks ? 'object' : 'undefined');
    await startWithOurTeams(one);
    const input = one.getByRole('textbox', { name: 'New story title' });
    for (const t of ['First', 'Second']) {
      await input.fill(t);
      await input.press('Enter');
    }
    await one.getByText('All changes saved').waitFor();
    const { page: two, problems: problemsTwo } = await openPage(context, app.server, 'app.html#/backlog/ios');
    assert.equal(await two.evaluate(() => typeof navigator.locks), locks ? 'object' : 'undefined');
    await expectRows(two, ['IOS-1 First', 'IOS-2 Second']);

    // Each tab renames its own story and adds one, round after round, both
    // tabs at once; each round ends when that tab says its changes are saved.
    const work = async (page, who, key) => {
      await page.getByRole('link', { name: `Open ${key}` }).click();
      const add = page.getByRole('textbox', { name: 'New story title' });
      for (let i = 1; i <= ROUNDS; i++) {
        await titleOf(page, key).fill(`${who}, edit ${i}`);
        await add.fill(`Added in ${who} ${i}`);
        await add.press('Enter');
        await page.getByText('All changes saved').waitFor();
      }
    };
    await Promise.all([work(one, 'tab one', 'IOS-1'), work(two, 'tab two', 'IOS-2')]);

    const expected = ['First', 'Second'].concat(Array.from({ length: ROUNDS }, (_, i) => [`Added in tab one ${i + 1}`, `Added in tab two ${i + 1}`]).flat());
    expected[0] = `tab one, edit ${ROUNDS}`;
    expected[1] = `tab two, edit ${ROUNDS}`;
    expected.sort();
    // The backlog shows only the rows in view, so each tab's whole
    // workspace is read from its Export JSON; the tabs take in each other's
    // last writes a moment after the rounds end.
    const settledExport = async (page) => {
      await page.getByRole('link', { name: 'Import & export' }).click();
      const deadline = Date.now() + 5000;
      for (;;) {
        const file = await exported(page);
        const titles = file.stories.map((s) => s.title).sort();
        if (JSON.stringify(titles) === JSON.stringify(expected) || Date.now() > deadline) return { file, titles };
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    for (const page of [one, two]) {
      const { file, titles } = await settledExport(page);
      assert.deepEqual(titles, expected);
      const keys = file.stories.map((s) => `${s.team}-${s.number}`);
      assert.equal(new Set(keys).size, keys.length, `keys are distinct: ${keys}`);
    }

    // What is stored holds it all: a new tab reads every edit.
    const { page: three, problems: problemsThree } = await openPage(context, app.server, 'app.html#/data');
    assert.deepEqual((await settledExport(three)).titles, expected);
    assert.deepEqual([...problems, ...problemsTwo, ...problemsThree], []);
    await context.close();
  });
}

test('a tab opened before the first one has saved gets the workspace from it, and takes nothing away', async () => {
  const { context, page: one, problems } = await openApp(app.browser, app.server, 'app.html#/');
  await startWithOurTeams(one);
  const input = one.getByRole('textbox', { name: 'New story title' });
  await input.fill('Typed just now');
  await input.press('Enter');
  // At once: the save waits for a pause in typing, so nothing is stored yet.
  const { page: two, problems: problemsTwo } = await openPage(context, app.server, 'app.html#/backlog/ios');
  await expectRows(two, ['IOS-1 Typed just now']);
  await expectRows(one, ['IOS-1 Typed just now']);
  const inputTwo = two.getByRole('textbox', { name: 'New story title' });
  await inputTwo.fill('From the new tab');
  await inputTwo.press('Enter');
  await expectRows(one, ['IOS-1 Typed just now', 'IOS-2 From the new tab']);
  assert.deepEqual([...problems, ...problemsTwo], []);
  await context.close();
});
