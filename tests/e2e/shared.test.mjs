// End-to-end: one workspace shared live between two browsers (two browser
// contexts, each with its own storage) through the stock y-websocket
// server, started here on a free port. Share live and its link; opening
// the link asks first and keeps the replaced workspace as the backup;
// concurrent edits to one story, reorders and new stories on both sides;
// one browser offline while both edit, then back; the server killed and
// restarted; a reload, and a reload while the sync server can't be
// reached; who else is in, by name; stop sharing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServedAppAndSyncServer, watchProblems, expectRows } from './harness.mjs';
import { startWithOurTeams, addStories } from './pages.mjs';

const app = useServedAppAndSyncServer();

/** Problems other than the browser's own report of a refused websocket (expected while offline or while the server is down). */
const real = (problems) => problems.filter((p) => !/WebSocket connection to .* failed/.test(p));

async function laptop() {
  const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const problems = watchProblems(page, (url) => url.startsWith(app.server.origin) || url.startsWith(app.sync.url));
  await page.goto(app.server.url + '#/');
  return { context, page, problems };
}

/** Sets the sync server on the Import & export page and shares the
 * workspace; the share link. */
async function shareLive(page) {
  await page.goto(app.server.url + 'app.html#/data');
  await page.getByLabel('Sync server address').fill(app.sync.url);
  await page.getByRole('button', { name: 'Save server address' }).click();
  await page.getByRole('button', { name: 'Share live…' }).click();
  const link = await page.getByLabel('Share link').inputValue();
  await badge(page).getByText('Shared live').waitFor();
  return link;
}

/** Opens `link` in the page and confirms. */
async function openShared(page, link) {
  await page.goto(link);
  await page.getByRole('button', { name: 'Open the shared workspace' }).click();
  await page.getByText('Opened the shared workspace.').waitFor();
}

const badge = (page) => page.locator('.share-badge');

/** The open backlog's rows (`IOS-3 Title`), sorted. */
const keysAndTitles = async (page) =>
  (await page.getByRole('list', { name: 'Stories' }).getByRole('listitem').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).sort();

/** The open backlog's rows (`IOS-3 Title`), in their order. */
const rowOrder = (page) => page.getByRole('list', { name: 'Stories' }).getByRole('listitem').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));

/** Waits until the open backlog has a row titled `title` (titles are in text fields, not text). */
async function waitForRow(page, title) {
  await expectRows(page, true, (rows) => rows.some((r) => r.endsWith(` ${title}`)));
}

async function iosBacklog(page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^iOS/ }).click();
  await page.getByRole('heading', { name: 'iOS backlog' }).waitFor();
}

