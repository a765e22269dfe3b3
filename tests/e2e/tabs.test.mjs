// End-to-end: the same workspace open in two tabs of one browser, both
// editing at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServedApp, openApp, openPage, expectRows, rowNames } from './harness.mjs';

const app = useServedApp();

/** The title field of a story's open panel. */
const titleOf = (page, key) => page.getByRole('complementary', { name: key }).getByRole('textbox', { name: 'Title' });

test('two tabs see each other’s edits, keep both, and the later edit of one story wins with a notice', async () => {
  const { context, page: one, problems } = await openApp(app.browser, app.server);
  await one.getByRole('button', { name: 'Start with iOS, Android and Backend' }).click();
  const input = one.getByRole('textbox', { name: 'New story title' });
  for (const t of ['A', 'B', 'C']) {
    await input.fill(t);
    await input.press('Enter');
  }
  await expectRows(one, ['IOS-1 A', 'IOS-2 B', 'IOS-3 C']);

  const { page: two, problems: problemsTwo } = await openPage(context, app.server, '#/backlog/ios');
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

  // Both edit the same story; the later edit wins in both tabs and the tab
  // whose edit was replaced says so, naming the story.
  await one.getByRole('link', { name: 'Open IOS-3' }).click();
  await two.getByRole('link', { name: 'Open IOS-3' }).click();
  await titleOf(one, 'IOS-3').fill('C, earlier edit');
  await titleOf(two, 'IOS-3').fill('C, later edit');
  await expectRows(one, ['IOS-3 C, later edit'], (rows) => rows.slice(2, 3));
  await expectRows(two, ['IOS-3 C, later edit'], (rows) => rows.slice(2, 3));
  const notice = one.getByRole('status').filter({ hasText: 'Another tab' });
  await notice.waitFor();
  assert.match(await notice.innerText(), /IOS-3 “C, later edit”.*yours was replaced/);

  // A reload of either tab shows the same, merged workspace.
  await two.reload();
  await expectRows(two, await rowNames(one));
  assert.deepEqual([...problems, ...problemsTwo], []);
  await context.close();
});
