// End-to-end: an edit of one story re-renders that story's row and nothing
// else, in the backlog and in a sprint lane's two lists. A MutationObserver
// on the list records every change to the page below it, and each row
// element is marked before the edit, so a row re-created (not updated in
// place) shows up as a lost mark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServedApp, openApp, openPage, expectRows } from './harness.mjs';
import { startWithOurTeams, addStories } from './pages.mjs';

const app = useServedApp();

/**
 * Marks the rows of `list` (found by `rowSelector`, named by the text of
 * their `keySelector` element) and starts recording every mutation below it.
 */
function watchRows(list, rowSelector, keySelector) {
  return list.evaluate(
    (el, [rowSelector, keySelector]) => {
      const keyOf = (row) => row.querySelector(keySelector).textContent.trim();
      const rows = new Map();
      for (const row of el.querySelectorAll(rowSelector)) {
        row.__watchedAs = keyOf(row);
        rows.set(keyOf(row), row);
      }
      const mutations = [];
      const observer = new MutationObserver((records) => mutations.push(...records));
      observer.observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
      window.__watch = { el, rowSelector, keyOf, rows, mutations, observer };
      return [...rows.keys()];
    },
    [rowSelector, keySelector],
  );
}

/**
 * After the page settled (two frames): how many mutations there were, those
 * outside the row of `edited`, and the rows that are not the same elements
 * as when they were marked.
 */
function rowChanges(page, edited) {
  return page.evaluate(async (edited) => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const { el, rowSelector, keyOf, rows, mutations, observer } = window.__watch;
    mutations.push(...observer.takeRecords());
    observer.disconnect();
    const now = new Map([...el.querySelectorAll(rowSelector)].map((row) => [keyOf(row), row]));
    const row = now.get(edited);
    const describe = (node) =>
      node.nodeType === Node.ELEMENT_NODE
        ? node.outerHTML.slice(0, 100)
        : `${node.nodeName} in ${node.parentElement?.outerHTML.slice(0, 100)}`;
    return {
      count: mutations.length,
      outside: mutations.filter((m) => !row?.contains(m.target)).map((m) => `${m.type} on ${describe(m.target)}`),
      replaced: [...rows].filter(([key, el]) => now.get(key) !== el || el.__watchedAs !== key).map(([key]) => key),
    };
  }, edited);
}

function assertOnlyRow(changes, edited) {
  assert.ok(changes.count > 0, `the edit of ${edited} changed its row`);
  assert.deepEqual(changes.outside, [], `every change lies inside ${edited}'s row`);
  assert.deepEqual(changes.replaced, [], 'every row is the element it was before the edit');
}

test('changing one story in the backlog updates its row in place and no other', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  await addStories(page, ['A', 'B', 'C', 'D', 'E']);
  await expectRows(page, ['IOS-1 A', 'IOS-2 B', 'IOS-3 C', 'IOS-4 D', 'IOS-5 E']);

  const list = page.getByRole('list', { name: 'Stories' });
  const keys = await watchRows(list, '.story-row', '.story-key');
  assert.deepEqual(keys, ['IOS-1', 'IOS-2', 'IOS-3', 'IOS-4', 'IOS-5']);
  await page.getByRole('combobox', { name: 'Status of IOS-3' }).selectOption('in_progress');
  await list.locator('select.status-in_progress').waitFor();
  assertOnlyRow(await rowChanges(page, 'IOS-3'), 'IOS-3');

  assert.deepEqual(problems, []);
  await context.close();
});

test('a story edited in another tab updates its sprint lane row in place and no other', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  await addStories(page, ['A', 'B', 'C', 'D', 'E']);
  await page.getByRole('link', { name: 'Sprint planning' }).click();
  await page.getByLabel('Sprint length').selectOption({ label: '2 weeks' });
  await page.getByLabel('Sprint 1 starts on').fill('2026-11-30');
  await page.getByRole('button', { name: 'Save sprint rhythm' }).click();
  await page.getByRole('heading', { name: 'Sprint 1', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Add IOS-1 to sprint 1' }).click();
  await page.getByRole('button', { name: 'Add IOS-2 to sprint 1' }).click();
  const product = page.getByRole('list', { name: 'iOS product backlog' });
  const planned = page.getByRole('list', { name: 'iOS sprint 1 backlog' });
  await planned.getByRole('link', { name: 'IOS-2', exact: true }).waitFor();

  // The edits come from the backlog in another tab, as a teammate's would.
  const { page: other, problems: otherProblems } = await openPage(context, app.server, 'app.html#/backlog/ios');
  await expectRows(other, ['IOS-1 A', 'IOS-2 B', 'IOS-3 C', 'IOS-4 D', 'IOS-5 E']);

  // A product backlog row: a new title.
  assert.deepEqual(await watchRows(product, 'li.plan-row', '.key a'), ['IOS-3', 'IOS-4', 'IOS-5']);
  const title = other.getByRole('textbox', { name: 'Title of IOS-4' });
  await title.fill('D, renamed');
  await title.press('Tab');
  await product.getByText('D, renamed').waitFor();
  assertOnlyRow(await rowChanges(page, 'IOS-4'), 'IOS-4');

  // A sprint backlog row: a new status.
  assert.deepEqual(await watchRows(planned, 'li.plan-row', '.key a'), ['IOS-1', 'IOS-2']);
  await other.getByRole('combobox', { name: 'Status of IOS-2' }).selectOption('in_progress');
  await planned.locator('li.plan-row', { hasText: 'IOS-2' }).locator('.status', { hasText: 'In progress' }).waitFor();
  assertOnlyRow(await rowChanges(page, 'IOS-2'), 'IOS-2');

  assert.deepEqual(problems, []);
  assert.deepEqual(otherProblems, []);
  await context.close();
});