test('two browsers share one workspace live: edits, moves and new stories reach the other, offline work merges, a server restart loses nothing', async () => {
  const a = await laptop();
  await startWithOurTeams(a.page);
  await addStories(a.page, ['Login screen', 'Profile screen']);

  // Sharing needs the sync server; then Share live gives the link.
  await a.page.goto(app.server.url + 'app.html#/data');
  await a.page.getByRole('button', { name: 'Share live…' }).click();
  await a.page.getByRole('alert').getByText('Set the sync server address below first').waitFor();
  await a.page.getByLabel('Sync server address').fill(app.sync.url);
  await a.page.getByRole('button', { name: 'Save server address' }).click();
  await a.page.getByRole('button', { name: 'Share live…' }).click();
  const link = await a.page.getByLabel('Share link').inputValue();
  assert.ok(link.startsWith(app.server.url + 'app.html#/shared/'), link);
  assert.match(link, /#\/shared\/[0-9a-z]{16}\?server=/);
  await badge(a.page).getByText('Shared live').waitFor();

  // B has a workspace of its own; opening the link asks first.
  const b = await laptop();
  await startWithOurTeams(b.page);
  await addStories(b.page, ['Only on B']);
  await b.page.goto(link);
  await b.page.getByText('Opening it replaces the workspace in this browser').waitFor();
  await b.page.getByRole('button', { name: 'Open the shared workspace' }).click();
  await b.page.getByText('Opened the shared workspace.').waitFor();
  await iosBacklog(b.page);
  await expectRows(b.page, ['IOS-1 Login screen', 'IOS-2 Profile screen']);
  // Neither has given a name: the others are counted.
  await badge(a.page).getByText('Shared live · with 1 other device').waitFor();
  await badge(b.page).getByText('Shared live · with 1 other device').waitFor();
  // B's own workspace is the backup.
  await b.page.goto(app.server.url + 'app.html#/data');
  await b.page.getByRole('region', { name: 'Backup' }).getByText('1 story').waitFor();
  // Restoring it would replace the shared workspace for everyone: it says so.
  await b.page.getByRole('region', { name: 'Backup' }).getByText('restoring replaces it for everyone in it').waitFor();

  // Both edit the same story at once, different fields; B adds, A moves.
  await iosBacklog(a.page);
  await iosBacklog(b.page);
  const titleOnA = a.page.getByRole('textbox', { name: 'Title of IOS-1' });
  await titleOnA.fill('Login screen with SSO');
  await titleOnA.press('Enter');
  await b.page.getByRole('combobox', { name: 'Status of IOS-1' }).selectOption('in_progress');
  await addStories(b.page, ['Added on B']);
  await a.page.getByRole('button', { name: 'Move IOS-2 to top' }).click();
  const merged = ['IOS-2 Profile screen', 'IOS-1 Login screen with SSO', 'IOS-3 Added on B'];
  await expectRows(a.page, merged);
  await expectRows(b.page, merged);
  for (const page of [a.page, b.page]) {
    await page.getByRole('combobox', { name: 'Status of IOS-1' }).and(page.locator(':has(option[value="in_progress"]:checked)')).waitFor();
  }

  // Both reorder at once, each a different story to the top: both moves
  // hold, in one order on both, every story once.
  await Promise.all([
    a.page.getByRole('button', { name: 'Move IOS-3 to top' }).click(),
    b.page.getByRole('button', { name: 'Move IOS-1 to top' }).click(),
  ]);
  let order = [];
  for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
    order = await rowOrder(a.page);
    if (JSON.stringify(order) === JSON.stringify(await rowOrder(b.page)) && order.at(-1) === 'IOS-2 Profile screen') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(await rowOrder(b.page), order, 'one order on both');
  assert.deepEqual([...order].sort(), [...merged].sort(), 'every story once');
  assert.equal(order.at(-1), 'IOS-2 Profile screen', 'both moved above IOS-2');

  // B goes offline; both add a story meanwhile; back online, both have both.
  await b.context.setOffline(true);
  await badge(b.page).getByText('offline').waitFor();
  await addStories(b.page, ['Written on the train']);
  await addStories(a.page, ['Written at the office']);
  await b.context.setOffline(false);
  await badge(b.page).getByText('Shared live').waitFor();
  const deadline = Date.now() + 10_000;
  let onA = [];
  let onB = [];
  while (Date.now() < deadline) {
    onA = await keysAndTitles(a.page);
    onB = await keysAndTitles(b.page);
    if (onA.length === 5 && JSON.stringify(onA) === JSON.stringify(onB)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(onA, onB, 'both browsers hold the same backlog');
  assert.equal(onA.length, 5, onA.join(', '));
  assert.ok(onA.some((r) => r.endsWith('Written on the train')));
  assert.ok(onA.some((r) => r.endsWith('Written at the office')));
  // Both were IOS-4 when typed: one of them was renumbered, never two IOS-4.
  const keys = onA.map((r) => r.split(' ')[0]);
  assert.equal(new Set(keys).size, keys.length, `unique keys: ${keys.join(', ')}`);

  // The server restarts (with its persistence): nothing is lost, and
  // changes flow again once both are back.
  await app.sync.restart();
  await badge(a.page).getByText('Shared live').waitFor({ timeout: 15_000 });
  await badge(b.page).getByText('Shared live').waitFor({ timeout: 15_000 });
  await addStories(a.page, ['After the restart']);
  await waitForRow(b.page, 'After the restart');

  // A reload keeps the share and the workspace.
  await b.page.reload();
  await b.page.getByRole('heading', { name: 'iOS backlog' }).waitFor();
  await badge(b.page).getByText('Shared live').waitFor();
  assert.equal((await keysAndTitles(b.page)).length, 6);

  // Stop sharing on B: its copy stays, A's changes no longer arrive.
  await b.page.goto(app.server.url + 'app.html#/data');
  await b.page.getByRole('button', { name: 'Stop sharing' }).click();
  await b.page.getByText('Stopped sharing.').waitFor();
  assert.equal(await badge(b.page).innerText(), '');
  await addStories(a.page, ['Not for B any more']);
  await badge(a.page).getByText('Shared live').waitFor();
  await iosBacklog(b.page);
  assert.equal((await keysAndTitles(b.page)).length, 6);
  await waitForRow(a.page, 'Not for B any more');

  assert.deepEqual(real(a.problems), []);
  assert.deepEqual(real(b.problems), []);
  await a.context.close();
  await b.context.close();
});

/** Gives this browser's name for the others, on the page it is on. */
async function giveName(page, name) {
  const field = page.getByLabel('Your name, as the others see it');
  await field.fill(name);
  await field.press('Tab');
  await page.getByText(`The others see you as ${name}.`).waitFor();
}

test('the others in a shared workspace show by name; a reload while the sync server cannot be reached shows it whole, and what is written then arrives later', async () => {
  const a = await laptop();
  await startWithOurTeams(a.page);
  await addStories(a.page, ['Login screen']);
  await a.page.goto(app.server.url + 'app.html#/data');
  await giveName(a.page, 'Ana');
  const link = await shareLive(a.page);

  // B's connections to the sync server go through here: refused while
  // `away` (a train, a closed VPN), passed on otherwise. The page itself
  // still loads.
  const b = await laptop();
  let away = false;
  await b.context.routeWebSocket(/.*/, (ws) => {
    if (away) ws.close();
    else ws.connectToServer();
  });
  await b.page.goto(link);
  await giveName(b.page, 'Ben');
  await b.page.getByRole('button', { name: 'Open the shared workspace' }).click();
  await b.page.getByText('Opened the shared workspace.').waitFor();
  await badge(a.page).getByText('Shared live · with Ben').waitFor();
  await badge(b.page).getByText('Shared live · with Ana').waitFor();
  // A name changed while shared reaches the others at once.
  await b.page.goto(app.server.url + 'app.html#/data');
  await giveName(b.page, 'Benedikt');
  await badge(a.page).getByText('Shared live · with Benedikt').waitFor();

  // B can't reach the server and reloads: the workspace is all there.
  away = true;
  await b.page.reload();
  await iosBacklog(b.page);
  await expectRows(b.page, ['IOS-1 Login screen']);
  await badge(b.page).getByText(/reconnecting|offline/).waitFor();
  await badge(a.page).getByText(/^Shared live$/).waitFor();
  // Both write meanwhile; B reloads once more before it is back.
  await addStories(b.page, ['Written while away']);
  await iosBacklog(a.page);
  await addStories(a.page, ['Written meanwhile']);
  await b.page.reload();
  await iosBacklog(b.page);
  await expectRows(b.page, ['IOS-1 Login screen', 'IOS-2 Written while away']);

  // Back: both have both, with unique keys.
  away = false;
  await badge(b.page).getByText('Shared live · with Ana').waitFor({ timeout: 20_000 });
  for (const page of [a.page, b.page]) {
    await waitForRow(page, 'Written while away');
    await waitForRow(page, 'Written meanwhile');
  }
  const onA = await keysAndTitles(a.page);
  assert.deepEqual(onA, await keysAndTitles(b.page));
  assert.equal(onA.length, 3, onA.join(', '));
  const keys = onA.map((r) => r.split(' ')[0]);
  assert.equal(new Set(keys).size, keys.length, `unique keys: ${keys.join(', ')}`);

  assert.deepEqual(real(a.problems), []);
  assert.deepEqual(real(b.problems), []);
  await a.context.close();
  await b.context.close();
});

test('the other tabs of a browser follow when one tab shares the workspace, and when it stops sharing', async () => {
  const a = await laptop();
  await startWithOurTeams(a.page);
  await addStories(a.page, ['Login screen']);
  const tab = await a.context.newPage();
  const problems = watchProblems(tab, (url) => url.startsWith(app.server.origin) || url.startsWith(app.sync.url));
  await tab.goto(app.server.url + 'app.html#/backlog/ios');
  await expectRows(tab, ['IOS-1 Login screen']);
  // Not shared yet: the tabs pass changes to each other.
  await addStories(tab, ['From the second tab']);
  await waitForRow(a.page, 'From the second tab');

  await shareLive(a.page);
  await badge(tab).getByText('Shared live').waitFor();
  await addStories(tab, ['Shared from the second tab']);
  await iosBacklog(a.page);
  await waitForRow(a.page, 'Shared from the second tab');

  // Stop sharing in the first tab: the second stops too, and the tabs
  // still pass changes to each other.
  await a.page.goto(app.server.url + 'app.html#/data');
  await a.page.getByRole('button', { name: 'Stop sharing' }).click();
  await tab.waitForFunction(() => document.querySelector('.share-badge')?.textContent === '');
  await addStories(tab, ['After sharing stopped']);
  await iosBacklog(a.page);
  await waitForRow(a.page, 'After sharing stopped');
  assert.equal((await keysAndTitles(a.page)).length, 4);

  assert.deepEqual(real(a.problems), []);
  assert.deepEqual(real(problems), []);
  await a.context.close();
});

test('a share link that is not complete, or to an empty room, says so and changes nothing', async () => {
  const c = await laptop();
  await startWithOurTeams(c.page);
  await addStories(c.page, ['Mine']);
  await c.page.goto(app.server.url + 'app.html#/shared/abc');
  await c.page.getByRole('alert').getByText('This share link is not complete').waitFor();
  assert.equal(await badge(c.page).innerText(), '');
  // A valid link to a room nobody shared anything in: it says so, and
  // this browser's workspace stays until something arrives.
  await c.page.goto(app.server.url + 'app.html#/data');
  await c.page.getByLabel('Sync server address').fill(app.sync.url);
  await c.page.getByRole('button', { name: 'Save server address' }).click();
  const server = encodeURIComponent(app.sync.url);
  await c.page.goto(`${app.server.url}app.html#/shared/abcdefghjkmnpqrs?server=${server}`);
  await c.page.getByRole('button', { name: 'Open the shared workspace' }).click();
  await c.page.getByRole('status').getByText('The sync server has no workspace in this room').waitFor();
  await iosBacklog(c.page);
  await expectRows(c.page, ['IOS-1 Mine']);
  // Stop sharing gives up the wait.
  await c.page.goto(app.server.url + 'app.html#/data');
  await c.page.getByRole('button', { name: 'Stop sharing' }).click();
  await c.page.getByText('Stopped sharing.').waitFor();
  assert.equal(await badge(c.page).innerText(), '');
  assert.deepEqual(real(c.problems), []);
  await c.context.close();
});

test('two tabs of one browser with a shared workspace pass changes to each other once, letters never twice', async () => {
  const a = await laptop();
  await startWithOurTeams(a.page);
  await addStories(a.page, ['Checkout']);
  await shareLive(a.page);
  const second = await a.context.newPage();
  const problems = watchProblems(second, (url) => url.startsWith(app.server.origin) || url.startsWith(app.sync.url));
  await second.goto(app.server.url + 'app.html#/backlog/ios');
  await badge(second).getByText('Shared live').waitFor();
  await iosBacklog(a.page);
  // Typed in one tab, word by word; the other shows it once.
  const title = a.page.getByRole('textbox', { name: 'Title of IOS-1' });
  for (const text of ['Checkout with', 'Checkout with Apple Pay']) {
    await title.fill(text);
    await title.press('Enter');
  }
  await expectRows(second, ['IOS-1 Checkout with Apple Pay']);
  // And back the other way.
  const there = second.getByRole('textbox', { name: 'Title of IOS-1' });
  await there.fill('Checkout with Apple Pay and cards');
  await there.press('Enter');
  await expectRows(a.page, ['IOS-1 Checkout with Apple Pay and cards']);
  // Settled: a reload of either shows the same, once.
  await new Promise((r) => setTimeout(r, 1500));
  await a.page.reload();
  await iosBacklog(a.page);
  await expectRows(a.page, ['IOS-1 Checkout with Apple Pay and cards']);
  assert.deepEqual(real(a.problems), []);
  assert.deepEqual(real(problems), []);
  await a.context.close();
});

test('undo in a shared workspace takes back only this browser\'s own change', async () => {
  const a = await laptop();
  await startWithOurTeams(a.page);
  await addStories(a.page, ['Search']);
  const link = await shareLive(a.page);
  const b = await laptop();
  await openShared(b.page, link);
  await iosBacklog(a.page);
  await iosBacklog(b.page);
  // Nothing of A's to undo yet: sharing itself is not a change.
  assert.equal(await a.page.getByRole('button', { name: 'Undo last change' }).isDisabled(), true);
  const title = a.page.getByRole('textbox', { name: 'Title of IOS-1' });
  await title.fill('Search with filters');
  await title.press('Enter');
  await expectRows(b.page, ['IOS-1 Search with filters']);
  // B changes another field of the same story afterwards.
  const status = (page) => page.getByRole('combobox', { name: 'Status of IOS-1' });
  await status(b.page).selectOption('blocked');
  const blocked = (page) => status(page).and(page.locator(':has(option[value="blocked"]:checked)'));
  await blocked(a.page).waitFor();
  // A undoes: its title goes back on both; B's status stays.
  await a.page.getByRole('button', { name: 'Undo last change' }).click();
  await a.page.getByText('Undone (your own last change).').waitFor();
  for (const page of [a.page, b.page]) {
    await expectRows(page, ['IOS-1 Search']);
    await blocked(page).waitFor();
  }
  // Redo brings it back on both.
  await a.page.getByRole('button', { name: 'Redo' }).click();
  for (const page of [a.page, b.page]) await expectRows(page, ['IOS-1 Search with filters']);
  assert.deepEqual(real(a.problems), []);
  assert.deepEqual(real(b.problems), []);
  await a.context.close();
  await b.context.close();
});
